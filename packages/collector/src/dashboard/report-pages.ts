import { html } from 'hono/html'
import type { AdoptionReport } from '../reports/adoption'
import type { AtRiskReport } from '../reports/at-risk'
import { eventCounts, overview as readOverview } from '../reports/overview'
import type { ChecklistsReport } from '../reports/checklists'
import { crossSell, type CrossSellReport } from '../reports/cross-sell'
import type { NpsReport } from '../reports/nps'
import type { PromptsReport } from '../reports/prompts'
import type { SegmentsReport } from '../reports/segments'
import type { StickinessReport } from '../reports/stickiness'
import type { TtvReport } from '../reports/ttv'
import { barChart, columnChart, lineChart, stackedBars, type Html } from './charts'
import { BAND_COLORS, card, dataTable, hours, kpis, notice, num, PALETTE, pct } from './layout'
import { csvHref, eventPeriod, report, REPORT_TABLES, reportQuery, type DashboardData } from './tables'

/** The pages built on the Reports API: each shows charts, then the table behind them with its CSV. */

type Query = Record<string, string>

/** Width of a chart in a two-column grid, so its text keeps its size. */
const GRID = 440

const BANDS = ['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient'] as const

/** The period and tier filter, a plain GET form. */
export function filters(path: string, query: Query, tiers: string[], period: { from: string; to: string } | undefined): Html {
  return html`<form class="filters" method="get" action="${path}">
  <label>From<input type="date" name="from" value="${query.from ?? period?.from ?? ''}"></label>
  <label>To<input type="date" name="to" value="${query.to ?? period?.to ?? ''}"></label>
  <label>Tier<select name="tier"><option value="">All tiers</option>${tiers.map((tier) => html`<option value="${tier}" ${query.tier === tier ? 'selected' : ''}>${tier}</option>`)}</select></label>
  <button class="primary" type="submit">Apply</button>
</form>`
}

const table = (name: string, result: unknown, query: Query, extra: Partial<Parameters<typeof dataTable>[0]> = {}) =>
  dataTable({ rows: REPORT_TABLES[name]!.rows(result), csv: csvHref(name, query), ...extra })

const header = (toolbar: Html, title: string, subtitle: string) => html`<h1>${title}</h1><p class="sub">${subtitle}</p>${toolbar}`
const accountLink = (row: Record<string, unknown>) => html`<a href="/dashboard/accounts/${encodeURIComponent(String(row.accountId))}">${String(row.accountId)}</a>`

/** The overview's at-risk columns: drivers are on each account's page (and in the CSV). */
const AT_RISK_COLUMNS = ['accountId', 'name', 'tier', 'arr', 'score', 'band', 'change7d', 'change28d', 'reasons']

export async function overviewPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
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
  const day = (d: string) => d.slice(5)
  return html`${header(toolbar, 'Overview', `What the collector holds and how accounts are doing, ${stickiness.period.from} to ${stickiness.period.to}.`)}
  ${kpis([
    { label: 'Events', value: num(overview.events), hint: 'stored in the period' },
    { label: 'Users', value: num(overview.users) },
    { label: 'Accounts', value: num(overview.accounts) },
    { label: 'DAU/MAU (users)', value: pct(stickiness.users.dauMau), hint: `WAU/MAU ${pct(stickiness.users.wauMau)}` },
    { label: 'Accounts in red', value: num(red), hint: `${atRisk.accounts.length} at risk` },
  ])}
  <div class="grid">
    ${card('Stickiness', lineChart({
      width: GRID, title: 'DAU/MAU and WAU/MAU of users per day',
      series: [
        { label: 'Users DAU/MAU', color: PALETTE[0]!, points: stickiness.users.series.map((d) => ({ x: day(d.day), y: d.dauMau })) },
        { label: 'Users WAU/MAU', color: PALETTE[1]!, points: stickiness.users.series.map((d) => ({ x: day(d.day), y: d.wauMau })) },
        { label: 'Accounts DAU/MAU', color: PALETTE[2]!, points: stickiness.accounts.series.map((d) => ({ x: day(d.day), y: d.dauMau })) },
      ],
      format: (v) => pct(v), max: 1,
    }), table('stickiness', stickiness, query, { open: false }))}
    ${card('Accounts by tier and health', segmentChart(segments), table('segments', segments, query, { open: false }))}
  </div>
  ${card(`At risk: the ${Math.min(10, atRisk.accounts.length)} largest of ${atRisk.accounts.length} red or declining accounts`, table('at-risk', { ...atRisk, accounts: atRisk.accounts.slice(0, 10) }, query, { render: { accountId: accountLink }, columns: AT_RISK_COLUMNS }))}
  ${card('Events', barChart({ title: 'Stored events by name', bars: events.slice(0, 12).map((e) => ({ label: e.event, value: e.count })) }), dataTable({ rows: events.map((e) => ({ ...e })), csv: csvHref('events', query), open: false }))}`
}

