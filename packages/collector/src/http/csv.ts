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
 * Renders rows as CSV with a header line; the columns are the keys of the first row unless given.
 *
 * @example
 * toCsv([{ event: 'Feature Used', count: 3 }]) // 'event,count\r\nFeature Used,3\r\n'
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const header = columns ?? (rows[0] ? Object.keys(rows[0]) : [])
  const lines = [header.map(field).join(',')]
  for (const row of rows) lines.push(header.map((column) => field(row[column])).join(','))
  return lines.join('\r\n') + '\r\n'
}
