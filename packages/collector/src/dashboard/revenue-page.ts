import { html } from 'hono/html'
import { revenue, type RevenueMonth, type RevenueReport } from '../reports/revenue'
import { revenueAttribution, type RevenueAttributionReport } from '../reports/revenue-attribution'
import { barChart, lineChart, niceMax, type Html } from './charts'
import { badge, card, dataTable, kpis, notice, num, PALETTE, pct } from './layout'
import { csvHref, report, type DashboardData } from './tables'

type Query = Record<string, string>

/** The bridge's movements, in the order they stack: gains up from zero, losses down. */
const GAINS = [
  { key: 'new', label: 'New', color: PALETTE[0]! },
  { key: 'reactivation', label: 'Reactivation', color: '#65a30d' },
  { key: 'upsell', label: 'Upsell', color: PALETTE[1]! },
  { key: 'crossSell', label: 'Cross-sell', color: '#0891b2' },
] as const
const LOSSES = [
  { key: 'contraction', label: 'Contraction', color: '#d97706' },
  { key: 'churned', label: 'Churned', color: '#dc2626' },
] as const
const NEGATIVE_CHURN = '#16a34a'

const money = (value: number | null | undefined) => (value === null || value === undefined ? '–' : Math.round(value).toLocaleString('en'))
/** Axis labels: 692k rather than 692,309, so they fit the chart's margin. */
const compact = (value: number) => new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(value)
const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en', { month: 'short', year: '2-digit', timeZone: 'UTC' })

/**
 * The MRR bridge as diverging columns: per month, new, reactivation, upsell and cross-sell stacked
 * above the zero line, contraction and churn below it; a month with negative net churn carries a
 * green ▲ above its column. Starting and ending MRR are in the table and the line chart, since
 * their scale would flatten the movements.
 */
export function bridgeChart(months: readonly RevenueMonth[], width = 880): Html {
  const height = 260
  const left = 56
  const right = 12
  const top = 22
  const bottom = 30
  const up = niceMax(Math.max(0, ...months.map((m) => GAINS.reduce((sum, g) => sum + m[g.key], 0))))
  const down = Math.max(...months.map((m) => LOSSES.reduce((sum, l) => sum + m[l.key], 0))) > 0
    ? niceMax(Math.max(...months.map((m) => LOSSES.reduce((sum, l) => sum + m[l.key], 0))))
    : 0
  const plotH = height - top - bottom
  const scale = plotH / (up + down)
  const zero = top + up * scale
  const slot = (width - left - right) / Math.max(1, months.length)
  const barW = Math.min(44, slot * 0.64)
  const labelEvery = Math.max(1, Math.ceil(months.length / 12))
  const columns = months.map((m, i) => {
    const cx = left + slot * i + slot / 2
    let above = zero
    let below = zero
    const rects = [
      ...GAINS.map((g) => {
        const h = m[g.key] * scale
        above -= h
        return h > 0 ? html`<rect x="${(cx - barW / 2).toFixed(1)}" y="${above.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${g.color}"><title>${monthLabel(m.month)} ${g.label}: ${money(m[g.key])}</title></rect>` : ''
      }),
      ...LOSSES.map((l) => {
        const h = m[l.key] * scale
        const y = below
        below += h
        return h > 0 ? html`<rect x="${(cx - barW / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${l.color}"><title>${monthLabel(m.month)} ${l.label}: −${money(m[l.key])}</title></rect>` : ''
      }),
    ]
    return html`<g class="bridge__month" data-month="${m.month}">
      ${rects}
      ${m.negativeNetChurn ? html`<text class="bridge__negative" x="${cx.toFixed(1)}" y="${(above - 5).toFixed(1)}" text-anchor="middle" font-size="12" fill="${NEGATIVE_CHURN}">▲<title>${monthLabel(m.month)}: negative net churn (${pct(m.netRevenueChurn, 1)})</title></text>` : ''}
      ${i % labelEvery === 0 ? html`<text x="${cx.toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11" fill="#64748b">${monthLabel(m.month)}</text>` : ''}
    </g>`
  })
  // A tick too close to the zero line would print over its label.
  const ticks = [up, up / 2, 0, ...(down > 0 ? [-down / 2, -down] : [])].filter((t) => t === 0 || Math.abs(t * scale) >= 14)
  return html`<figure class="chart">
  <svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="MRR bridge per month: gains above zero, losses below" class="chart__svg bridge">
    <title>MRR bridge per month</title>
    ${ticks.map((t) => html`<line x1="${left}" x2="${width - right}" y1="${(zero - t * scale).toFixed(1)}" y2="${(zero - t * scale).toFixed(1)}" stroke="${t === 0 ? '#94a3b8' : '#e2e8f0'}"/><text x="${left - 6}" y="${(zero - t * scale + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#64748b">${t < 0 ? '−' : ''}${compact(Math.abs(t))}</text>`)}
    ${columns}
  </svg>
  <figcaption class="legend">${[...GAINS, ...LOSSES].map((item) => html`<span class="legend__item"><i style="background:${item.color}"></i>${item.label}</span>`)}<span class="legend__item" style="color:${NEGATIVE_CHURN}">▲ negative net churn</span></figcaption>
</figure>`
}

