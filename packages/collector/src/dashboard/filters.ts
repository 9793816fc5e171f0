import { MAX_PARAMETER_DATE, MIN_PARAMETER_DATE } from '@goyo/schema'
import { html } from 'hono/html'
import { daysBetween, MAX_PERIOD_DAYS } from '../reports/params'
import { MAX_REVENUE_MONTHS } from '../reports/revenue-params'
import type { Html } from './charts'
import type { View } from './view'

/**
 * The period and tier filter of a report page: a plain GET form that always shows the period in
 * use, keeps what was typed, and marks a wrong field with the reason right beside it.
 */

export type FilterField = 'from' | 'to' | 'tier'
export type FilterErrors = Partial<Record<FilterField, string>>
/** Days for most reports; months for the revenue reports. */
export type PeriodUnit = 'day' | 'month'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/

const isCalendarDay = (value: string) => {
  if (!DAY.test(value)) return false
  const time = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value && value >= MIN_PARAMETER_DATE && value <= MAX_PARAMETER_DATE
}
const isMonth = (value: string) => MONTH.test(value) && isCalendarDay(`${value.slice(0, 7)}-01`) && (value.length === 7 || isCalendarDay(value))
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7))

/**
 * What is wrong with a page's filters, by field, in the page's language; empty when nothing is.
 * Pure: the same checks the reports make (a date, the order of the ends, the longest period, a
 * tier of the content), said next to the field instead of as an error page.
 */
export function checkFilters(view: View, query: Record<string, string | undefined>, options: { unit: PeriodUnit; tiers: readonly string[] }): FilterErrors {
  const t = view.t.filters
  const errors: FilterErrors = {}
  const valid = options.unit === 'day' ? isCalendarDay : isMonth
  for (const field of ['from', 'to'] as const) {
    const value = query[field]
    if (value !== undefined && !valid(value)) errors[field] = options.unit === 'day' ? t.badDate : t.badMonth
  }
  const { from, to } = query
  if (from && to && !errors.from && !errors.to) {
    if (options.unit === 'day') {
      if (from > to) errors.from = t.fromAfterTo
      else if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) errors.from = t.tooLongDays(view.f.number(MAX_PERIOD_DAYS))
    } else if (from.slice(0, 7) > to.slice(0, 7)) errors.from = t.fromAfterTo
    else if (monthIndex(to) - monthIndex(from) + 1 > MAX_REVENUE_MONTHS) errors.from = t.tooLongMonths(view.f.number(MAX_REVENUE_MONTHS))
  }
  if (query.tier !== undefined && !options.tiers.includes(query.tier)) errors.tier = t.unknownTier
  return errors
}

export interface FilterFormOptions {
  action: string
  unit: PeriodUnit
  tiers: readonly string[]
  /** What the URL asked for (kept as typed when it is wrong). */
  query: Record<string, string | undefined>
  /** The period the page shows, resolved by its report; the inputs show it when the URL gave none. */
  period?: { from: string; to: string }
  errors?: FilterErrors
  /** Further fields of the page (a product, a score group), after the tier. */
  extra?: Html
  /** False for a page about today (at risk): no period to pick. */
  dates?: boolean
  /** The page's other filters, carried along while the form only shows the period and tier (after an error). */
  keep?: Record<string, string>
}

/** The filter form. Its inputs are labelled, and a wrong one is `aria-invalid` and described by its error. */
export function filterForm(view: View, options: FilterFormOptions): Html {
  const t = view.t.filters
  const errors = options.errors ?? {}
  const shown = (field: 'from' | 'to') => {
    const typed = options.query[field]
    const value = errors[field] !== undefined || !options.period ? typed : (typed ?? options.period[field])
    return options.unit === 'month' ? value?.slice(0, 7) : value
  }
  const input = (field: 'from' | 'to') => {
    const error = errors[field]
    return html`<label>${field === 'from' ? t.from : t.to}<input type="${options.unit === 'month' ? 'month' : 'date'}" name="${field}" value="${shown(field) ?? ''}"
      ${error ? html`aria-invalid="true" aria-describedby="filter-${field}-error"` : ''}>${error ? html`<span class="field-error" id="filter-${field}-error">${error}</span>` : ''}</label>`
  }
  const tierError = errors.tier
  return html`<form class="filters" method="get" action="${options.action}" aria-label="${t.label}">
  ${options.dates === false ? '' : html`${input('from')}${input('to')}`}
  <label>${t.tier}<select name="tier" ${tierError ? html`aria-invalid="true" aria-describedby="filter-tier-error"` : ''}><option value="">${t.allTiers}</option>${options.tiers.map((tier) => html`<option value="${tier}" ${options.query.tier === tier ? 'selected' : ''}>${tier}</option>`)}</select>${tierError ? html`<span class="field-error" id="filter-tier-error">${tierError}</span>` : ''}</label>
  ${options.extra ?? ''}
  ${Object.entries(options.keep ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <button class="primary" type="submit">${t.apply}</button>
</form>`
}
