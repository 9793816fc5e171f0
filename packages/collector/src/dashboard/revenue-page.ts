import { html } from 'hono/html'
import type { RevenueMonth, RevenueReport } from '../reports/revenue'
import type { RevenueAttributionReport } from '../reports/revenue-attribution'
import { barChart, lineChart, niceMax, type Html } from './charts'
import { dataTable, flagBadge } from './data-table'
import { itemTitle } from './i18n/titles'
import { card, kpis, notice, PALETTE, pageHeader } from './layout'
import type { PageContext } from './page-context'
import { csvHref, report, rowsOf } from './tables'
import type { View } from './view'

type Query = Record<string, string>

/** The bridge's movements, in the order they stack: gains up from zero, losses down. */
const GAINS = [
  { key: 'new', color: PALETTE[0]! },
  { key: 'reactivation', color: '#65a30d' },
  { key: 'upsell', color: PALETTE[1]! },
  { key: 'crossSell', color: '#0891b2' },
] as const
const LOSSES = [
  { key: 'contraction', color: '#d97706' },
  { key: 'churned', color: '#dc2626' },
] as const
const NEGATIVE_CHURN = '#15803d'

/**
 * The MRR bridge as diverging columns: per month, new, reactivation, upsell and cross-sell stacked
 * above the zero line, contraction and churn below it; a month with negative net churn carries a
 * green ▲ above its column. Starting and ending MRR are in the table and the line chart, since
 * their scale would flatten the movements.
 */
export function bridgeChart(view: View, months: readonly RevenueMonth[], width = 880): Html {
  const { t, f } = view
  const height = 260
  const left = 56
  const right = 12
  const top = 22
  const bottom = 30
  const gainOf = (m: RevenueMonth) => GAINS.reduce((sum, g) => sum + m[g.key], 0)
  const lossOf = (m: RevenueMonth) => LOSSES.reduce((sum, l) => sum + m[l.key], 0)
  const up = niceMax(Math.max(0, ...months.map(gainOf)))
  const down = Math.max(0, ...months.map(lossOf)) > 0 ? niceMax(Math.max(...months.map(lossOf))) : 0
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
        return h > 0 ? html`<rect x="${(cx - barW / 2).toFixed(1)}" y="${above.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${g.color}"><title>${f.month(m.month)} ${t.revenue.gains[g.key]}: ${f.money(m[g.key])}</title></rect>` : ''
      }),
      ...LOSSES.map((l) => {
        const h = m[l.key] * scale
        const y = below
        below += h
        return h > 0 ? html`<rect x="${(cx - barW / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${l.color}"><title>${f.month(m.month)} ${t.revenue.losses[l.key]}: −${f.money(m[l.key])}</title></rect>` : ''
      }),
    ]
    return html`<g class="bridge__month" data-month="${m.month}">
      ${rects}
      ${m.negativeNetChurn ? html`<text class="bridge__negative" x="${cx.toFixed(1)}" y="${(above - 5).toFixed(1)}" text-anchor="middle" font-size="12" fill="${NEGATIVE_CHURN}">▲<title>${f.month(m.month)}: ${t.revenue.negative} (${f.percent(m.netRevenueChurn, 1)})</title></text>` : ''}
      ${i % labelEvery === 0 ? html`<text x="${cx.toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11" fill="#475569">${f.monthShort(m.month)}</text>` : ''}
    </g>`
  })
  // A tick too close to the zero line would print over its label.
  const ticks = [up, up / 2, 0, ...(down > 0 ? [-down / 2, -down] : [])].filter((tick) => tick === 0 || Math.abs(tick * scale) >= 14)
  const items = [...GAINS.map((g) => ({ label: t.revenue.gains[g.key], color: g.color })), ...LOSSES.map((l) => ({ label: t.revenue.losses[l.key], color: l.color }))]
  return html`<figure class="chart">
  <svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="${t.revenue.bridgeChart}" class="chart__svg bridge">
    <title>${t.revenue.bridgeTitle}</title>
    ${ticks.map((tick) => html`<line x1="${left}" x2="${width - right}" y1="${(zero - tick * scale).toFixed(1)}" y2="${(zero - tick * scale).toFixed(1)}" stroke="${tick === 0 ? '#94a3b8' : '#e2e8f0'}"/><text x="${left - 6}" y="${(zero - tick * scale + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#475569">${tick < 0 ? '−' : ''}${f.compact(Math.abs(tick))}</text>`)}
    ${columns}
  </svg>
  <figcaption class="legend">${items.map((item) => html`<span class="legend__item"><i style="background:${item.color}"></i>${item.label}</span>`)}<span class="legend__item" style="color:${NEGATIVE_CHURN}">▲ ${t.revenue.negative}</span></figcaption>
</figure>`
}

/** The revenue parameters a dashboard URL may carry (dates stand for their months). */
const revenueQuery = (query: Query): Query => {
  const kept: Query = {}
  for (const key of ['from', 'to', 'tier'] as const) if (query[key]?.trim()) kept[key] = query[key]!.trim()
  return kept
}

/** Calendar months (YYYY-MM) as the form's first and last day, so the inputs show the period in use. */
const monthPeriod = (from: string, to: string) => ({ from, to })

/**
 * `/dashboard/revenue`: the last complete month's NRR, GRR and churn as tiles, the month in
 * progress as month to date, retention and churn over the months as a trend, the MRR bridge
 * (cs-metrics §5.2) as a chart and a table with its CSV, and expansion attributed to prompts
 * against their holdout.
 */
