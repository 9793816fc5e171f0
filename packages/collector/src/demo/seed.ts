import { eventSchema, type Content, type Event } from '@goyo/schema'
import { staticContent } from '../content/source'
import { evaluateAccount } from '../cs/engine'
import { createEngine } from '../cs/scheduler'
import { normalizeEvents } from '../ingest/normalize'
import { foldPolicy } from '../rollup/policy'
import type { Store } from '../store/store'
import { generateHistory, type DemoHistory } from './history'

/** Options of {@link seedDemo}. */
export interface SeedOptions {
  /** An open, migrated store. */
  store: Store
  /** The content the history is acted out against: demo/goyo.content.json. */
  content: Content
  /** Default 300. */
  accounts?: number
  /** Default 90. */
  days?: number
  /** Default 1. The same seed writes the same history. */
  seed?: number
  /** The history ends here. Default: now. */
  now?: Date
  /** Events per write transaction. Default 2,000. */
  chunkSize?: number
  /**
   * Weekly evaluations replayed before the last one, so that health has a history, bands change
   * and playbooks fire at the time they would have. Default 4.
   */
  weeklyEvaluations?: number
  onProgress?(progress: SeedProgress): void
}

/** Where seeding is, for a progress bar. */
export interface SeedProgress {
  phase: 'generate' | 'write' | 'evaluate' | 'done'
  done: number
  total: number
}

export interface SeedResult {
  /** Events in the history, and how many of them were new to the store. */
  events: number
  inserted: number
  accounts: number
  evaluations: number
  durationMs: number
}

const WEEK = 7 * 86_400_000

/**
 * Writes a believable, deterministic Ledgerly history through the real write path (Segment events,
 * schema validation, `normalizeEvents`, `store.appendEvents`), then lets the customer-success
 * engine evaluate it week by week so that tiers, health, timelines and playbook firings exist.
 * Seeding twice with the same seed stores nothing new: message ids are deterministic.
 *
 * @example
 * const store = await openStore({ dataDir: './.goyo-data' })
 * await seedDemo({ store, content, accounts: 300, days: 90, seed: 1 })
 */
export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now()
  const now = options.now ?? new Date()
  const days = options.days ?? 90
  const chunkSize = options.chunkSize ?? 2000
  const progress = options.onProgress ?? (() => {})
  progress({ phase: 'generate', done: 0, total: 1 })
  const history = generateHistory({ accounts: options.accounts ?? 300, days, seed: options.seed ?? 1, now })
  const events = [...history.events].sort((a, b) => (a.timestamp! < b.timestamp! ? -1 : a.timestamp! > b.timestamp! ? 1 : 0))

  // Weekly checkpoints inside the period, oldest first; the last evaluation is "now".
  const windowStart = now.getTime() - days * 86_400_000
  const checkpoints: number[] = []
  for (let k = options.weeklyEvaluations ?? 4; k >= 1; k--) {
    const at = now.getTime() - k * WEEK
    if (at > windowStart + WEEK) checkpoints.push(at)
  }
  const totalEvaluations = history.accountIds.length * (checkpoints.length + 1)

  let written = 0
  let inserted = 0
  let evaluations = 0
  const seen = new Set<string>()
  const evaluateAt = async (at: number) => {
    for (const accountId of history.accountIds) {
      if (seen.has(accountId)) await evaluateAccount(options.store.sql, options.content, accountId, new Date(at))
      progress({ phase: 'evaluate', done: ++evaluations, total: totalEvaluations })
    }
  }

  // Eligibility first, as content delivery records it before the shows and goals it explains:
  // ingest reads it to credit a held-out account's conversion.
  await writeTargeting(options.store, history)
  const policy = foldPolicy(options.content)

  let next = 0
  for (const checkpoint of [...checkpoints, Infinity]) {
    let end = next
    while (end < events.length && (checkpoint === Infinity || Date.parse(events[end]!.timestamp!) <= checkpoint)) end++
    for (let from = next; from < end; from += chunkSize) {
      const chunk = events.slice(from, Math.min(end, from + chunkSize))
      const parsed = chunk.map((event) => eventSchema.parse(event) as Event)
      const receivedAt = new Date(Date.parse(chunk.at(-1)!.timestamp!) + 1000)
      const result = await options.store.appendEvents(normalizeEvents(parsed, chunk as Record<string, unknown>[], {}, receivedAt), { policy })
      inserted += result.inserted
      // An account is evaluated once it acts inside the window: an existing customer's billing
      // record from months ago is no usage, and judging it on that would paint it red.
      for (const event of chunk) {
        if (Date.parse(event.timestamp!) < windowStart) continue
        if (event.context?.groupId || event.type === 'group') seen.add(String(event.context?.groupId ?? (event as { groupId: string }).groupId))
      }
      written += chunk.length
      progress({ phase: 'write', done: written, total: events.length })
    }
    next = end
    // A second run found every event stored: the past evaluations happened the first time, and
    // replaying them would add their timeline entries twice.
    if (checkpoint !== Infinity && inserted > 0) await evaluateAt(checkpoint)
  }

  // The final evaluation is the engine's own daily pass, so a collector started today skips it.
  // A rerun that stored nothing leaves the state alone: evaluating again could move tier
  // candidates on and write timeline entries the first run did not.
  if (inserted > 0) {
    const engine = createEngine({ sql: options.store.sql, content: staticContent(options.content), secretKey: '', now: () => now, autoStart: false, log: () => {} })
    evaluations += await engine.dailyPass()
    await engine.stop()
  }
  progress({ phase: 'done', done: 1, total: 1 })
  return {
    events: events.length,
    inserted,
    accounts: history.accountIds.length,
    evaluations,
    durationMs: Math.round(performance.now() - started),
  }
}

/**
 * Records what content delivery records for prompts: first eligibility (with the holdout flag)
 * and the shows that caps held back. Existing rows win, so a rerun adds nothing.
 */
async function writeTargeting(store: Store, history: DemoHistory): Promise<void> {
  const sql = store.sql
  if (history.eligibility.length > 0) {
    await sql.query(
      `INSERT INTO prompt_eligibility (prompt_id, account_id, user_key, holdout, first_eligible_at)
       SELECT p, a, u, h, t FROM json_to_recordset($1::json) AS r(p text, a text, u text, h boolean, t timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(history.eligibility.map((row) => ({ p: row.promptId, a: row.accountId, u: row.userKey, h: row.holdout, t: row.at })))],
    )
  }
  const suppressed = new Map<string, { p: string; d: string; r: string; c: number }>()
  for (const row of history.suppressions) {
    const key = `${row.promptId}\u0000${row.day}\u0000${row.reason}`
    const found = suppressed.get(key)
    if (found) found.c++
    else suppressed.set(key, { p: row.promptId, d: row.day, r: row.reason, c: 1 })
  }
  if (suppressed.size > 0) {
    await sql.query(
      `INSERT INTO prompt_suppressions (prompt_id, day, reason, count)
       SELECT p, d, r, c FROM json_to_recordset($1::json) AS r(p text, d date, r text, c int)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify([...suppressed.values()])],
    )
  }
}
