import type { Content } from '@goyo/schema'
import { HttpError } from '../http/errors'
import type { AdoptionReport } from '../reports/adoption'
import type { AtRiskAccount, AtRiskReport } from '../reports/at-risk'
import type { CrossSellReport } from '../reports/cross-sell'
import { REPORTS, runReport, type ReportName } from '../reports/index'
import type { NpsReport } from '../reports/nps'
import { eventCounts } from '../reports/overview'
import { resolveParams } from '../reports/params'
import type { SegmentsReport } from '../reports/segments'
import type { TtvReport } from '../reports/ttv'
import type { Store } from '../store/store'
import { healthDetail } from './i18n/health-text'
import { itemTitle } from './i18n/titles'
import type { View } from './view'

/** What the dashboard reads from. */
export interface DashboardData {
  store: Store
  content(): Content
  now(): number
  /** The workspace time zone (`GOYO_TIMEZONE`): periods are its calendar days, "today" its today. */
  timeZone: string
}

/** The report parameters a dashboard URL may carry; empty form fields are left out. */
export function reportQuery(query: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const key of ['from', 'to', 'tier', 'feature', 'milestone', 'interval', 'product', 'limit', 'cursor', 'group']) {
    const value = query[key]?.trim()
    if (value) kept[key] = value
  }
  return kept
}

/** The period of the overview's event counts: the page's, resolved as every report resolves it. */
export function eventPeriod(data: DashboardData, query: Record<string, string>): { from: string; to: string } {
  const { from, to } = resolveParams(reportQuery(query), new Date(data.now()), data.timeZone)
  return { from, to }
}

/** Runs a report for a page. */
export async function report<T>(data: DashboardData, name: ReportName, query: Record<string, string>): Promise<T> {
  const { result } = await runReport(name, { sql: data.store.sql, content: data.content(), now: new Date(data.now()), timeZone: data.timeZone }, reportQuery(query))
  return result as T
}

type Row = Record<string, unknown>

interface TableSource {
  report: ReportName
  rows(result: unknown, view: View, content: Content): Row[]
  /** Parameters the download adds to the page's (more rows than a page shows). */
  download?: Record<string, string>
}

const main = (name: ReportName): TableSource => ({ report: name, rows: (result) => (REPORTS[name].table as (r: unknown) => Row[])(result) })

/** An at-risk account's reasons in words. */
export function riskReasons(view: View, account: AtRiskAccount): string[] {
  const { t, f } = view
  return account.reasons.map((reason) => {
    switch (reason) {
      case 'red': return t.reasons.red(f.number(account.score, 1))
      case 'declining7d': return t.reasons.declining7d(f.number(Math.abs(account.change7d ?? 0), 1))
      case 'declining28d': return t.reasons.declining28d(f.number(Math.abs(account.change28d ?? 0), 1))
      case 'usageFalling': return t.reasons.usageFalling(f.number(account.trend, 1))
    }
  })
}

/** The rows of the at-risk list: reasons and drivers in words, in the page's language. */
export const atRiskRows = (view: View, accounts: readonly AtRiskAccount[]): Row[] =>
  accounts.map((a) => ({
    accountId: a.accountId, name: a.name ?? a.accountId, tier: a.tier, arr: a.arr, health: a.score, band: a.band, change7d: a.change7d, change28d: a.change28d,
    reasons: riskReasons(view, a).join('; '), drivers: a.drivers.map((d) => healthDetail(view.locale, d.detail)).join('; '),
  }))

/** A cross-sell signal in words. */
export function signalText(view: View, signal: CrossSellReport['products'][number]['candidates']['items'][number]['signals'][number]): string {
  const { t, f } = view
  return signal.ratio === null
    ? t.crossSell.signalNoMedian(signal.feature, f.number(signal.uses))
    : t.crossSell.signal(signal.feature, f.number(signal.ratio, 1), f.number(signal.uses), f.number(signal.ownersMedian, 1))
}

/**
 * Every table the dashboard shows that comes from a report, by the name its CSV link uses. The
 * pages and `/dashboard/csv/<name>` read the same rows, so a download is exactly what was shown,
 * under the same headers.
 */
