import type { Content } from '@goyo/schema'
import { HttpError } from '../http/errors'
import { REPORTS, runReport, type ReportName } from '../reports/index'
import type { AdoptionReport } from '../reports/adoption'
import type { NpsReport } from '../reports/nps'
import { eventCounts } from '../reports/overview'
import { resolveParams } from '../reports/params'
import type { SegmentsReport } from '../reports/segments'
import type { TtvReport } from '../reports/ttv'
import type { Store } from '../store/store'

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
  for (const key of ['from', 'to', 'tier', 'feature', 'milestone', 'interval', 'product', 'limit', 'cursor']) {
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

interface TableSource {
  report: ReportName
  rows(result: unknown): Record<string, unknown>[]
}

const main = (name: ReportName): TableSource => ({ report: name, rows: (result) => (REPORTS[name].table as (r: unknown) => Record<string, unknown>[])(result) })

/**
 * Every table the dashboard shows that comes from a report, by the name its CSV link uses. The
 * pages and `/dashboard/csv/<name>` read the same rows, so a download is exactly what was shown.
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
  checklists: main('checklists'),
  prompts: main('prompts'),
  nps: main('nps'),
  'nps-tiers': { report: 'nps', rows: (r) => (r as NpsReport).byTier.map((t) => ({ ...t })) },
  segments: main('segments'),
  transitions: { report: 'segments', rows: (r) => (r as SegmentsReport).transitions.map((t) => ({ ...t })) },
  'at-risk': main('at-risk'),
  'cross-sell': main('cross-sell'),
  revenue: main('revenue'),
  'revenue-attribution': main('revenue-attribution'),
}

/** The rows of one named table, for its CSV download. */
export async function tableRows(data: DashboardData, name: string, query: Record<string, string>): Promise<Record<string, unknown>[]> {
  if (name === 'events') return (await eventCounts(data.store.sql, eventPeriod(data, query), data.timeZone)).map((row) => ({ ...row }))
  const source = Object.hasOwn(REPORT_TABLES, name) ? REPORT_TABLES[name] : undefined
  if (!source) throw new HttpError(404, 'not_found', `no table "${name}"`)
  return source.rows(await report(data, source.report, query))
}

/** The CSV link of a table, carrying the page's filters. */
export function csvHref(name: string, query: Record<string, string>): string {
  const params = new URLSearchParams(reportQuery(query))
  const text = params.toString()
  return `/dashboard/csv/${encodeURIComponent(name)}${text ? `?${text}` : ''}`
}
