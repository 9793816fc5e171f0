/**
 * A cell that spreadsheet apps would run as a formula (CSV injection): one starting with = + - @,
 * also behind leading spaces or line breaks (which they skip) and in the full-width forms ＝ ＋ －
 * ＠ (which some of them fold to ASCII), or with a tab or carriage return.
 */
const FORMULA = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/

/** Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas. */
function field(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)
  // Numbers stay numbers (-5 is not a formula); only text the customer sent is defused.
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The UTF-8 byte-order mark. Excel reads a CSV file without it in the system's legacy code page
 * (Shift_JIS on Japanese Windows), which garbles every non-ASCII character; with it, as UTF-8.
 */
export const UTF8_BOM = '\uFEFF'

export interface CsvOptions {
  /** The columns, in order; the keys of the first row by default. */
  columns?: readonly string[]
  /** The header of each column; the column's key by default. */
  header?: (column: string) => string
  /** Start with the UTF-8 byte-order mark, for spreadsheet apps. */
  bom?: boolean
}

/**
 * Renders rows as CSV with a header line; the columns are the keys of the first row unless given.
 *
 * @example
 * toCsv([{ event: 'Feature Used', count: 3 }]) // 'event,count\r\nFeature Used,3\r\n'
 * toCsv(rows, { header: (key) => labels[key], bom: true }) // for Excel, in any language
 */
export function toCsv(rows: readonly Record<string, unknown>[], options: CsvOptions = {}): string {
  const columns = options.columns ?? (rows[0] ? Object.keys(rows[0]) : [])
  const lines = [columns.map((column) => field(options.header ? options.header(column) : column)).join(',')]
  for (const row of rows) lines.push(columns.map((column) => field(row[column])).join(','))
  return (options.bom ? UTF8_BOM : '') + lines.join('\r\n') + '\r\n'
}
