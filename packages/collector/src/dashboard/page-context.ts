import { html } from 'hono/html'
import type { Html } from './charts'
import type { DashboardData } from './tables'
import type { View } from './view'

/** What a report page is rendered from. */
export interface PageContext {
  data: DashboardData
  /** The page's filters, validated. */
  query: Record<string, string>
  view: View
  /** The filter form, showing `period` (the one the page's report used) and the page's own fields. */
  form(period?: { from: string; to: string }, extra?: Html): Html
}

/** A link to an account's page, named by its name when it has one. */
export const accountLink = (id: string, name?: string | null): Html => html`<a href="/dashboard/accounts/${encodeURIComponent(id)}">${name || id}</a>`

/** Items as a compact list inside a table cell. */
export const cellList = (items: readonly string[]): Html | string =>
  items.length === 0 ? '–' : items.length === 1 ? items[0]! : html`<ul class="reasons">${items.map((item) => html`<li>${item}</li>`)}</ul>`

/** Width of a chart in a two-column grid, so its text keeps its size. */
export const GRID = 440
