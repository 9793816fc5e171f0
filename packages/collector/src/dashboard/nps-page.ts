import { html } from 'hono/html'
import type { NpsReport } from '../reports/nps'
import type { NpsCommentsReport, NpsGroup } from '../reports/nps-comments'
import { lineChart, stackedBars, type Html } from './charts'
import { dataTable } from './data-table'
import { itemTitle } from './i18n/titles'
import { badge, BAND_COLORS, card, kpis, notice, PALETTE, pageHeader, tierBadge } from './layout'
import { accountLink, GRID, type PageContext } from './page-context'
import { csvHref, report, rowsOf } from './tables'
import type { View } from './view'

const GROUPS: NpsGroup[] = ['promoters', 'passives', 'detractors']
/** Comments the page shows; the CSV has up to 500. */
const COMMENTS_SHOWN = 20
const GROUP_COLORS: Record<NpsGroup, string> = { promoters: BAND_COLORS.green!, passives: BAND_COLORS.yellow!, detractors: BAND_COLORS.red! }

const mix = (view: View, row: { promoters: number; passives: number; detractors: number }) =>
  (['detractors', 'passives', 'promoters'] as const).map((key) => ({ key, label: view.t.nps.groups[key], value: row[key], color: GROUP_COLORS[key] }))

/** The comments, newest first: what each respondent said, with their score, account and tier. */
function commentList(view: View, comments: NpsCommentsReport, survey: (id: string) => string | null): Html {
  const { t, f } = view
  if (comments.comments.length === 0) return notice(t.nps.noComments)
  return html`<ol class="comments">${comments.comments.map((c) => html`<li>
    ${badge(`${f.number(c.score)} · ${t.nps.groupOf[c.group]}`, GROUP_COLORS[c.group])} <time class="meta" datetime="${c.at}">${f.dateTime(c.at)}</time>
    <blockquote>${c.comment}</blockquote>
    <div class="meta">${t.nps.by(c.respondent)}${c.accountId ? html` · ${accountLink(c.accountId, c.accountName)}` : html` · ${t.common.noAccount}`} ${c.tier ? tierBadge(view, c.tier) : ''}${c.survey && survey(c.survey) ? html` · ${survey(c.survey)}` : ''}</div>
  </li>`)}</ol>${comments.total > comments.comments.length ? html`<p class="sub">${t.nps.moreComments(f.number(comments.comments.length), f.number(comments.total))}</p>` : ''}`
}

/** `/dashboard/nps`: the score over time and by tier, and what respondents said. */
export async function npsPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const { group, ...scoreQuery } = query
  const [result, comments] = await Promise.all([
    report<NpsReport>(data, 'nps', { ...scoreQuery, interval: 'week' }),
    report<NpsCommentsReport>(data, 'nps-comments', { ...query, limit: String(COMMENTS_SHOWN) }),
  ])
  const content = data.content()
  const groupField = html`<label>${t.nps.group}<select name="group"><option value="">${t.nps.allGroups}</option>${GROUPS.map((g) => html`<option value="${g}" ${group === g ? 'selected' : ''}>${t.nps.groups[g]}</option>`)}</select></label>`
  const tierLabel = (row: { tier: string | null; noAccount: boolean }) => (row.noAccount ? t.common.noAccount : (row.tier ?? t.common.noTier))
  return html`${pageHeader(view, {
    title: t.nps.title, intro: t.nps.intro(f.date(result.period.from), f.date(result.period.to)), form: form(result.period, groupField),
    define: ['nps', 'promoters', 'passives', 'detractors', 'respondents'],
  })}
  ${kpis(view, [
    { label: t.nps.score, value: f.number(result.nps), define: 'nps' },
    { label: t.nps.respondents, value: f.number(result.respondents), define: 'respondents' },
    { label: t.nps.promoters, value: f.number(result.promoters), color: GROUP_COLORS.promoters, define: 'promoters' },
    { label: t.nps.passives, value: f.number(result.passives), color: GROUP_COLORS.passives, define: 'passives' },
    { label: t.nps.detractors, value: f.number(result.detractors), color: GROUP_COLORS.detractors, define: 'detractors' },
  ])}
  ${card(t.nps.comments, html`<p class="sub">${t.nps.commentsIntro}</p>`, commentList(view, comments, (id) => (content.surveys.length > 1 ? itemTitle(content, 'surveys', id, view.locale) : null)),
    html`<p><a class="csv" href="${csvHref('nps-comments', query)}" download>${t.common.downloadCsv}</a></p>`)}
  <div class="grid">
    ${card(t.nps.overTime,
      lineChart({
        width: GRID, title: t.nps.overTimeChart, empty: t.nps.noAnswers, format: (v) => f.number(v), min: -100, max: 100,
        series: [{ label: t.nps.score, color: PALETTE[0]!, points: result.overTime.map((r) => ({ x: f.day(r.start), y: r.nps })) }],
      }))}
    ${card(t.nps.mixChart, stackedBars({ width: GRID, title: t.nps.mixChart, empty: t.nps.noAnswers, format: (v) => f.number(v), rows: result.overTime.map((r) => ({ label: f.day(r.start), parts: mix(view, r) })) }))}
  </div>
  ${card(t.nps.byTier,
      stackedBars({ title: t.nps.byTierChart, empty: t.nps.noAnswers, format: (v) => f.number(v), rows: result.byTier.map((r) => ({ label: tierLabel(r), parts: mix(view, r) })) }),
      dataTable(view, {
        caption: t.nps.byTier, rows: rowsOf('nps-tiers', result, view, content), csv: csvHref('nps-tiers', scoreQuery),
        columns: [{ key: 'tier', render: (row) => (row.noAccount ? t.common.noAccount : tierBadge(view, row.tier as string | null)) }, 'respondents', 'promoters', 'passives', 'detractors', 'nps'],
      }))}
  ${card(t.nps.table, dataTable(view, { caption: t.nps.table, rows: rowsOf('nps', result, view, content), csv: csvHref('nps', scoreQuery), open: false }))}`
}
