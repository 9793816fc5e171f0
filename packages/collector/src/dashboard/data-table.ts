import { html } from 'hono/html'
import type { Html } from './charts'
import { COLUMN_DEFINITIONS, COLUMN_KINDS, type ColumnKey, type ColumnKind } from './i18n/columns'
import { badge, bandBadge, tierBadge } from './layout'
import type { View } from './view'

/**
 * Tables in words: each field under its header in the page's language (its definition on hover),
 * each value written by its kind (a rate as a percentage, hours as a duration, a band as a badge),
 * with the first column kept in view while a wide table scrolls inside its card.
 */

export interface Column {
  key: string
  /** The header; by default the column's name in the catalog. */
  label?: string
  kind?: ColumnKind
  /** Custom content of a cell (a link, a list). */
  render?: (row: Record<string, unknown>) => Html | string
  /** Text that wraps (reasons, drivers, signals) instead of widening the table. */
  wrap?: boolean
  /** A header that sorts the table: where it links and whether the table is sorted by it now. */
  sort?: { href: string; state: 'ascending' | 'descending' | 'none' }
}

/** The header of a column in the page's language. */
export const columnLabel = (view: View, key: string): string => (Object.hasOwn(view.t.columns, key) ? view.t.columns[key as ColumnKey] : key)

const kindOf = (key: string, rows: Record<string, unknown>[]): ColumnKind =>
  (Object.hasOwn(COLUMN_KINDS, key) ? COLUMN_KINDS[key as ColumnKey] : undefined) ??
  (rows.some((row) => typeof row[key] === 'number') && rows.every((row) => typeof row[key] === 'number' || row[key] === null || row[key] === undefined) ? 'count' : 'text')

const NUMERIC: ReadonlySet<ColumnKind> = new Set(['count', 'percent', 'points', 'hours', 'money', 'decimal', 'score', 'change'])

/** One value written by its kind. */
export function cellText(view: View, kind: ColumnKind, value: unknown): Html | string {
  const { f, t } = view
  if (value === null || value === undefined || value === '') return '–'
  const number = typeof value === 'number' ? value : null
  switch (kind) {
    case 'count': return number === null ? String(value) : f.number(number, Number.isInteger(number) ? 0 : 2)
    case 'percent': return f.percent(number, 1)
    case 'points': return number === null ? '–' : t.common.points(f.signed(number * 100, 1))
    case 'hours': return f.hours(number)
    case 'money': return f.money(number)
    case 'decimal': return f.number(number, 2)
    case 'score': return f.number(number, 1)
    case 'change': return f.signed(number, 1)
    case 'date': return f.date(String(value))
    case 'dateTime': return f.dateTime(String(value))
    case 'month': return f.month(String(value))
    case 'band': return bandBadge(view, String(value))
    case 'tier': return tierBadge(view, String(value))
    case 'boolean': return value === true ? t.common.yes : value === false ? t.common.no : String(value)
    case 'code': {
      const code = String(value)
      if (Object.hasOwn(t.units, code)) return t.units[code as keyof typeof t.units]
      if (Object.hasOwn(t.codes, code)) return t.codes[code as keyof typeof t.codes]
      return code
    }
    case 'text':
      return value instanceof Date ? f.dateTime(value) : typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
}

/** A table of rows with a header per column, a row count and a CSV link when `csv` is given. */
export function dataTable(view: View, options: { rows: Record<string, unknown>[]; columns?: Array<string | Column>; csv?: string; open?: boolean; caption: string }): Html {
  const { t } = view
  const columns: Column[] = (options.columns ?? (options.rows[0] ? Object.keys(options.rows[0]) : [])).map((col) => (typeof col === 'string' ? { key: col } : col))
  const kinds = new Map(columns.map((col) => [col.key, col.kind ?? kindOf(col.key, options.rows)]))
  const header = (col: Column) => {
    const label = col.label ?? columnLabel(view, col.key)
    const definition = Object.hasOwn(COLUMN_DEFINITIONS, col.key) ? COLUMN_DEFINITIONS[col.key as ColumnKey] : undefined
    const numeric = NUMERIC.has(kinds.get(col.key)!)
    const content = col.sort ? html`<a href="${col.sort.href}" title="${t.common.sortBy(label)}">${label}${col.sort.state === 'ascending' ? ' ▲' : col.sort.state === 'descending' ? ' ▼' : ''}</a>` : label
    return html`<th scope="col" class="${numeric ? 'num' : ''}" ${definition ? html`title="${t.definitions[definition]}"` : ''} ${col.sort ? html`aria-sort="${col.sort.state}"` : ''}>${content}</th>`
  }
  const table = html`<div class="tablewrap" role="region" aria-label="${t.common.tableOf(options.caption)}" tabindex="0"><table>
    <caption class="visually-hidden">${options.caption}</caption>
    <thead><tr>${columns.map(header)}</tr></thead>
    <tbody>${options.rows.length === 0 ? html`<tr><td colspan="${Math.max(1, columns.length)}">${t.common.noRows}</td></tr>` : ''}
    ${options.rows.map((row) => html`<tr>${columns.map((col) => {
      const kind = kinds.get(col.key)!
      const value = row[col.key]
      const long = col.wrap || (kind === 'text' && typeof value === 'string' && value.length > 40)
      return html`<td class="${NUMERIC.has(kind) ? 'num' : long ? 'long' : ''}">${col.render ? col.render(row) : cellText(view, kind, value)}</td>`
    })}</tr>`)}</tbody>
  </table></div>`
  const bar = html`<div class="tablebar"><span class="sub" style="margin:0">${t.common.rows(options.rows.length, view.f.number(options.rows.length))}</span>${options.csv ? html`<a class="csv" href="${options.csv}" download>${t.common.downloadCsv}</a>` : ''}</div>`
  return options.open === false
    ? html`<details class="numbers"><summary>${t.common.numbersBehind}</summary>${bar}${table}</details>`
    : html`${bar}${table}`
}

/** A badge for a true flag (negative churn), nothing otherwise. */
export const flagBadge = (on: unknown, text: string, color: string): Html | string => (on === true ? badge(text, color) : '')