export async function revenuePage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const q = revenueQuery(query)
  const [result, attribution] = await Promise.all([
    report<RevenueReport>(data, 'revenue', q),
    report<RevenueAttributionReport>(data, 'revenue-attribution', q),
  ])
  const content = data.content()
  const header = pageHeader(view, {
    title: t.revenue.title, intro: t.revenue.intro(f.month(result.period.from), f.month(result.period.to)), form: form(monthPeriod(result.period.from, result.period.to)),
    define: ['mrr', 'nrr', 'grr', 'logoChurn', 'grossRevenueChurn', 'netRevenueChurn', 'expansion', 'expansionPerEligible'],
  })
  // Empty only when no month of the period has any MRR: a workspace whose first customers
  // arrived this month has new MRR, and the report says so.
  const paid = result.months.some((m) => m.startingMrr > 0 || m.endingMrr > 0 || m.new > 0 || m.reactivation > 0 || m.churned > 0)
  if (!paid) return html`${header}${notice(t.revenue.none)}`
  const { lastCompleteMonth: last, monthToDate: current } = result.headline
  const months = result.months.map((m) => f.monthShort(m.month))
  const series = (label: string, color: string, pick: (m: RevenueMonth) => number | null) => ({ label, color, points: result.months.map((m, i) => ({ x: months[i]!, y: pick(m) })) })
  return html`${header}
  ${last ? kpis(view, [
    { label: t.revenue.nrr(f.month(last.month)), value: f.percent(last.nrr, 1), hint: last.nrr === null ? t.revenue.noStart(f.month(last.month)) : t.revenue.nrrHint, color: (last.nrr ?? 0) >= 1 ? NEGATIVE_CHURN : undefined, define: 'nrr' },
    { label: t.revenue.grr, value: f.percent(last.grr, 1), hint: t.revenue.grrHint, define: 'grr' },
    { label: t.revenue.logoChurn, value: f.percent(last.logoChurnRate, 1), hint: t.revenue.logoChurnHint(f.number(last.customersLost), f.number(last.customersAtStart)), define: 'logoChurn' },
    { label: t.revenue.grossChurn, value: f.percent(last.grossRevenueChurn, 1), hint: t.revenue.grossChurnHint, define: 'grossRevenueChurn' },
    { label: t.revenue.netChurn, value: f.percent(last.netRevenueChurn, 1), hint: last.negativeNetChurn ? t.revenue.negativeHint : t.revenue.netChurnHint, define: 'netRevenueChurn' },
    { label: t.revenue.endingMrr, value: f.money(result.totals.endingMrr), hint: t.revenue.negativeMonths(f.number(result.negativeNetChurnMonths.length), f.number(result.months.length)), define: 'mrr' },
  ]) : notice(t.revenue.noCompleteMonth)}
  ${current ? html`<p class="sub" data-month-to-date="${current.month}">${t.revenue.toDate(f.month(current.month), current.days, f.number(current.days), f.money(current.newMrr), f.percent(current.nrr, 1), f.percent(current.grr, 1), f.percent(current.logoChurnRate, 1), f.money(current.endingMrr))}</p>` : ''}
  ${card(t.revenue.trend,
    lineChart({
      title: t.revenue.trendChart, empty: t.common.noData, format: (v) => f.percent(v), fit: true,
      series: [series('NRR', PALETTE[0]!, (m) => m.nrr), series('GRR', PALETTE[1]!, (m) => m.grr)],
    }),
    lineChart({
      title: t.revenue.churnChart, empty: t.common.noData, format: (v) => f.percent(v), height: 180,
      series: [
        series(t.columns.logoChurnRate, '#dc2626', (m) => m.logoChurnRate),
        series(t.columns.grossRevenueChurn, '#d97706', (m) => m.grossRevenueChurn),
        series(t.columns.netRevenueChurn, PALETTE[3]!, (m) => m.netRevenueChurn),
      ],
    }))}
  ${card(t.revenue.bridge, bridgeChart(view, result.months), lineChart({
    title: t.revenue.endingChart, empty: t.common.noData, format: (v) => f.compact(v), height: 160,
    series: [series(t.columns.endingMrr, PALETTE[0]!, (m) => m.endingMrr)],
  }), dataTable(view, {
    // The same rows as the CSV: a download is exactly what was shown.
    caption: t.revenue.bridge, rows: rowsOf('revenue', result, view, content), csv: csvHref('revenue', q),
    columns: [...Object.keys(rowsOf('revenue', result, view, content)[0] ?? {}).filter((key) => key !== 'negativeNetChurn'),
      { key: 'negativeNetChurn', render: (row) => flagBadge(row.negativeNetChurn, t.revenue.negativeBadge, NEGATIVE_CHURN) }],
  }))}
  ${card(t.revenue.attribution, html`<p class="sub">${t.revenue.attributionIntro}</p>`, attribution.prompts.length === 0
    ? notice(t.revenue.noGoal)
    : barChart({
      title: t.revenue.attributionChart, empty: t.common.noData, format: (v) => f.money(v),
      bars: attribution.prompts.flatMap((p) => {
        const title = itemTitle(content, 'prompts', p.prompt, view.locale)
        return [
          { label: t.revenue.treatedBar(title), value: p.treated.perEligibleAccount, note: `(${f.number(p.treated.convertedAccounts)})` },
          { label: t.revenue.holdoutBar(title), value: p.holdout.perEligibleAccount, color: '#64748b', note: `(${f.number(p.holdout.convertedAccounts)})` },
        ]
      }),
    }), dataTable(view, { caption: t.revenue.attribution, rows: rowsOf('revenue-attribution', attribution, view, content), csv: csvHref('revenue-attribution', q), open: false }))}`
}