function segmentChart(segments: SegmentsReport): Html {
  const tiers = [...new Set(segments.matrix.map((row) => row.tier ?? 'none'))]
  return stackedBars({
    width: GRID, title: 'Accounts per tier, split by health band',
    rows: tiers.map((tier) => ({
      label: tier,
      parts: BANDS.map((band) => ({ key: band, color: BAND_COLORS[band]!, value: segments.matrix.filter((r) => (r.tier ?? 'none') === tier && (r.band ?? 'insufficient') === band).reduce((s, r) => s + r.accounts, 0) })),
    })),
  })
}

export async function adoptionPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  const result = await report<AdoptionReport>(data, 'adoption', query)
  const histogram = new Map<number, number>()
  for (const account of result.breadth.accounts) histogram.set(account.used, (histogram.get(account.used) ?? 0) + 1)
  const total = result.breadth.keyFeatures.length
  return html`${header(toolbar, 'Feature adoption', `Share of active accounts and users that used each feature, ${result.period.from} to ${result.period.to}, against the ${result.period.days} days before.`)}
  ${kpis([
    { label: 'Active accounts', value: num(result.active.accounts), hint: `previous period ${num(result.previousActive.accounts)}` },
    { label: 'Active users', value: num(result.active.users), hint: `previous period ${num(result.previousActive.users)}` },
    { label: 'Mean breadth', value: pct(result.breadth.meanShare), hint: `of ${total} key features` },
  ])}
  ${card('Adoption rate among active accounts', barChart({
    title: 'Account adoption rate per feature',
    bars: result.features.map((f) => ({ label: f.feature, value: f.accountRate, note: f.change.accountRate === null ? '' : `(${f.change.accountRate >= 0 ? '+' : ''}${Math.round(f.change.accountRate * 100)} pts)` })),
    format: (v) => pct(v), max: 1,
  }), barChart({ title: 'User adoption rate per feature', bars: result.features.map((f) => ({ label: `${f.feature} (users)`, value: f.userRate, color: PALETTE[1] })), format: (v) => pct(v), max: 1 }),
  table('adoption', result, query))}
  ${card('Breadth: key features used per active account', columnChart({
    title: 'Active accounts by number of key features used',
    columns: Array.from({ length: total + 1 }, (_, used) => ({ label: `${used} of ${total}`, value: histogram.get(used) ?? 0 })),
  }), table('breadth', result, query, { open: false, render: { accountId: accountLink } }))}`
}

