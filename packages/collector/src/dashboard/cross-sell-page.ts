import { html } from 'hono/html'
import type { CrossSellReport } from '../reports/cross-sell'
import { barChart, type Html } from './charts'
import { dataTable } from './data-table'
import { card, kpis, notice, PALETTE, pageHeader } from './layout'
import { accountLink, cellList, type PageContext } from './page-context'
import { csvHref, report, reportQuery, signalText } from './tables'
import type { View } from './view'

/** Candidates per product and page; the CSV has up to 500, the API pages through all. */
const CANDIDATES_SHOWN = 15

/** A backtest in one sentence: what a PM checks before trusting the ranking. */
function backtestLine(view: View, p: CrossSellReport['products'][number]): string {
  const { t, f } = view
  const b = p.backtest
  const counts = t.crossSell.backtestCounts(f.number(b.acquirers), f.number(b.scored), p.product, f.date(b.asOf), f.number(b.horizonDays))
  if (b.status === 'no_model') return t.crossSell.backtestNoModel(f.date(b.asOf), counts)
  if (b.status === 'too_few_acquirers') return t.crossSell.backtestTooFew(counts)
  return t.crossSell.backtest(counts, f.number(b.auc, 2), f.percent(b.topDecile.rate), f.number(b.topDecile.acquirers), f.number(b.topDecile.accounts), f.percent(b.baseRate), f.number(b.lift, 1))
}

/** `/dashboard/cross-sell`: per product, the accounts that lack it ranked by how much they look like its owners. */
export async function crossSellPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const result = await report<CrossSellReport>(data, 'cross-sell', { ...query, limit: String(CANDIDATES_SHOWN) })
  // The product menu lists every product, also while one is shown.
  const all = query.product ? await report<CrossSellReport>(data, 'cross-sell', { ...query, product: '', cursor: '', limit: '1' }) : result
  const productField = html`<label>${t.crossSell.product}<select name="product"><option value="">${t.crossSell.allProducts}</option>${all.products.map((p) => html`<option value="${p.product}" ${query.product === p.product ? 'selected' : ''}>${p.product}</option>`)}</select></label>`
  return html`${pageHeader(view, {
    title: t.crossSell.title, intro: t.crossSell.intro(f.date(result.window.from), f.date(result.window.to)), form: form(result.window, productField),
    define: ['propensity', 'auc', 'topDecileLift'],
  })}
  ${result.products.length === 0 ? notice(t.crossSell.none) : ''}
  ${result.products.map((p) => card(t.crossSell.card(p.product),
    kpis(view, [
      { label: t.crossSell.owners, value: f.number(p.owners), hint: t.crossSell.ownersHint(f.percent(p.share), f.number(result.accounts)) },
      { label: t.crossSell.candidates, value: f.number(p.candidates.total) },
      { label: t.crossSell.auc, value: f.number(p.backtest.auc, 2), hint: t.crossSell.aucHint, define: 'auc' },
      { label: t.crossSell.lift, value: p.backtest.lift === null ? '–' : `${f.number(p.backtest.lift, 1)}×`, hint: t.crossSell.liftHint, define: 'topDecileLift' },
    ]),
    html`<p class="sub">${backtestLine(view, p)}</p>`,
    p.model
      ? barChart({ title: t.crossSell.weights(p.product), empty: t.common.noData, format: (v) => f.number(v, 2), bars: p.model.weights.slice(0, 10).map((w) => ({ label: w.feature, value: w.weight, color: w.weight > 0 ? PALETTE[0] : '#64748b' })) })
      : notice(t.crossSell.noModel(p.product)),
    dataTable(view, {
      caption: t.crossSell.card(p.product),
      rows: p.candidates.items.map((c) => ({ rank: c.rank, accountId: c.accountId, name: c.name ?? c.accountId, tier: c.tier, arr: c.arr, propensity: c.score, signals: '' })),
      csv: csvHref('cross-sell', { ...query, product: p.product }),
      columns: [
        'rank', { key: 'name', label: t.columns.account, render: (row) => accountLink(String(row.accountId), String(row.name)) }, 'tier', 'arr', 'propensity',
        { key: 'signals', wrap: true, render: (row) => cellList(p.candidates.items.find((c) => c.accountId === row.accountId)!.signals.map((s) => signalText(view, s))) },
      ],
    }),
    query.product && p.candidates.nextCursor
      ? html`<p><a href="/dashboard/cross-sell?${new URLSearchParams({ ...reportQuery(query), cursor: p.candidates.nextCursor }).toString()}">${t.crossSell.nextPage(f.number(CANDIDATES_SHOWN))}</a></p>`
      : html``,
  ))}`
}
