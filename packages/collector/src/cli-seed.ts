import { readFile } from 'node:fs/promises'
import { contentFromText } from './content/source'
import { seedDemo, type SeedProgress } from './demo/seed'
import { rebuildProgressWriter } from './cli-rebuild'
import { foldPolicy } from './rollup/policy'
import { openStore, type StoreLocation } from './store/open'
import { continueRebuild, startRebuild } from './store/rebuild'

/** The arguments of `goyo-collector seed-demo`, as the command line gave them. */
export interface SeedDemoArgs {
  location: StoreLocation
  accounts?: string
  days?: string
  seed?: string
  /** Default demo/goyo.content.json. */
  content?: string
  /** The workspace time zone (`GOYO_TIMEZONE`), checked. */
  timeZone: string
}

const DEFAULT_CONTENT = 'demo/goyo.content.json'

function count(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`)
  return parsed
}

const LABELS: Record<SeedProgress['phase'], string> = { generate: 'generating', write: 'writing events', evaluate: 'evaluating accounts', done: 'done' }

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
function progressBar(stream: NodeJS.WriteStream) {
  let drawn = 0
  return (progress: SeedProgress) => {
    const at = Date.now()
    if (progress.phase !== 'done' && progress.done !== progress.total && at - drawn < 100) return
    drawn = at
    const share = progress.total ? progress.done / progress.total : 1
    const width = 30
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░')
    const line = `${bar} ${String(Math.round(share * 100)).padStart(3)}%  ${LABELS[progress.phase]} ${progress.done.toLocaleString('en')}/${progress.total.toLocaleString('en')}`
    // Without a terminal, plain lines at phase ends keep logs readable.
    if (stream.isTTY) stream.write(`\r${line.padEnd(80)}`)
    else if (progress.done === progress.total) stream.write(`${line}\n`)
  }
}

/**
 * `goyo-collector seed-demo`: writes a deterministic Ledgerly history into the store and lets the
 * engine evaluate it. Returns the exit code.
 */
export async function seedDemoCommand(args: SeedDemoArgs): Promise<number> {
  const accounts = count(args.accounts, 300, 'accounts', 100_000)
  const days = count(args.days, 90, 'days', 3650)
  const seed = count(args.seed, 1, 'seed', 2 ** 31)
  const file = args.content ?? DEFAULT_CONTENT
  const content = contentFromText(file, await readFile(file, 'utf8'))
  const store = await openStore(args.location)
  try {
    // The rollups are written in the workspace zone, so a collector started with it has nothing to rebuild.
    const zone = await startRebuild(store.sql, args.timeZone)
    if (zone.rebuild) {
      process.stderr.write(`Rebuilding the stored history in ${args.timeZone} first\n`)
      await continueRebuild(store.sql, foldPolicy(content), { onProgress: rebuildProgressWriter(process.stderr) })
    }
    process.stderr.write(`Seeding ${accounts} accounts over ${days} days (seed ${seed}, content ${file})\n`)
    const result = await seedDemo({ store, content, accounts, days, seed, onProgress: progressBar(process.stderr) })
    if (process.stderr.isTTY) process.stderr.write('\n')
    const already = result.events - result.inserted
    process.stdout.write(
      `seeded ${result.inserted.toLocaleString('en')} events for ${result.accounts} accounts` +
        `${already ? ` (${already.toLocaleString('en')} were already stored)` : ''}, ${result.evaluations} evaluations in ${(result.durationMs / 1000).toFixed(1)} s\n`,
    )
    return 0
  } finally {
    await store.close()
  }
}
