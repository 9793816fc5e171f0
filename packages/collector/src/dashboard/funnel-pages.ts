import { html } from 'hono/html'
import type { ChecklistsReport } from '../reports/checklists'
import type { PromptsReport } from '../reports/prompts'
import { barChart, type Html } from './charts'
import { dataTable } from './data-table'
import { itemTitle } from './i18n/titles'
import { BAND_COLORS, card, kpis, notice, PALETTE, pageHeader } from './layout'
import { GRID, type PageContext } from './page-context'
import { csvHref, report, rowsOf } from './tables'

/** `/dashboard/onboarding`: each checklist's funnel, step by step, named by its titles. */
export async function onboardingPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const result = await report<ChecklistsReport>(data, 'checklists', query)
  const content = data.content()
  return html`${pageHeader(view, {
    title: t.onboarding.title, intro: t.onboarding.intro(f.date(result.period.from), f.date(result.period.to)), form: form(result.period),
    define: ['checklistStarted', 'stepRate', 'completionRate', 'timeToComplete'],
  })}
  ${result.checklists.length === 0 ? notice(t.onboarding.none) : ''}
  ${result.checklists.map((c) => {
    const title = itemTitle(content, 'checklists', c.checklist, view.locale)
    return card(title,
      kpis(view, [
        { label: t.onboarding.started, value: f.number(c.started), define: 'checklistStarted' },
        { label: t.onboarding.completed, value: f.number(c.completed), hint: t.onboarding.completionHint(f.percent(c.completionRate)), define: 'completionRate' },
        { label: t.onboarding.timeToComplete, value: f.hours(c.medianHoursToComplete), define: 'timeToComplete' },
        { label: t.onboarding.dismissed, value: f.number(c.dismissed) },
      ]),
      barChart({
        title: t.onboarding.funnel(title), empty: t.onboarding.none, format: (v) => f.number(v),
        bars: [
          { label: t.onboarding.startedBar, value: c.started, color: PALETTE[1] },
          ...c.items.map((item) => ({ label: item.title ?? item.item, value: item.users, note: `(${f.percent(item.rate)})` })),
          { label: t.onboarding.completedBar, value: c.completed, color: BAND_COLORS.green },
        ],
      }))
  })}
  ${card(t.onboarding.all, dataTable(view, { caption: t.onboarding.all, rows: rowsOf('checklists', result, view, content), csv: csvHref('checklists', query) }))}`
}

/** `/dashboard/prompts`: each prompt's funnel and its lift over the holdout. */
export async function promptsPage({ data, query, view, form }: PageContext): Promise<Html> {
  const { t, f } = view
  const result = await report<PromptsReport>(data, 'prompts', query)
  const content = data.content()
  const points = (ratio: number) => f.signed(ratio * 100, 1)
  const reason = (code: string) => (Object.hasOwn(t.suppressed, code) ? t.suppressed[code as keyof typeof t.suppressed] : t.suppressed.other)
  return html`${pageHeader(view, {
    title: t.prompts.title, intro: t.prompts.intro(f.date(result.period.from), f.date(result.period.to)), form: form(result.period),
    define: ['conversionRate', 'lift', 'suppressed'],
  })}
  ${result.prompts.length === 0 ? notice(t.prompts.none) : ''}
  ${result.prompts.map((p) => {
    const title = itemTitle(content, 'prompts', p.prompt, view.locale)
    if (p.treated.accounts + p.holdout.accounts === 0) return card(title, notice(t.prompts.noneFor))
    return card(title,
      kpis(view, [
        { label: t.prompts.treated, value: f.percent(p.treated.conversionRate, 1), hint: t.prompts.ofAccounts(f.number(p.treated.convertedAccounts), f.number(p.treated.accounts)), define: 'conversionRate' },
        { label: t.prompts.holdout, value: f.percent(p.holdout.conversionRate, 1), hint: t.prompts.ofAccounts(f.number(p.holdout.convertedAccounts), f.number(p.holdout.accounts)), define: 'conversionRate' },
        {
          label: t.prompts.lift, value: p.lift.absolute === null ? '–' : t.prompts.liftValue(points(p.lift.absolute)), define: 'lift',
          hint: p.lift.ci95 ? t.prompts.interval(points(p.lift.ci95.low), points(p.lift.ci95.high)) : t.prompts.noInterval,
        },
        {
          label: t.prompts.heldBack, value: f.number(p.suppressed.reduce((s, r) => s + r.count, 0)), define: 'suppressed',
          hint: p.suppressed.map((r) => `${reason(r.reason)}: ${f.number(r.count)}`).join(' · ') || undefined,
        },
      ]),
      html`<div class="grid">${[
        barChart({ width: GRID, title: t.prompts.funnel(title), empty: t.prompts.noneFor, format: (v) => f.number(v), bars: [
          { label: t.prompts.eligible, value: p.treated.accounts, color: PALETTE[1] },
          { label: t.prompts.shown, value: p.treated.shownAccounts },
          { label: t.prompts.clicked, value: p.treated.clickedAccounts },
          { label: t.prompts.converted, value: p.treated.convertedAccounts, color: BAND_COLORS.green },
        ] }),
        barChart({ width: GRID, title: t.prompts.compare(title), empty: t.prompts.noneFor, format: (v) => f.percent(v, 1), bars: [
          { label: t.codes.treated, value: p.treated.conversionRate },
          { label: t.codes.holdout, value: p.holdout.conversionRate, color: '#64748b' },
        ] }),
      ]}</div>`)
  })}
  ${card(t.prompts.all, dataTable(view, { caption: t.prompts.all, rows: rowsOf('prompts', result, view, content), csv: csvHref('prompts', query) }))}`
}