/** The revenue parameters a dashboard URL may carry (dates stand for their months). */
const revenueQuery = (query: Query): Query => {
  const kept: Query = {}
  for (const key of ['from', 'to', 'tier'] as const) if (query[key]?.trim()) kept[key] = query[key]!.trim()
  return kept
}

/**
 * `/dashboard/revenue`: the MRR bridge (cs-metrics §5.2) as a chart and a table with its CSV, the
 * last complete month's NRR, GRR and churn as tiles, the month in progress as month-to-date, negative-churn months flagged, and expansion
 * attributed to prompts against their holdout.
 */
export async function revenuePage(data: DashboardData, query: Query, toolbar: Html = html``): Promise<Html> {
  const q = revenueQuery(query)
  const [result, attribution] = await Promise.all([
    report<RevenueReport>(data, 'revenue', q),
    report<RevenueAttributionReport>(data, 'revenue-attribution', q),
  ])
  const title = html`<h1>Revenue</h1><p class="sub">MRR bridge per calendar month (UTC), ${monthLabel(result.period.from)} to ${monthLabel(result.period.to)}. Rates are over S, the MRR of accounts paying at the month's start.</p>${toolbar}`
  // Empty only when no month of the period has any MRR: a workspace whose first customers
  // arrived this month has new MRR, and the report says so.
  const paid = result.months.some((m) => m.startingMrr > 0 || m.endingMrr > 0 || m.new > 0 || m.reactivation > 0 || m.churned > 0)
  if (!paid) return html`${title}${notice('No account paid in this period: send mrr or arr as account traits, or Subscription events with mrr.')}`
  const { lastCompleteMonth: last, monthToDate: current } = result.headline
  const negatives = result.negativeNetChurnMonths.length
  const noStart = (m: { month: string }) => `no paying customers when ${monthLabel(m.month)} began`
  return html`${title}
  ${last ? kpis([
    { label: `NRR, ${monthLabel(last.month)}`, value: pct(last.nrr, 1), hint: last.nrr === null ? noStart(last) : 'net revenue retention, last complete month', color: (last.nrr ?? 0) >= 1 ? NEGATIVE_CHURN : undefined },
    { label: 'GRR', value: pct(last.grr, 1), hint: 'gross revenue retention' },
    { label: 'Gross revenue churn', value: pct(last.grossRevenueChurn, 1), hint: 'churned + contraction' },
    { label: 'Net revenue churn', value: pct(last.netRevenueChurn, 1), hint: last.negativeNetChurn ? 'negative churn: expansion outweighs losses' : 'churned + contraction − expansion' },
    { label: 'Logo churn', value: pct(last.logoChurnRate, 1), hint: `${num(last.customersLost)} of ${num(last.customersAtStart)} customers` },
    { label: 'Ending MRR', value: money(result.totals.endingMrr), hint: `negative churn in ${negatives} of ${result.months.length} months` },
  ]) : notice('No month of this period is over yet: the figures below are month to date.')}
  ${current ? html`<p class="sub" data-month-to-date="${current.month}">${monthLabel(current.month)} to date (${num(current.days)} ${current.days === 1 ? 'day' : 'days'}, until the month ends): new MRR ${money(current.newMrr)}, NRR ${pct(current.nrr, 1)}, GRR ${pct(current.grr, 1)}, logo churn ${pct(current.logoChurnRate, 1)}, MRR now ${money(current.endingMrr)}.</p>` : ''}
  ${card('MRR bridge', bridgeChart(result.months), lineChart({
    title: 'Ending MRR per month',
    series: [{ label: 'Ending MRR', color: PALETTE[0]!, points: result.months.map((m) => ({ x: monthLabel(m.month), y: m.endingMrr })) }],
    format: compact, height: 160,
  }), dataTable({
    // The same rows as the CSV: a download is exactly what was shown.
    rows: revenue.table(result),
    csv: csvHref('revenue', q),
    render: { negativeNetChurn: (row) => (row.negativeNetChurn ? badge('negative churn', NEGATIVE_CHURN) : '') },
  }))}
  ${card('Expansion attributed to prompts: MRR per eligible account within the window after a conversion (converted accounts in brackets)', attribution.prompts.length === 0
    ? notice('No prompt has a convertedWhen goal in the content file.')
    : barChart({
      title: 'Expansion MRR per eligible account, treated and holdout (converted accounts in brackets)',
      bars: attribution.prompts.flatMap((p) => [
        { label: `${p.prompt} (treated)`, value: p.treated.perEligibleAccount, note: `(${num(p.treated.convertedAccounts)})` },
        { label: `${p.prompt} (holdout)`, value: p.holdout.perEligibleAccount, color: '#94a3b8', note: `(${num(p.holdout.convertedAccounts)})` },
      ]),
      format: (v) => v.toLocaleString('en', { maximumFractionDigits: 2 }),
    }), dataTable({ rows: revenueAttribution.table(attribution), csv: csvHref('revenue-attribution', q), open: false }))}`
}
