import { html } from 'hono/html'
import type { AdoptionReport } from '../reports/adoption'
import { barChart, columnChart, type Html } from './charts'
import { dataTable } from './data-table'
import { card, kpis, PALETTE, pageHeader } from './layout'
import { accountLink, type PageContext } from './page-context'
import { csvHref, report, rowsOf } from './tables'

/** `/dashboard/adoption`: which features active accounts and users use, the least adopted first to see. */
export async function adoptionPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const result = await report<AdoptionReport>(data, 'adoption', query)
  const histogram = new Map<number, number>()
  for (const account of result.breadth.accounts) histogram.set(account.used, (histogram.get(account.used) ?? 0) + 1)
  const total = result.breadth.keyFeatures.length
  const least = result.features.filter((feature) => feature.accountRate !== null).sort((a, b) => a.accountRate! - b.accountRate!)[0]
  const byRate = [...result.features].sort((a, b) => (b.accountRate ?? -1) - (a.accountRate ?? -1))
  const content = data.content()
  return html`${pageHeader(view, {
    title: t.adoption.title, intro: t.adoption.intro(f.date(result.period.from), f.date(result.period.to), f.number(result.period.days)),
    form: form(result.period), define: ['activeAccounts', 'adoptionRate', 'adoptionChange', 'depth', 'breadth'],
  })}
  ${kpis(view, [
    { label: t.adoption.least, value: least?.feature ?? '–', hint: least ? t.adoption.leastHint(f.percent(least.accountRate)) : undefined, define: 'adoptionRate' },
    { label: t.adoption.activeAccounts, value: f.number(result.active.accounts), hint: t.adoption.previous(f.number(result.previousActive.accounts)), define: 'activeAccounts' },
    { label: t.adoption.activeUsers, value: f.number(result.active.users), hint: t.adoption.previous(f.number(result.previousActive.users)), define: 'activeAccounts' },
    { label: t.adoption.breadth, value: f.percent(result.breadth.meanShare), hint: t.adoption.breadthHint(f.number(total)), define: 'breadth' },
  ])}
  ${card(t.adoption.rates,
    barChart({
      title: t.adoption.accountChart, empty: t.common.noData, format: (v) => f.percent(v), max: 1,
      bars: byRate.map((feature) => ({
        label: feature.feature, value: feature.accountRate,
        note: feature.change.accountRate === null ? '' : t.adoption.change(f.signed(feature.change.accountRate * 100)),
      })),
    }),
    barChart({ title: t.adoption.userChart, empty: t.common.noData, format: (v) => f.percent(v), max: 1, bars: byRate.map((feature) => ({ label: feature.feature, value: feature.userRate, color: PALETTE[1] })) }),
    dataTable(view, { caption: t.adoption.rates, rows: rowsOf('adoption', result, view, content), csv: csvHref('adoption', query) }))}
  ${card(t.adoption.breadthCard,
    columnChart({
      title: t.adoption.breadthChart, empty: t.common.noData, format: (v) => f.number(v),
      columns: Array.from({ length: total + 1 }, (_, used) => ({ label: t.adoption.usedOf(f.number(used), f.number(total)), value: histogram.get(used) ?? 0 })),
    }),
    dataTable(view, {
      caption: t.adoption.breadthCard, rows: rowsOf('breadth', result, view, content), csv: csvHref('breadth', query), open: false,
      columns: [{ key: 'accountId', render: (row) => accountLink(String(row.accountId)) }, 'tier', 'used', 'total', 'share'],
    }))}`
}