export async function ttvPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  // The report's own default period (90 days) applies, as in the API and the CLI.
  const result = await report<TtvReport>(data, 'ttv', query)
  if (result.milestones.length === 0) return html`${header(toolbar, 'Time to value', '')}${notice('No milestone is configured in the content file.')}`
  return html`${header(toolbar, 'Time to value', `From signup to the first value moment, for accounts signed up ${result.period.from} to ${result.period.to}. Units that have not reached value yet are censored, never counted as fast.`)}
  ${result.milestones.map((m) => html`
    ${kpis([
      { label: `${m.milestone}: median (accounts)`, value: hours(m.accounts.medianHours), hint: m.accounts.reasons.median ?? `p75 ${hours(m.accounts.p75Hours)} · p90 ${hours(m.accounts.p90Hours)}` },
      { label: 'Median (users)', value: hours(m.users.medianHours), hint: m.users.reasons.median ?? `p75 ${hours(m.users.p75Hours)} · p90 ${hours(m.users.p90Hours)}` },
      { label: 'Accounts reached', value: `${num(m.accounts.reached)} / ${num(m.accounts.units)}`, hint: `${num(m.accounts.notYet)} not yet` },
    ])}
    <div class="grid">
      ${card('How long accounts took', columnChart({ width: GRID, title: `Accounts by time to ${m.milestone}`, columns: m.accounts.buckets.map((b) => ({ label: b.bucket, value: b.units, color: b.bucket === 'never' || b.bucket.startsWith('not') ? '#94a3b8' : PALETTE[0] })) }))}
      ${card('Share that reached value within N days', barChart({
        width: GRID, title: `Share of accounts that reached ${m.milestone} within N days of signing up`,
        bars: m.accounts.reachedBy.map((r) => ({ label: `within ${r.days} day${r.days === 1 ? '' : 's'}`, value: r.share, note: `of ${r.eligible}` })),
        format: (v) => pct(v), max: 1,
      }), barChart({ width: GRID, title: 'Users', bars: m.users.reachedBy.map((r) => ({ label: `users, ${r.days} d`, value: r.share, color: PALETTE[1], note: `of ${r.eligible}` })), format: (v) => pct(v), max: 1 }))}
    </div>
    ${m.accounts.byCohort.every((c) => c.medianHours === null) ? card('By signup week', notice('No signup-week cohort has a median yet: it appears once more than half of a cohort has reached value. Widen the period.')) : card('By signup week', lineChart({
      title: `Median hours to ${m.milestone} by signup-week cohort`,
      series: [{ label: 'median hours (accounts)', color: PALETTE[0]!, points: m.accounts.byCohort.map((c) => ({ x: c.week, y: c.medianHours })) },
        { label: 'p90 hours', color: PALETTE[2]!, points: m.accounts.byCohort.map((c) => ({ x: c.week, y: c.p90Hours })) }],
      format: (v) => hours(v),
    }))}
  `)}
  ${card('Summary', table('ttv', result, query))}
  ${card('By signup-week cohort', table('ttv-cohorts', result, query))}
  ${card('By tier', table('ttv-tiers', result, query))}`
}

export async function onboardingPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  const result = await report<ChecklistsReport>(data, 'checklists', query)
  return html`${header(toolbar, 'Onboarding', `Checklist funnels, item by item, for users who started in ${result.period.from} to ${result.period.to}.`)}
  ${result.checklists.length === 0 ? notice('No checklist progress in this period.') : ''}
  ${result.checklists.map((c) => card(`Checklist ${c.checklist}`,
    kpis([
      { label: 'Started', value: num(c.started) },
      { label: 'Completed', value: num(c.completed), hint: `completion rate ${pct(c.completionRate)}` },
      { label: 'Median time to complete', value: hours(c.medianHoursToComplete) },
      { label: 'Dismissed', value: num(c.dismissed) },
    ]),
    barChart({
      title: `Funnel of checklist ${c.checklist}`,
      bars: [{ label: 'started', value: c.started, color: PALETTE[1] }, ...c.items.map((item) => ({ label: item.title ?? item.item, value: item.users, note: `(${pct(item.rate)})` })), { label: 'completed', value: c.completed, color: BAND_COLORS.green }],
    }),
  ))}
  ${card('All checklists', table('checklists', result, query))}`
}

