import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { Content } from '@goyo/schema'
import { contentFromText, EMPTY_CONTENT } from './content/source'
import { toCsv } from './http/csv'
import { ReportError, REPORTS, runReport } from './reports/index'
import { foldPolicy } from './rollup/policy'
import { openStore, type StoreLocation } from './store/open'
import { timeZoneSetting } from './cli-rebuild'
import { assertRollupZone } from './rebuild/errors'

const USAGE = `Usage: goyo-collector report <name> [options]

Reports:
${Object.entries(REPORTS).map(([name, r]) => `  ${name.padEnd(11)}${r.description}`).join('\n')}

Options:
  --from YYYY-MM-DD     First day of the period (in GOYO_TIMEZONE, default UTC; default: 29 days before --to, 89 for ttv)
  --to YYYY-MM-DD       Last day of the period, included (default: today in GOYO_TIMEZONE)
  --tier ID             Only accounts currently in this tier
  --feature NAME        adoption: only this feature
  --milestone NAME      ttv: only this milestone
  --interval day|week|month   nps: the over-time buckets (default week)
  --margin FRACTION     ltv: gross margin (default 0.8); revenue reports take --from/--to as YYYY-MM
  --format table|json|csv     Output (default table)
  --data DIR | --database-url URL   The store (env DATABASE_URL; default ./.goyo-data)
  --content FILE        The content file the reports read features, milestones... from (env GOYO_CONTENT)
`

/** Writes rows as aligned columns; long cells are cut so a row stays on one line. */
export function formatTable(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)\n'
  const columns = Object.keys(rows[0]!)
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '-' : typeof value === 'object' ? JSON.stringify(value) : String(value)
    return text.length > 48 ? `${text.slice(0, 47)}…` : text
  }
  const cells = rows.map((row) => columns.map((column) => cell(row[column])))
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]!.length)))
  const numeric = columns.map((_, i) => rows.every((row) => typeof row[columns[i]!] === 'number' || row[columns[i]!] === null))
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd()
  const table = [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n'
  const empty = rows.some((row) => columns.some((column) => row[column] === null || row[column] === undefined))
  // A bare "-" reads like a bug; say what it means, and where the reason is when the table has one.
  return empty ? `${table}\n- = no value${columns.includes('note') ? ' (the note column says why)' : ''}\n` : table
}

async function loadContent(file: string | undefined): Promise<Content> {
  if (!file) return EMPTY_CONTENT
  return contentFromText(file, await readFile(file, 'utf8'))
}

/**
 * `goyo-collector report <name>`: runs one report of `reports/index.ts` against a store and prints
 * it as a table (its main table), JSON (the whole report) or CSV. Resolves with the exit code.
 */
export async function reportCommand(argv: string[], env: NodeJS.ProcessEnv, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const err = (text: string) => process.stderr.write(text)
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' }, to: { type: 'string' }, tier: { type: 'string' }, feature: { type: 'string' },
        milestone: { type: 'string' }, interval: { type: 'string' }, format: { type: 'string' }, margin: { type: 'string' },
        data: { type: 'string' }, 'database-url': { type: 'string' }, content: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    out(USAGE)
    return 0
  }
  const name = positionals[0]
  const format = values.format ?? 'table'
  if (!name || positionals.length > 1 || !['table', 'json', 'csv'].includes(format)) {
    err(`${!name ? 'which report?' : positionals.length > 1 ? `one report at a time, not ${positionals.join(' ')}` : 'format must be table, json or csv'}\n\n${USAGE}`)
    return 2
  }
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL
  if (values.data && databaseUrl) {
    err(`give either --data or --database-url, not both\n\n${USAGE}`)
    return 2
  }
  const location: StoreLocation = databaseUrl ? { databaseUrl } : { dataDir: values.data ?? env.GOYO_DATA_DIR ?? './.goyo-data' }
  const query = Object.fromEntries(
    (['from', 'to', 'tier', 'feature', 'milestone', 'interval', 'margin'] as const).filter((key) => values[key] !== undefined).map((key) => [key, values[key]]),
  )
  try {
    const timeZone = timeZoneSetting(env)
    const content = await loadContent(values.content ?? env.GOYO_CONTENT)
    const store = await openStore(location)
    try {
      // Rollups being rebuilt, or cut in another zone, would give a wrong answer: say so instead.
      await assertRollupZone(store.sql, timeZone)
      // Events a collector stored but has not folded yet count too.
      await store.fold(foldPolicy(content))
      const { result, table } = await runReport(name, { sql: store.sql, content, now: new Date(), timeZone }, query)
      if (format === 'json') out(`${JSON.stringify(result, null, 2)}\n`)
      else if (format === 'csv') out(toCsv(table()))
      else out(formatTable(table()))
      return 0
    } finally {
      await store.close()
    }
  } catch (error) {
    // A parameter out of bounds or an unknown report: the caller's to fix, like a usage error.
    if (error instanceof ReportError) {
      err(`goyo-collector report: ${error.message}\n`)
      return 2
    }
    err(`goyo-collector report: ${(error as Error).message}\n`)
    return 1
  }
}
