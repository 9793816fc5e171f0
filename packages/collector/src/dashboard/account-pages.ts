import type { Content } from '@goyo/schema'
import { html } from 'hono/html'
import type { Store } from '../store/store'
import { arrOf } from '../trust/sql-numbers'
import { barChart, lineChart, type Html } from './charts'
import { dataTable, type Column } from './data-table'
import { explainPanel, type ExplainPanelOptions } from './explain-panel'
import { healthDetail } from './i18n/health-text'
import { timelineText } from './i18n/timeline'
import { BAND_COLORS, card, kpis, notice, pageHeader, tierBadge } from './layout'
import { segmentChart } from './overview-page'
import { accountLink, cellList } from './page-context'
import type { View } from './view'

/** The accounts list with its search, filters and sortable columns, and one account's health, drivers and timeline. */

type Query = Record<string, string>

const PAGE_SIZE = 50
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
// Traits are the customer's JSON: ARR sorts as a number only when it looks like one.
const ARR = arrOf()

/** Every column of the list sorts it: its SQL, and the direction a first click sorts in (worst or largest first). */
export const ACCOUNT_SORTS = {
  account: { sql: "coalesce(a.traits->>'name', a.account_id)", first: 'ascending' },
  tier: { sql: 's.tier', first: 'ascending' },
  health: { sql: 's.health_score', first: 'ascending' },
  band: { sql: 's.health_band', first: 'ascending' },
  arr: { sql: 'arr', first: 'descending' },
  plan: { sql: "a.traits->>'plan'", first: 'ascending' },
  activeUsers: { sql: 's.active_users', first: 'descending' },
  lastSeen: { sql: 'a.last_seen', first: 'descending' },
} as const
export type AccountSort = keyof typeof ACCOUNT_SORTS
export const DEFAULT_ACCOUNT_SORT = '-arr'

interface Driver { id: string; score: number; loss: number; detail: string }
interface Measure { id: string; weight: number; score: number | null; value: number | null; detail: string }

/** `sort` as a column and a direction: `arr` ascending, `-arr` descending. */
function parseSort(sort: string | undefined): { key: AccountSort; descending: boolean } {
  const value = sort ?? DEFAULT_ACCOUNT_SORT
  const key = value.replace(/^-/, '')
  return Object.hasOwn(ACCOUNT_SORTS, key) ? { key: key as AccountSort, descending: value.startsWith('-') } : { key: 'arr', descending: true }
}