export async function promptsPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  const result = await report<PromptsReport>(data, 'prompts', query)
  return html`${header(toolbar, 'Prompts', `Eligible → shown → clicked → converted for accounts first eligible ${result.period.from} to ${result.period.to}, against the holdout that never saw the prompt.`)}
  ${result.prompts.length === 0 ? notice('No prompt eligibility in this period.') : ''}
  ${result.prompts.map((p) => p.treated.accounts + p.holdout.accounts === 0 ? card(`Prompt ${p.prompt}`, notice(`No account was first eligible for ${p.prompt} in this period.`)) : card(`Prompt ${p.prompt}`,
    kpis([
      { label: 'Conversion (treated)', value: pct(p.treated.conversionRate, 1), hint: `${p.treated.convertedAccounts} of ${p.treated.accounts} accounts` },
      { label: 'Conversion (holdout)', value: pct(p.holdout.conversionRate, 1), hint: `${p.holdout.convertedAccounts} of ${p.holdout.accounts} accounts` },
      { label: 'Lift', value: p.lift.absolute === null ? '–' : `${p.lift.absolute >= 0 ? '+' : ''}${(p.lift.absolute * 100).toFixed(1)} pts`, hint: p.lift.ci95 ? `95% CI ${(p.lift.ci95.low * 100).toFixed(1)} to ${(p.lift.ci95.high * 100).toFixed(1)} pts` : 'not enough data for an interval' },
      { label: 'Shows held back by caps', value: num(p.suppressed.reduce((s, r) => s + r.count, 0)), hint: p.suppressed.map((r) => `${r.reason} ${r.count}`).join(' · ') || undefined },
    ]),
    html`<div class="grid">${[
      barChart({ width: GRID, title: `Funnel of ${p.prompt} (treated accounts)`, bars: [
        { label: 'eligible', value: p.treated.accounts, color: PALETTE[1] },
        { label: 'shown', value: p.treated.shownAccounts },
        { label: 'clicked', value: p.treated.clickedAccounts },
        { label: 'converted', value: p.treated.convertedAccounts, color: BAND_COLORS.green },
      ] }),
      barChart({ width: GRID, title: `Conversion of ${p.prompt}: treated and holdout`, bars: [
        { label: 'treated', value: p.treated.conversionRate },
        { label: 'holdout', value: p.holdout.conversionRate, color: '#94a3b8' },
      ], format: (v) => pct(v, 1) }),
    ]}</div>`,
  ))}
  ${card('All prompts', table('prompts', result, query))}`
}

export async function npsPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  const result = await report<NpsReport>(data, 'nps', { interval: 'week', ...query })
  const mix = (row: { promoters: number; passives: number; detractors: number }) => [
    { key: 'detractors', value: row.detractors, color: BAND_COLORS.red! },
    { key: 'passives', value: row.passives, color: BAND_COLORS.yellow! },
    { key: 'promoters', value: row.promoters, color: BAND_COLORS.green! },
  ]
  return html`${header(toolbar, 'NPS', `Answers to NPS surveys, ${result.period.from} to ${result.period.to}, per ${result.interval}.`)}
  ${kpis([
    { label: 'NPS', value: result.nps === null ? '–' : String(Math.round(result.nps)) },
    { label: 'Respondents', value: num(result.respondents) },
    { label: 'Promoters', value: num(result.promoters) },
    { label: 'Passives', value: num(result.passives) },
    { label: 'Detractors', value: num(result.detractors) },
  ])}
  <div class="grid">
    ${card('NPS over time', lineChart({ width: GRID, title: 'NPS per period', series: [{ label: 'NPS', color: PALETTE[0]!, points: result.overTime.map((r) => ({ x: r.start.slice(5, 10), y: r.nps })) }], format: (v) => String(Math.round(v)), max: 100 }),
      stackedBars({ width: GRID, title: 'Answers per period by category', rows: result.overTime.map((r) => ({ label: r.start.slice(0, 10), parts: mix(r) })) }))}
    ${card('By tier', stackedBars({ width: GRID, title: 'Answers per tier by category', rows: result.byTier.map((r) => ({ label: r.tier ?? 'none', parts: mix(r) })) }), table('nps-tiers', result, query))}
  </div>
  ${card('Over time', table('nps', result, query))}`
}

