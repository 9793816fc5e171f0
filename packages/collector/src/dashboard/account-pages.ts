import { html } from 'hono/html'
import type { Store } from '../store/store'
import { arrOf } from '../trust/sql-numbers'
import { barChart, lineChart, stackedBars, type Html } from './charts'
import { explainPanel, type ExplainPanelOptions } from './explain-panel'
import { badge, BAND_COLORS, card, dataTable, kpis, notice, num, TIER_COLORS } from './layout'

/** The accounts list with its filters, and one account's health, drivers and timeline. */

type Query = Record<string, string>

const PAGE_SIZE = 50
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
// Traits are the customer's JSON: ARR sorts as a number only when it looks like one.
const ARR = arrOf()
const SORTS: Record<string, string> = { health: 's.health_score ASC', arr: 'arr DESC', lastSeen: 'a.last_seen DESC', name: "a.traits->>'name' ASC" }

export async function accountsPage(store: Store, query: Query, tiers: string[]): Promise<Html> {
  const params: unknown[] = []
  const where: string[] = []
  const tier = query.tier?.trim()
  const band = query.band?.trim()
  const q = query.q?.trim().slice(0, 100)
  const sort = query.sort && Object.hasOwn(SORTS, query.sort) ? query.sort : 'arr'
  const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(query.page ?? '1', 10) || 1))
  if (tier) where.push(`s.tier = $${params.push(tier)}`)
  if (band) where.push(`s.health_band = $${params.push(band)}`)
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    where.push(`(a.account_id ILIKE $${params.push(pattern)} OR a.traits->>'name' ILIKE $${params.length})`)
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const rows = await store.sql.query<Record<string, unknown>>(
    `SELECT a.account_id, a.traits->>'name' AS name, a.traits->>'plan' AS plan, ${ARR} AS arr, a.last_seen, s.tier, s.health_score, s.health_band, coalesce(s.active_users, 0) AS active_users
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id ${filter}
     ORDER BY ${SORTS[sort]} NULLS LAST, a.account_id
     LIMIT $${params.push(PAGE_SIZE + 1)} OFFSET $${params.push((pageNumber - 1) * PAGE_SIZE)}`,
    params,
  )
  const [{ total } = { total: 0 }] = await store.sql.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id ${filter}`,
    params.slice(0, params.length - 2),
  )
  const mix = await store.sql.query<{ tier: string | null; band: string | null; n: number }>(
    `SELECT s.tier, s.health_band AS band, count(*)::int AS n FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id ${filter} GROUP BY 1, 2`,
    params.slice(0, params.length - 2),
  )
  const link = (pageTo: number) => {
    const next = new URLSearchParams({ ...(tier ? { tier } : {}), ...(band ? { band } : {}), ...(q ? { q } : {}), sort, page: String(pageTo) })
    return `/dashboard/accounts?${next.toString()}`
  }
  const list = rows.slice(0, PAGE_SIZE).map((row) => ({
    account: String(row.name ?? row.account_id), id: String(row.account_id), tier: (row.tier as string | null) ?? null,
    health: row.health_score === null || row.health_score === undefined ? null : Number(row.health_score), band: (row.health_band as string | null) ?? null,
    arr: row.arr === null || row.arr === undefined ? null : Number(row.arr), plan: (row.plan as string | null) ?? null,
    activeUsers: Number(row.active_users), lastSeen: new Date(row.last_seen as string).toISOString().slice(0, 10),
  }))
  return html`<h1>Accounts</h1><p class="sub">${num(Number(total))} accounts match. Pick one to see its health, what drives it, and its history.</p>
  <form class="filters" method="get" action="/dashboard/accounts">
    <label>Search<input type="search" name="q" value="${q ?? ''}" placeholder="Name or id"></label>
    <label>Tier<select name="tier"><option value="">All tiers</option>${tiers.map((t) => html`<option value="${t}" ${tier === t ? 'selected' : ''}>${t}</option>`)}</select></label>
    <label>Band<select name="band"><option value="">All bands</option>${['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient'].map((b) => html`<option value="${b}" ${band === b ? 'selected' : ''}>${b}</option>`)}</select></label>
    <label>Sort<select name="sort">${Object.keys(SORTS).map((s) => html`<option value="${s}" ${sort === s ? 'selected' : ''}>${s}</option>`)}</select></label>
    <button class="primary" type="submit">Apply</button>
  </form>
  <section class="card"><h2>Health by tier</h2>${stackedBars({
    width: 700, title: 'Matching accounts per tier, split by health band',
    rows: [...new Set(mix.map((m) => m.tier ?? 'none'))].sort().map((t) => ({
      label: t,
      parts: ['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient'].map((b) => ({ key: b, color: BAND_COLORS[b]!, value: mix.filter((m) => (m.tier ?? 'none') === t && (m.band ?? 'insufficient') === b).reduce((sum, m) => sum + Number(m.n), 0) })),
    })),
  })}</section>
  <section class="card">${dataTable({
    rows: list,
    columns: ['account', 'tier', 'health', 'band', 'arr', 'plan', 'activeUsers', 'lastSeen'],
    render: {
      account: (row) => html`<a href="/dashboard/accounts/${encodeURIComponent(String(row.id))}">${String(row.account)}</a>`,
      tier: (row) => badge(row.tier as string | null, TIER_COLORS[String(row.tier)]),
      band: (row) => badge(row.band as string | null, BAND_COLORS[String(row.band)]),
    },
  })}
  <nav class="pager" aria-label="Pages">${pageNumber > 1 ? html`<a href="${link(pageNumber - 1)}">← Previous</a>` : ''}<span class="sub" style="margin:0">Page ${pageNumber}</span>${rows.length > PAGE_SIZE ? html`<a href="${link(pageNumber + 1)}">Next →</a>` : ''}</nav>
  </section>`
}

interface Measure { id: string; weight: number; score: number | null; value: number | null; detail: string }
interface Driver { id: string; score: number; loss: number; detail: string }

/** One account, or null when there is none with this id; with `explain`, the "What does this account see?" panel too. */
export async function accountPage(store: Store, id: string, explain?: ExplainPanelOptions): Promise<Html | null> {
  const [row] = await store.sql.query<Record<string, unknown>>(
    `SELECT a.account_id, a.traits, a.first_seen, a.last_seen, s.tier, s.tier_reason, s.health_score, s.health_band, s.health, s.tags, s.active_users
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id WHERE a.account_id = $1`,
    [id],
  )
  if (!row) return null
  const timeline = await store.sql.query<{ at: string; kind: string; title: string; user_key: string | null }>(
    'SELECT at, kind, title, user_key FROM timeline WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT 100',
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
  return html`<p class="sub" style="margin:0 0 6px"><a href="/dashboard/accounts">← Accounts</a></p>
  <h1>${name}</h1>
  <p class="sub">${id} · ${badge(tier, TIER_COLORS[tier ?? ''])} ${(row.tier_reason as string | null) ?? ''} ${tags.map((tag) => html`<span class="badge" style="background:#334155">${tag}</span> `)}</p>
  ${kpis([
    { label: 'Health', value: score === null ? '–' : String(Math.round(score)), hint: band ?? 'not evaluated', color: BAND_COLORS[band ?? ''] },
    { label: 'ARR', value: typeof traits.arr === 'number' ? `$${num(traits.arr)}` : '–', hint: typeof traits.plan === 'string' ? traits.plan : undefined },
    { label: 'Active users (30 d)', value: num(Number(row.active_users ?? 0)), hint: typeof traits.seats === 'number' ? `of ${traits.seats} seats` : undefined },
    { label: 'First seen', value: new Date(row.first_seen as string).toISOString().slice(0, 10), hint: `last seen ${new Date(row.last_seen as string).toISOString().slice(0, 10)}` },
  ])}
  <div class="grid">
    ${card('Health measures', barChart({
      width: 440, title: `Health measures of ${name}`,
      bars: health.measures.map((m) => ({ label: `${m.id} (×${m.weight})`, value: m.score, color: m.score === null ? '#94a3b8' : m.score < 40 ? BAND_COLORS.red : m.score < 70 ? BAND_COLORS.yellow : BAND_COLORS.green })),
      max: 100, format: (v) => String(Math.round(v)),
    }), dataTable({ rows: health.measures.map((m) => ({ measure: m.id, weight: m.weight, score: m.score, detail: m.detail })), open: false }))}
    ${card('What drives the score down', health.drivers.length === 0
      ? notice(score === null ? 'Not enough data to score this account yet.' : 'Nothing pulls this account below yellow.')
      : html`<ol class="drivers">${health.drivers.map((d) => html`<li><b>${d.id}</b>: ${d.detail} <span class="sub">(costs ${d.loss} points)</span></li>`)}</ol>`)}
  </div>
  ${history.length > 1 ? card('Health over time', lineChart({ title: `Health score of ${name} per day`, series: [{ label: 'health', color: '#0f766e', points: history.map((h) => ({ x: String(h.day).slice(5, 10), y: h.score === null ? null : Number(h.score) })) }], max: 100, format: (v) => String(Math.round(v)) })) : ''}
  <div class="grid">
    ${card('Timeline', timeline.length === 0 ? notice('Nothing recorded yet.') : html`<ol class="timeline">${timeline.map((entry) => html`<li><time datetime="${new Date(entry.at).toISOString()}">${new Date(entry.at).toISOString().slice(0, 16).replace('T', ' ')}</time><span>${entry.title}${entry.user_key ? html` <span class="sub">· ${entry.user_key}</span>` : ''}</span></li>`)}</ol>`)}
    ${card('Traits', dataTable({ rows: Object.entries(traits).map(([trait, value]) => ({ trait, value: typeof value === 'object' ? JSON.stringify(value) : String(value) })) }))}
  </div>
  ${explain ? await explainPanel(store, id, explain) : ''}`
}