export async function accountsPage(store: Store, view: View, query: Query, tiers: string[]): Promise<Html> {
  const { t, f } = view
  const params: unknown[] = []
  const where: string[] = []
  const { tier, band, q } = query
  const sort = parseSort(query.sort)
  const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(query.page ?? '1', 10) || 1))
  if (tier) where.push(`s.tier = $${params.push(tier)}`)
  if (band) where.push(`s.health_band = $${params.push(band)}`)
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    where.push(`(a.account_id ILIKE $${params.push(pattern)} OR a.traits->>'name' ILIKE $${params.length})`)
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const filterParams = [...params]
  const rows = await store.sql.query<Record<string, unknown>>(
    `SELECT a.account_id, a.traits->>'name' AS name, a.traits->>'plan' AS plan, ${ARR} AS arr, a.last_seen, s.tier, s.health_score, s.health_band, s.health,
       coalesce(s.active_users, 0) AS active_users
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id ${filter}
     ORDER BY ${ACCOUNT_SORTS[sort.key].sql} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, a.account_id
     LIMIT $${params.push(PAGE_SIZE + 1)} OFFSET $${params.push((pageNumber - 1) * PAGE_SIZE)}`,
    params,
  )
  const [{ total } = { total: 0 }] = await store.sql.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id ${filter}`, filterParams,
  )
  const mix = await store.sql.query<{ tier: string | null; band: string | null; accounts: number }>(
    `SELECT s.tier, s.health_band AS band, count(*)::int AS accounts FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id ${filter} GROUP BY 1, 2`, filterParams,
  )
  const link = (changes: Query) => {
    const next = new URLSearchParams({ ...(tier ? { tier } : {}), ...(band ? { band } : {}), ...(q ? { q } : {}), sort: `${sort.descending ? '-' : ''}${sort.key}`, ...changes })
    return `/dashboard/accounts?${next.toString()}`
  }
  const list = rows.slice(0, PAGE_SIZE).map((row) => {
    const health = row.health ? json<{ drivers?: Driver[] }>(row.health as string) : null
    return {
      account: String(row.name ?? row.account_id), id: String(row.account_id), tier: (row.tier as string | null) ?? null,
      health: row.health_score === null || row.health_score === undefined ? null : Number(row.health_score), band: (row.health_band as string | null) ?? null,
      drivers: (health?.drivers ?? []).slice(0, 3).map((d) => healthDetail(view.locale, d.detail)),
      arr: row.arr === null || row.arr === undefined ? null : Number(row.arr), plan: (row.plan as string | null) ?? null,
      activeUsers: Number(row.active_users), lastSeen: new Date(row.last_seen as string).toISOString().slice(0, 10),
    }
  })
  const sortable = (key: AccountSort, extra: Partial<Column> = {}): Column => {
    const state = sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'
    const nextDescending = state === 'none' ? ACCOUNT_SORTS[key].first === 'descending' : state === 'ascending'
    return { key, ...extra, sort: { href: link({ sort: `${nextDescending ? '-' : ''}${key}`, page: '1' }), state } }
  }
  const bands = ['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient'] as const
  return html`${pageHeader(view, {
    title: t.accounts.title, intro: t.accounts.intro(f.number(Number(total))), define: ['health', 'drivers'],
    form: html`<form class="filters" method="get" action="/dashboard/accounts" aria-label="${t.filters.label}">
    <label>${t.accounts.search}<input type="search" name="q" value="${q ?? ''}" placeholder="${t.accounts.searchPlaceholder}"></label>
    <label>${t.filters.tier}<select name="tier"><option value="">${t.filters.allTiers}</option>${tiers.map((value) => html`<option value="${value}" ${tier === value ? 'selected' : ''}>${value}</option>`)}</select></label>
    <label>${t.accounts.band}<select name="band"><option value="">${t.accounts.allBands}</option>${bands.map((value) => html`<option value="${value}" ${band === value ? 'selected' : ''}>${t.bands[value]}</option>`)}</select></label>
    <input type="hidden" name="sort" value="${sort.descending ? '-' : ''}${sort.key}">
    <button class="primary" type="submit">${t.filters.apply}</button>
  </form>`,
  })}
  <section class="card">${dataTable(view, {
    caption: t.accounts.title,
    rows: list,
    columns: [
      sortable('account', { render: (row) => accountLink(String(row.id), String(row.account)) }), sortable('tier'), sortable('health'), sortable('band'),
      { key: 'drivers', wrap: true, render: (row) => cellList(row.drivers as string[]) }, sortable('arr'), sortable('plan'), sortable('activeUsers'), sortable('lastSeen'),
    ],
  })}
  <nav class="pager" aria-label="${t.common.pages}">${pageNumber > 1 ? html`<a href="${link({ page: String(pageNumber - 1) })}">${t.common.previous}</a>` : ''}<span class="sub" style="margin:0">${t.common.page(f.number(pageNumber))}</span>${rows.length > PAGE_SIZE ? html`<a href="${link({ page: String(pageNumber + 1) })}">${t.common.next}</a>` : ''}</nav>
  </section>
  ${card(t.accounts.healthByTier, segmentChart(view, t.accounts.healthChart, mix, 700))}`
}

/** One account, or null when there is none with this id; with `explain`, the "What does this account see?" panel too. */
export async function accountPage(store: Store, view: View, content: Content, id: string, explain?: ExplainPanelOptions): Promise<Html | null> {
  const { t, f } = view
  const [row] = await store.sql.query<Record<string, unknown>>(
    `SELECT a.account_id, a.traits, a.first_seen, a.last_seen, s.tier, s.tier_reason, s.health_score, s.health_band, s.health, s.tags, s.active_users
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id WHERE a.account_id = $1`,
    [id],
  )
  if (!row) return null
  const timeline = await store.sql.query<{ at: string; kind: string; title: string; user_key: string | null; data: unknown }>(
    'SELECT at, kind, title, user_key, data FROM timeline WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT 100',
    [id],
  )
  const history = await store.sql.query<{ day: string; score: number | null }>('SELECT day::text AS day, score FROM health_snapshots WHERE account_id = $1 ORDER BY day', [id])
  const traits = json<Record<string, unknown>>(row.traits as string)
  const health = row.health ? json<{ measures: Measure[]; drivers: Driver[] }>(row.health as string) : { measures: [], drivers: [] }
  const score = row.health_score === null || row.health_score === undefined ? null : Number(row.health_score)
  const band = (row.health_band as string | null) ?? null
  const tier = (row.tier as string | null) ?? null
  const tags = row.tags ? json<string[]>(row.tags as string) : []
  const name = typeof traits.name === 'string' ? traits.name : id
  const measureName = (measure: string) => (Object.hasOwn(t.measures, measure) ? t.measures[measure as keyof typeof t.measures] : measure)
  const bandName = band && Object.hasOwn(t.bands, band) ? t.bands[band as keyof typeof t.bands] : band
  return html`<p class="sub" style="margin:0 0 6px"><a href="/dashboard/accounts">${t.account.back}</a></p>
  ${pageHeader(view, { title: name, intro: t.account.intro, define: ['health', 'drivers'] })}
  <p class="sub">${id} · ${tierBadge(view, tier)} ${(row.tier_reason as string | null) ?? ''} ${tags.map((tag) => html`<span class="badge" style="background:#334155">${tag}</span> `)}</p>
  ${kpis(view, [
    { label: t.account.health, value: f.number(score), hint: bandName ?? t.account.notEvaluated, color: BAND_COLORS[band ?? ''], define: 'health' },
    { label: t.account.arr, value: typeof traits.arr === 'number' ? f.money(traits.arr) : '–', hint: typeof traits.plan === 'string' ? traits.plan : undefined },
    { label: t.account.activeUsers, value: f.number(Number(row.active_users ?? 0)), hint: typeof traits.seats === 'number' ? t.account.seats(f.number(traits.seats)) : undefined },
    { label: t.account.firstSeen, value: f.date(new Date(row.first_seen as string)), hint: t.account.lastSeen(f.date(new Date(row.last_seen as string))) },
  ])}
  <div class="grid">
    ${card(t.account.drivers, health.drivers.length === 0
      ? notice(score === null ? t.account.notScored : t.account.noDrivers)
      : html`<ol class="drivers">${health.drivers.map((d) => html`<li><b>${measureName(d.id)}</b>: ${healthDetail(view.locale, d.detail)} <span class="sub">(${t.account.costs(f.number(d.loss, 1))})</span></li>`)}</ol>`)}
    ${card(t.account.measures, barChart({
      width: 440, title: t.account.measuresChart(name), empty: t.account.notScored,
      bars: health.measures.map((m) => ({ label: `${measureName(m.id)} (×${f.number(m.weight, 2)})`, value: m.score, color: m.score === null ? '#64748b' : m.score < 40 ? BAND_COLORS.red : m.score < 70 ? BAND_COLORS.yellow : BAND_COLORS.green })),
      max: 100, format: (v) => f.number(v),
    }), dataTable(view, { caption: t.account.measures, rows: health.measures.map((m) => ({ measure: measureName(m.id), weight: m.weight, score: m.score, detail: healthDetail(view.locale, m.detail) })), open: false }))}
  </div>
  ${history.length > 1 ? card(t.account.overTime, lineChart({ title: t.account.overTimeChart(name), empty: t.common.noData, series: [{ label: t.account.health, color: '#0f766e', points: history.map((h) => ({ x: f.day(String(h.day).slice(0, 10)), y: h.score === null ? null : Number(h.score) })) }], min: 0, max: 100, format: (v) => f.number(v) })) : ''}
  <div class="grid">
    ${card(t.account.timeline, timeline.length === 0 ? notice(t.account.noTimeline) : html`<ol class="timeline">${timeline.map((entry) => html`<li><time datetime="${new Date(entry.at).toISOString()}">${f.dateTime(new Date(entry.at))}</time><span>${timelineText(view, content, { kind: entry.kind, title: entry.title, data: typeof entry.data === 'string' ? JSON.parse(entry.data) : entry.data })}${entry.user_key ? html` <span class="sub">· ${entry.user_key}</span>` : ''}</span></li>`)}</ol>`)}
    ${card(t.account.traits, dataTable(view, { caption: t.account.traits, rows: Object.entries(traits).map(([trait, value]) => ({ trait, value: typeof value === 'object' ? JSON.stringify(value) : String(value) })) }))}
  </div>
  ${explain ? await explainPanel(store, view, id, explain) : ''}`
}