export const REPORT_TABLES: Record<string, TableSource> = {
  adoption: main('adoption'),
  breadth: { report: 'adoption', rows: (r) => (r as AdoptionReport).breadth.accounts.map((a) => ({ ...a })) },
  stickiness: main('stickiness'),
  ttv: main('ttv'),
  'ttv-cohorts': {
    report: 'ttv',
    rows: (r) =>
      (r as TtvReport).milestones.flatMap((m) =>
        m.accounts.byCohort.map((c) => ({
          milestone: m.milestone, week: c.week, accounts: c.units, reached: c.reached, notYet: c.notYet,
          medianHours: c.medianHours, p75Hours: c.p75Hours, p90Hours: c.p90Hours,
        })),
      ),
  },
  'ttv-tiers': {
    report: 'ttv',
    rows: (r) =>
      (r as TtvReport).milestones.flatMap((m) =>
        m.accounts.byTier.map((t) => ({ milestone: m.milestone, tier: t.tier, accounts: t.units, reached: t.reached, notYet: t.notYet, medianHours: t.medianHours, p90Hours: t.p90Hours })),
      ),
  },
  'ttv-overdue': main('ttv-overdue'),
  checklists: {
    report: 'checklists',
    rows: (r, view, content) =>
      main('checklists').rows(r, view, content).map(({ item: _item, ...row }) => ({ ...row, checklist: itemTitle(content, 'checklists', String(row.checklist), view.locale) })),
  },
  prompts: {
    report: 'prompts',
    rows: (r, view, content) => main('prompts').rows(r, view, content).map((row) => ({ ...row, prompt: itemTitle(content, 'prompts', String(row.prompt), view.locale) })),
  },
  nps: main('nps'),
  'nps-tiers': { report: 'nps', rows: (r) => (r as NpsReport).byTier.map((t) => ({ ...t })) },
  'nps-comments': { report: 'nps-comments', rows: main('nps-comments').rows, download: { limit: '500' } },
  segments: main('segments'),
  transitions: { report: 'segments', rows: (r) => (r as SegmentsReport).transitions.map((t) => ({ ...t })) },
  'at-risk': { report: 'at-risk', rows: (r, view) => atRiskRows(view, (r as AtRiskReport).accounts) },
  'cross-sell': {
    report: 'cross-sell',
    rows: (r, view) =>
      (r as CrossSellReport).products.flatMap((p) =>
        p.candidates.items.map((c) => ({
          product: p.product, rank: c.rank, accountId: c.accountId, name: c.name ?? c.accountId, tier: c.tier, arr: c.arr, propensity: c.score,
          signals: c.signals.map((s) => signalText(view, s)).join('; '),
        })),
      ),
    download: { limit: '500' },
  },
  revenue: main('revenue'),
  'revenue-attribution': {
    report: 'revenue-attribution',
    rows: (r, view, content) => main('revenue-attribution').rows(r, view, content).map((row) => ({ ...row, prompt: itemTitle(content, 'prompts', String(row.prompt), view.locale) })),
  },
}

/** The rows of one named table, for a page or its CSV download. */
export async function tableRows(data: DashboardData, view: View, name: string, query: Record<string, string>): Promise<Row[]> {
  if (name === 'events') return (await eventCounts(data.store.sql, eventPeriod(data, query), data.timeZone)).map((row) => ({ ...row }))
  const source = Object.hasOwn(REPORT_TABLES, name) ? REPORT_TABLES[name] : undefined
  if (!source) throw new HttpError(404, 'not_found', `no table "${name}"`)
  return source.rows(await report(data, source.report, { ...query, ...source.download }), view, data.content())
}

/** The rows of a table from a report result the page already has. */
export const rowsOf = (name: string, result: unknown, view: View, content: Content): Row[] => REPORT_TABLES[name]!.rows(result, view, content)

/** The CSV link of a table, carrying the page's filters. */
export function csvHref(name: string, query: Record<string, string>): string {
  const params = new URLSearchParams(reportQuery(query))
  const text = params.toString()
  return `/dashboard/csv/${encodeURIComponent(name)}${text ? `?${text}` : ''}`
}
