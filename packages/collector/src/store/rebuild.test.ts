import type { Event } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, storeCases } from '../../../../test/_util/stores'
import { normalizeEvents } from '../ingest/normalize'
import { BARE_POLICY } from '../rollup/policy'
import { migrate } from './migrate'
import { openPostgres } from './postgres'
import { continueRebuild, readRollupZone, startRebuild, type RebuildProgress } from './rebuild'
import { createSqlStore } from './sql-store'
import type { Store } from './store'

let seq = 0
/** A feature use by `userId` in account A at `timestamp`. */
const use = (userId: string, timestamp: string) => ({
  type: 'track', event: 'Feature Used', userId, messageId: `r${++seq}`, timestamp, properties: { feature: 'invoices' }, context: { groupId: 'A' },
})
const events = (list: Array<Record<string, unknown>>) => normalizeEvents(list as Event[], list, {}, new Date('2026-03-05T00:00:00Z'))
/** Each event in a transaction of its own: a fold chunk holds whole transactions. */
const appendEach = async (store: Store, list: Array<Record<string, unknown>>) => {
  for (const event of list) await store.appendEvents(events([event]))
}

/** Event counts per day of usage_daily and account_days: what a new day cut moves. */
async function days(store: Store) {
  const usage = await store.sql.query<{ day: string; n: number }>(
    `SELECT day::text AS day, sum(count)::int AS n FROM usage_daily WHERE kind = 'event' GROUP BY 1 ORDER BY 1`,
  )
  const accountDays = await store.sql.query<{ day: string; n: number }>('SELECT day::text AS day, sum(events)::int AS n FROM account_days GROUP BY 1 ORDER BY 1')
  return { usage: usage.map((r) => [r.day, Number(r.n)]), accountDays: accountDays.map((r) => [r.day, Number(r.n)]) }
}

// In Tokyo (UTC+9): 2026-02-28T14:00Z is 23:00 on the 28th, 16:00Z on the 28th is 01:00 on 1 March,
// and 2026-03-01T16:00Z is 01:00 on 2 March (issue 16's proof).
const HISTORY = [
  use('u1', '2026-02-28T14:00:00Z'),
  use('u1', '2026-02-28T16:00:00Z'),
  use('u2', '2026-03-01T16:00:00Z'),
  use('u2', '2026-03-01T10:00:00Z'),
]