/** Candidates per product and page; the CSV has up to 500, the API pages through all. */
const CANDIDATES_SHOWN = 15

/** A backtest in one line: what a PM checks before trusting the ranking. */
function backtestLine(p: CrossSellReport['products'][number]): string {
  const b = p.backtest
  const counts = `${num(b.acquirers)} of ${num(b.scored)} accounts without ${p.product} on ${b.asOf} had it ${b.horizonDays} days later`
  if (b.status === 'no_model') return `Backtest: no model on ${b.asOf} (fewer than 3 owners or non-owners); ${counts}.`
  if (b.status === 'too_few_acquirers') return `Backtest: too few acquirers to judge the ranking (${counts}).`
  return `Backtest: ${counts}. AUC ${b.auc?.toFixed(2)}; the top tenth converted at ${pct(b.topDecile.rate)} (${num(b.topDecile.acquirers)} of ${num(b.topDecile.accounts)}) against ${pct(b.baseRate)} overall, ${b.lift?.toFixed(1)}× the base rate.`
}

export async function crossSellPage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  const result = await report<CrossSellReport>(data, 'cross-sell', { ...query, limit: String(CANDIDATES_SHOWN) })
  // The product menu lists every product, also while one is shown.
  const all = query.product ? await report<CrossSellReport>(data, 'cross-sell', { ...query, product: '', cursor: '', limit: '1' }) : result
  const productFilter = html`<form class="filters" method="get" action="/dashboard/cross-sell">
  ${['from', 'to', 'tier'].filter((k) => query[k]).map((k) => html`<input type="hidden" name="${k}" value="${query[k]}">`)}
  <label>Product<select name="product"><option value="">All products</option>${(all ?? result).products.map((p) => html`<option value="${p.product}" ${query.product === p.product ? 'selected' : ''}>${p.product}</option>`)}</select></label>
  <button type="submit">Show</button></form>`
  return html`${header(toolbar, 'Cross-sell', `Accounts that lack a product, ranked by how much their use of Ledgerly looks like that of its owners (a model per product over feature usage, ${result.window.from} to ${result.window.to}; a product's own features never count).`)}
  ${productFilter}
  ${result.products.length === 0 ? notice('No active account has a `products` trait yet.') : ''}
  ${result.products.map((p) => card(`Product ${p.product}`,
    kpis([
      { label: 'Accounts with it', value: num(p.owners), hint: `${pct(p.share)} of ${num(result.accounts)} active` },
      { label: 'Candidates', value: num(p.candidates.total) },
      { label: 'Backtest AUC', value: p.backtest.auc === null ? '–' : p.backtest.auc.toFixed(2), hint: '0.5 is chance' },
      { label: 'Top-decile lift', value: p.backtest.lift === null ? '–' : `${p.backtest.lift.toFixed(1)}×`, hint: 'conversion vs base rate' },
    ]),
    html`<p class="sub">${backtestLine(p)}</p>`,
    p.model
      ? barChart({ title: `What ${p.product} owners use more (model weights)`, bars: p.model.weights.slice(0, 10).map((w) => ({ label: w.feature, value: w.weight, color: w.weight > 0 ? PALETTE[0] : '#94a3b8' })), format: (v) => v.toFixed(2) })
      : notice(`Too few owners or non-owners of ${p.product} to learn from: no ranking.`),
    dataTable({
      rows: crossSell.table({ ...result, products: [p] }),
      csv: csvHref('cross-sell', { ...query, product: p.product, limit: '500' }),
      render: { accountId: accountLink },
    }),
    query.product && p.candidates.nextCursor
      ? html`<p><a href="/dashboard/cross-sell?${new URLSearchParams({ ...reportQuery(query), cursor: p.candidates.nextCursor }).toString()}">Next ${CANDIDATES_SHOWN} →</a></p>`
      : html``,
  ))}`
}
