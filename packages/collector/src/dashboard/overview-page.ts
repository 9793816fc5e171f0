import { html } from 'hono/html'
import type { AtRiskReport } from '../reports/at-risk'
import { eventCounts, overview as readOverview } from '../reports/overview'
import type { SegmentsReport } from '../reports/segments'
import type { StickinessReport } from '../reports/stickiness'
import { barChart, lineChart, stackedBars, type Html } from './charts'
import { dataTable, type Column } from './data-table'
import { healthDetail } from './i18n/health-text'
import { BAND_COLORS, card, kpis, notice, PALETTE, pageHeader } from './layout'
import { accountLink, cellList, GRID, type PageContext } from './page-context'
import { atRiskRows, csvHref, eventPeriod, report, riskReasons, rowsOf } from './tables'
import type { View } from './view'

const BANDS = ['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient'] as const

/** The at-risk list's columns: each account with why it is listed and what drives its health down. */
function atRiskColumns(view: View, result: AtRiskReport): Column[] {
  const byId = new Map(result.accounts.map((a) => [a.accountId, a]))
  return [
    { key: 'name', label: view.t.columns.account, render: (row) => accountLink(String(row.accountId), String(row.name)) },
    { key: 'tier' }, { key: 'arr' }, { key: 'health' }, { key: 'band' },
    { key: 'reasons', wrap: true, render: (row) => cellList(riskReasons(view, byId.get(String(row.accountId))!)) },
    { key: 'drivers', wrap: true, render: (row) => cellList(byId.get(String(row.accountId))!.drivers.map((d) => healthDetail(view.locale, d.detail))) },
  ]
}

/** The accounts by tier and band as stacked bars. */
export function segmentChart(view: View, title: string, matrix: ReadonlyArray<{ tier: string | null; band: string | null; accounts: number }>, width = GRID): Html {
  const tiers = [...new Set(matrix.map((row) => row.tier ?? ''))].sort()
  return stackedBars({
    width, title, empty: view.t.common.noData, format: (v) => view.f.number(v),
    rows: tiers.map((tier) => ({
      label: tier || view.t.common.noTier,
      parts: BANDS.map((band) => ({
        key: band, label: view.t.bands[band], color: BAND_COLORS[band]!,
        value: matrix.filter((r) => (r.tier ?? '') === tier && (r.band ?? 'insufficient') === band).reduce((s, r) => s + Number(r.accounts), 0),
      })),
    })),
  })
}

export async function overviewPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  // The page's period (the form's, else the reports' default) applies to the event counts too.
  const period = eventPeriod(data, query)
  const [overview, events, stickiness, segments, atRisk] = await Promise.all([
    readOverview(data.store.sql, period, data.timeZone),
    eventCounts(data.store.sql, period, data.timeZone),
    report<StickinessReport>(data, 'stickiness', query),
    report<SegmentsReport>(data, 'segments', query),
    report<AtRiskReport>(data, 'at-risk', query),
  ])
  const red = segments.matrix.filter((row) => row.band === 'red').reduce((sum, row) => sum + row.accounts, 0)
  const top = { ...atRisk, accounts: atRisk.accounts.slice(0, 10) }
  return html`${pageHeader(view, {
    title: t.overview.title, intro: t.overview.intro(f.date(period.from), f.date(period.to)), form: form(period),
    define: ['events', 'people', 'dauMau', 'wauMau', 'health', 'atRisk'],
  })}
  ${kpis(view, [
    { label: t.overview.events, value: f.number(overview.events), hint: t.overview.eventsHint, define: 'events' },
    { label: t.overview.people, value: f.number(overview.users), define: 'people' },
    { label: t.overview.accounts, value: f.number(overview.accounts) },
    { label: t.overview.dauMau, value: f.percent(stickiness.users.dauMau), hint: t.overview.wauMau(f.percent(stickiness.users.wauMau)), define: 'dauMau' },
    { label: t.overview.red, value: f.number(red), hint: t.overview.atRiskCount(f.number(atRisk.accounts.length)), color: BAND_COLORS.red, define: 'atRisk' },
  ])}
  ${card(t.overview.atRisk(f.number(top.accounts.length), f.number(atRisk.accounts.length)),
    top.accounts.length === 0 ? notice(t.atRisk.none) : dataTable(view, { caption: t.nav.atRisk, rows: atRiskRows(view, top.accounts), columns: atRiskColumns(view, top), csv: csvHref('at-risk', query) }),
    html`<p><a href="/dashboard/at-risk">${t.overview.allAtRisk}</a></p>`)}
  <div class="grid">
    ${card(t.overview.stickiness, lineChart({
      width: GRID, title: t.overview.stickinessChart, empty: t.common.noData, format: (v) => f.percent(v), max: 1,
      series: [
        { label: t.overview.usersDauMau, color: PALETTE[0]!, points: stickiness.users.series.map((d) => ({ x: f.day(d.day), y: d.dauMau })) },
        { label: t.overview.usersWauMau, color: PALETTE[1]!, points: stickiness.users.series.map((d) => ({ x: f.day(d.day), y: d.wauMau })) },
        { label: t.overview.accountsDauMau, color: PALETTE[2]!, points: stickiness.accounts.series.map((d) => ({ x: f.day(d.day), y: d.dauMau })) },
      ],
    }), dataTable(view, { caption: t.overview.stickiness, rows: rowsOf('stickiness', stickiness, view, data.content()), csv: csvHref('stickiness', query), open: false }))}
    ${card(t.overview.segments, segmentChart(view, t.overview.segmentsChart, segments.matrix), dataTable(view, { caption: t.overview.segments, rows: rowsOf('segments', segments, view, data.content()), csv: csvHref('segments', query), open: false }))}
  </div>
  ${card(t.overview.eventsCard, barChart({ title: t.overview.eventsChart, empty: t.common.noData, format: (v) => f.number(v), bars: events.slice(0, 12).map((e) => ({ label: e.event, value: e.count })) }),
    dataTable(view, { caption: t.overview.eventsCard, rows: events.map((e) => ({ ...e })), csv: csvHref('events', query), open: false }))}`
}

/** `/dashboard/at-risk`: every account at risk, why, and what pulls its health down. */
export async function atRiskPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const result = await report<AtRiskReport>(data, 'at-risk', query)
  const arr = result.accounts.reduce((sum, a) => sum + (a.arr ?? 0), 0)
  const red = result.accounts.filter((a) => a.band === 'red').length
  return html`${pageHeader(view, { title: t.atRisk.title, intro: t.atRisk.intro(f.date(result.asOf)), form: form(), define: ['atRisk', 'health', 'drivers'] })}
  ${kpis(view, [
    { label: t.atRisk.count, value: f.number(result.accounts.length), define: 'atRisk' },
    { label: t.atRisk.arr, value: f.money(arr) },
    { label: t.atRisk.red, value: f.number(red), color: BAND_COLORS.red },
    { label: t.atRisk.declining, value: f.number(result.accounts.length - red), color: BAND_COLORS.yellow },
  ])}
  ${card(t.atRisk.title, result.accounts.length === 0
    ? notice(t.atRisk.none)
    : dataTable(view, { caption: t.atRisk.title, rows: atRiskRows(view, result.accounts), columns: atRiskColumns(view, result), csv: csvHref('at-risk', query) }))}`
}