describe.each(storeCases)('rebuilding the rollups for a new time zone, on $name', ({ name, open }) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => store.close())

  it('records the zone of an empty log at once, with nothing to rebuild', async () => {
    expect(await readRollupZone(store.sql)).toEqual({ timeZone: 'UTC', rebuild: null })
    expect(await startRebuild(store.sql, 'Asia/Tokyo')).toEqual({ timeZone: 'Asia/Tokyo', rebuild: null })
    expect(await readRollupZone(store.sql)).toEqual({ timeZone: 'Asia/Tokyo', rebuild: null })
    // The fold cuts the days of what comes next in the recorded zone.
    await store.appendEvents(events([use('u1', '2026-03-01T16:00:00Z')]))
    expect((await days(store)).usage).toEqual([['2026-03-02', 1]])
  })

  it('moves every event to its day in the new zone, reporting progress, and ends the rebuild', async () => {
    await appendEach(store, HISTORY)
    expect(await days(store)).toEqual({
      usage: [['2026-02-28', 2], ['2026-03-01', 2]],
      accountDays: [['2026-02-28', 2], ['2026-03-01', 2]],
    })
    const started = await startRebuild(store.sql, 'Asia/Tokyo', { now: new Date('2026-03-05T00:00:00Z') })
    expect(started.rebuild).toMatchObject({ timeZone: 'Asia/Tokyo', previousTimeZone: 'UTC', total: 4, folded: 0 })
    // Emptied: nothing is answered from the old days meanwhile.
    expect(await days(store)).toEqual({ usage: [], accountDays: [] })

    const seen: RebuildProgress[] = []
    const outcome = await continueRebuild(store.sql, BARE_POLICY, { chunkEvents: 1, onProgress: (p) => seen.push(p) })
    expect(outcome.folded).toBe(4)
    expect(seen.map((p) => p.folded)).toEqual([1, 2, 3, 4])
    expect(await readRollupZone(store.sql)).toEqual({ timeZone: 'Asia/Tokyo', rebuild: null })
    expect(await days(store)).toEqual({
      usage: [['2026-02-28', 1], ['2026-03-01', 2], ['2026-03-02', 1]],
      accountDays: [['2026-02-28', 1], ['2026-03-01', 2], ['2026-03-02', 1]],
    })
    // The zone is already right: a second start has nothing to do.
    expect(await startRebuild(store.sql, 'Asia/Tokyo')).toEqual({ timeZone: 'Asia/Tokyo', rebuild: null })
  })

  it('resumes an interrupted rebuild where it stopped, without emptying again', async () => {
    await appendEach(store, HISTORY)
    await startRebuild(store.sql, 'Asia/Tokyo')
    let chunks = 0
    await continueRebuild(store.sql, BARE_POLICY, { chunkEvents: 1, stopped: () => chunks++ >= 2 })
    const halfway = await readRollupZone(store.sql)
    expect(halfway.rebuild).toMatchObject({ timeZone: 'Asia/Tokyo', folded: 2, total: 4 })

    // A restart with the same zone joins the rebuild under way (a crash loses no work).
    expect((await startRebuild(store.sql, 'Asia/Tokyo')).rebuild).toMatchObject({ folded: 2, startedAt: halfway.rebuild!.startedAt })
    await continueRebuild(store.sql, BARE_POLICY, { chunkEvents: 1 })
    expect((await days(store)).usage).toEqual([['2026-02-28', 1], ['2026-03-01', 2], ['2026-03-02', 1]])
  })

  it('cuts days in the stored zone whatever fold runs, so a replica set to another zone cannot mix them', async () => {
    await store.appendEvents(events(HISTORY.slice(0, 2)))
    await startRebuild(store.sql, 'Asia/Tokyo')
    // An ordinary fold (another replica's, the command line's) during the rebuild, then new events.
    await store.fold(BARE_POLICY)
    await store.appendEvents(events(HISTORY.slice(2)))
    await continueRebuild(store.sql, BARE_POLICY)
    expect((await days(store)).usage).toEqual([['2026-02-28', 1], ['2026-03-01', 2], ['2026-03-02', 1]])
    expect(await readRollupZone(store.sql)).toEqual({ timeZone: 'Asia/Tokyo', rebuild: null })
  })

  it('a start for another zone during a rebuild starts over in that zone', async () => {
    await appendEach(store, HISTORY)
    await startRebuild(store.sql, 'Asia/Tokyo')
    await continueRebuild(store.sql, BARE_POLICY, { chunkEvents: 1, stopped: (() => { let n = 0; return () => n++ >= 1 })() })
    const again = await startRebuild(store.sql, 'America/New_York')
    expect(again.rebuild).toMatchObject({ timeZone: 'America/New_York', previousTimeZone: 'UTC', folded: 0 })
    await continueRebuild(store.sql, BARE_POLICY)
    // New York (UTC−5): 16:00Z on 1 March is 11:00 that day; 10:00Z is 05:00.
    expect((await days(store)).usage).toEqual([['2026-02-28', 2], ['2026-03-01', 2]])
  })

  if (name === 'postgres') {
    it('lets one of two replicas that start together reset, and the other join', async () => {
      const url = await createTestDatabase()
      const replicas = await Promise.all([0, 1].map(async () => createSqlStore(await openPostgres({ connectionString: url }))))
      try {
        await migrate(replicas[0]!.sql)
        await appendEach(replicas[0]!, HISTORY)
        const starts = await Promise.all(replicas.map((replica, i) => startRebuild(replica.sql, 'Asia/Tokyo', { now: new Date(Date.UTC(2026, 2, 5, i)) })))
        // One reset: both see the same rebuild, begun once.
        expect(starts[0]!.rebuild!.startedAt).toBe(starts[1]!.rebuild!.startedAt)
        await Promise.all(replicas.map((replica) => continueRebuild(replica.sql, BARE_POLICY, { chunkEvents: 1 })))
        const [row] = await replicas[0]!.sql.query<{ n: number }>(`SELECT sum(count)::int AS n FROM usage_daily WHERE kind = 'event'`)
        expect(Number(row!.n)).toBe(4)
        expect(await readRollupZone(replicas[1]!.sql)).toEqual({ timeZone: 'Asia/Tokyo', rebuild: null })
      } finally {
        await Promise.all(replicas.map((replica) => replica.close()))
      }
    })
  }
})
