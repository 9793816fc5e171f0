import { html } from 'hono/html'
import type { TtvMilestone, TtvReport, TtvSummary } from '../reports/ttv'
import type { TtvOverdueReport } from '../reports/ttv-overdue'
import { barChart, columnChart, lineChart, type Html } from './charts'
import { dataTable } from './data-table'
import { card, kpis, notice, PALETTE, pageHeader } from './layout'
import { accountLink, GRID, type PageContext } from './page-context'
import { csvHref, report, rowsOf } from './tables'
import type { View } from './view'

/** Accounts and users past their target that the page lists; the CSV has them all. */
const OVERDUE_SHOWN = 50

const quantileHint = (view: View, summary: TtvSummary) =>
  summary.medianHours === null
    ? view.t.ttv.notReached(view.f.number(summary.reached), view.f.number(summary.units))
    : view.t.ttv.spread(view.f.hours(summary.p75Hours), view.f.hours(summary.p90Hours))

function milestoneSection(view: View, m: TtvMilestone, overdue: number): Html {
  const { t, f } = view
  const bucket = (code: string) => (Object.hasOwn(t.buckets, code) ? t.buckets[code as keyof typeof t.buckets] : code)
  return html`
    ${kpis(view, [
      { label: t.ttv.median(m.milestone), value: f.hours(m.accounts.medianHours), hint: quantileHint(view, m.accounts), define: 'ttvMedian' },
      { label: t.ttv.medianUsers, value: f.hours(m.users.medianHours), hint: quantileHint(view, m.users), define: 'ttvMedian' },
      { label: t.ttv.reachedTile, value: t.ttv.reachedOf(f.number(m.accounts.reached), f.number(m.accounts.units)), hint: t.ttv.notYet(f.number(m.accounts.notYet)), define: 'ttvNotYet' },
      { label: t.ttv.overdueTile, value: f.number(overdue), hint: t.ttv.overdueHint, define: 'ttvOverdue' },
    ])}
    ${card(t.ttv.howLong, columnChart({
        title: t.ttv.howLongChart(m.milestone), empty: t.common.noData, format: (v) => f.number(v),
        columns: m.accounts.buckets.map((b) => ({ label: bucket(b.bucket), value: b.units, color: b.bucket === 'notYet' ? '#64748b' : PALETTE[0] })),
      }))}
    <div class="grid">
      ${card(t.ttv.within,
        barChart({
          width: GRID, title: t.ttv.withinChart(m.milestone), empty: t.common.noData, format: (v) => f.percent(v), max: 1,
          bars: m.accounts.reachedBy.map((r) => ({ label: t.ttv.withinDays(r.days), value: r.share, note: t.ttv.ofEligible(f.number(r.eligible)) })),
        }))}
      ${card(t.ttv.usersWithin,
        barChart({
          width: GRID, title: t.ttv.usersWithinChart(m.milestone), empty: t.common.noData, format: (v) => f.percent(v), max: 1,
          bars: m.users.reachedBy.map((r) => ({ label: t.ttv.withinDays(r.days), value: r.share, color: PALETTE[1], note: t.ttv.ofEligible(f.number(r.eligible)) })),
        }))}
    </div>
    ${card(t.ttv.cohorts, m.accounts.byCohort.every((c) => c.medianHours === null)
      ? notice(t.ttv.noCohortMedian)
      : lineChart({
        title: t.ttv.cohortsChart(m.milestone), empty: t.ttv.noCohortMedian, format: (v) => f.hours(v),
        series: [
          { label: t.ttv.medianLine, color: PALETTE[0]!, points: m.accounts.byCohort.map((c) => ({ x: f.day(c.week), y: c.medianHours })) },
          { label: t.ttv.p90Line, color: PALETTE[2]!, points: m.accounts.byCohort.map((c) => ({ x: f.day(c.week), y: c.p90Hours })) },
        ],
      }))}`
}

/** `/dashboard/ttv`: how long signups take to reach value, and who has not past their target. */
export async function ttvPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  // The report's own default period (90 days) applies, as in the API and the CLI.
  const [result, overdue] = await Promise.all([report<TtvReport>(data, 'ttv', query), report<TtvOverdueReport>(data, 'ttv-overdue', query)])
  const intro = t.ttv.intro(f.date(result.period.from), f.date(result.period.to))
  const define = ['ttvMedian', 'ttvReachedBy', 'ttvNotYet', 'ttvOverdue'] as const
  if (result.milestones.length === 0) return html`${pageHeader(view, { title: t.ttv.title, intro, form: form(result.period) })}${notice(t.ttv.noMilestone)}`
  const content = data.content()
  const overdueRows = rowsOf('ttv-overdue', overdue, view, content)
  return html`${pageHeader(view, { title: t.ttv.title, intro, form: form(result.period), define: [...define] })}
  ${result.milestones.map((m) => milestoneSection(view, m, overdue.units.filter((u) => u.milestone === m.milestone && u.unit === 'accounts').length))}
  <div id="not-reached">${card(t.ttv.overdue, html`<p class="sub">${t.ttv.overdueIntro}</p>`, overdueRows.length === 0 ? notice(t.ttv.noOverdue) : dataTable(view, {
    caption: t.ttv.overdue, rows: overdueRows.slice(0, OVERDUE_SHOWN), csv: csvHref('ttv-overdue', query),
    columns: [
      { key: 'id', render: (row) => (row.unit === 'accounts' ? accountLink(String(row.id), row.name as string | null) : html`${String(row.name ?? row.id)}`) },
      'unit', { key: 'accountId', render: (row) => (row.accountId ? accountLink(String(row.accountId)) : '–') }, 'tier', 'milestone', 'start', 'targetDays', 'daysSinceStart',
    ],
  }))}</div>
  ${card(t.ttv.summary, dataTable(view, { caption: t.ttv.summary, rows: rowsOf('ttv', result, view, content).map(({ note: _note, ...row }) => row), csv: csvHref('ttv', query) }))}
  ${card(t.ttv.byCohort, dataTable(view, { caption: t.ttv.byCohort, rows: rowsOf('ttv-cohorts', result, view, content), csv: csvHref('ttv-cohorts', query), open: false }))}
  ${card(t.ttv.byTier, dataTable(view, { caption: t.ttv.byTier, rows: rowsOf('ttv-tiers', result, view, content), csv: csvHref('ttv-tiers', query), open: false }))}`
}
