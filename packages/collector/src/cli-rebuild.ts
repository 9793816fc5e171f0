import type { Content } from '@goyo/schema'
import { checkTimeZone, DEFAULT_TIME_ZONE, InvalidTimeZoneError } from './calendar/zone'
import { createEngine } from './cs/scheduler'
import { staticContent } from './content/source'
import { percent } from './rebuild/errors'
import { foldPolicy } from './rollup/policy'
import { rebuildRollups, type RebuildProgress } from './store/rebuild'
import type { SqlExecutor } from './store/sql'
import type { Store } from './store/store'

/**
 * The workspace time zone from `GOYO_TIMEZONE` (default UTC), checked: an unknown name refuses
 * the command with a message that names the variable.
 */
export function timeZoneSetting(env: NodeJS.ProcessEnv): string {
  const name = env.GOYO_TIMEZONE?.trim() || DEFAULT_TIME_ZONE
  try {
    return checkTimeZone(name)
  } catch (error) {
    throw new InvalidTimeZoneError(`GOYO_TIMEZONE: ${(error as Error).message}`)
  }
}

/**
 * Checks that the database knows the zone too: the reports' SQL cuts weeks and months with
 * `AT TIME ZONE`, and a zone that Node knows but the server's time zone data does not would fail
 * every such query later.
 */
export async function checkTimeZoneInDatabase(sql: SqlExecutor, timeZone: string): Promise<void> {
  try {
    await sql.query('SELECT now() AT TIME ZONE $1::text', [timeZone])
  } catch (error) {
    throw new InvalidTimeZoneError(`GOYO_TIMEZONE: the database does not know the time zone "${timeZone}" (${(error as Error).message})`)
  }
}

/**
 * Progress on a stream: a redrawn bar on a terminal, plain lines otherwise (a log, CI), at most
 * one per tenth of the work.
 */
export function rebuildProgressWriter(stream: { isTTY?: boolean; write(text: string): unknown }) {
  let lastTenth = -1
  let drawn = 0
  return (progress: RebuildProgress, finished: boolean) => {
    const share = finished ? 100 : percent(progress)
    const counts = `${progress.folded.toLocaleString('en')} of ${progress.total.toLocaleString('en')} events`
    if (stream.isTTY) {
      const at = Date.now()
      if (at - drawn < 100 && !finished) return
      drawn = at
      const width = 30
      const bar = '█'.repeat(Math.round((share / 100) * width)).padEnd(width, '░')
      stream.write(`\r${bar} ${String(share).padStart(3)} %  ${counts}`.padEnd(80))
      return
    }
    const tenth = Math.floor(share / 10)
    if (tenth > lastTenth) stream.write(`rebuilding: ${share} % (${counts})\n`)
    lastTenth = tenth
  }
}

/**
 * `goyo-collector rebuild`: empties the rollups and folds the whole log again in the workspace
 * time zone (`GOYO_TIMEZONE`), with the content file's fold policy, then evaluates every account
 * on the new days. Collectors running on the same database answer "rebuilding" meanwhile and join
 * in; give them the same `GOYO_TIMEZONE`. Returns the exit code.
 */
export async function rebuildCommand(options: { store: Store; content: Content; timeZone: string; stderr?: { isTTY?: boolean; write(text: string): unknown }; stdout?: (text: string) => void }): Promise<number> {
  const { store, content, timeZone } = options
  const stderr = options.stderr ?? process.stderr
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text))
  await checkTimeZoneInDatabase(store.sql, timeZone)
  const started = performance.now()
  stderr.write(`Rebuilding the rollups in ${timeZone}\n`)
  const outcome = await rebuildRollups(store.sql, foldPolicy(content), timeZone, { onProgress: rebuildProgressWriter(stderr) })
  if (stderr.isTTY) stderr.write('\n')
  const engine = createEngine({ sql: store.sql, content: staticContent(content), secretKey: '', autoStart: false, log: () => {} })
  const evaluations = await engine.dailyPass()
  await engine.stop()
  stdout(`rebuilt the rollups in ${timeZone} from ${outcome.folded.toLocaleString('en')} events and evaluated ${evaluations} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  return 0
}
