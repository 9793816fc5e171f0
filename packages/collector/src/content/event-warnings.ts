import type { ContentWarning } from '@goyo/schema'
import type { SqlClient } from '../store/sql'
import { formatIssues } from './source'

/**
 * The content's warnings without the event warnings (see `unsentEvents` in the schema) whose event
 * the collector has already received: an event the app demonstrably sends needs no warning.
 * Others (locales, see `localeWarnings`) stay. What remains is worth a line in the log at start
 * and on every reload.
 */
export async function unreceivedEventWarnings(sql: SqlClient, warnings: readonly ContentWarning[]): Promise<ContentWarning[]> {
  const names = [...new Set(warnings.flatMap((warning) => (warning.event === undefined ? [] : [warning.event])))]
  if (names.length === 0) return [...warnings]
  // One index probe per name (user_firsts_name), whatever the history's size.
  const received = await sql.query<{ name: string }>(
    `SELECT n AS name FROM unnest($1::text[]) AS n WHERE EXISTS (SELECT 1 FROM user_firsts WHERE kind = 'event' AND name = n)`,
    [names],
  )
  const seen = new Set(received.map((row) => row.name))
  return warnings.filter((warning) => warning.event === undefined || !seen.has(warning.event))
}

/** The warnings as log lines, `file:line: path: message`, like the errors of an invalid file. */
export function formatWarnings(file: string, warnings: readonly ContentWarning[]): string {
  const about = warnings.every((warning) => warning.event !== undefined) ? ', events the content waits for that the collector has never received' : ''
  return `${file}: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}${about}:\n${formatIssues(file, warnings)}`
}
