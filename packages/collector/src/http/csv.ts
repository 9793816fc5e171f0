/** Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas. */
function field(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)
  // A cell starting with = + - @ is run as a formula by spreadsheet apps (CSV injection).
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`
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
