import { randomUUID } from 'node:crypto'
import type { Event } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { createTestDatabase, storeCases } from '../../../../test/_util/stores'
import { normalizeEvents } from '../ingest/normalize'
import { BARE_POLICY } from '../rollup/policy'
import { eraseUser } from './erase'
import { nextFoldState } from './fold-state'
import { migrate } from './migrate'
import { openPostgres } from './postgres'
import { rebuildRollups } from './rebuild'
import type { SqlClient } from './sql'
import { createSqlStore } from './sql-store'
import type { Store } from './store'

let seq = 0
const use = (userId: string, extra: Record<string, unknown> = {}) => ({
  type: 'track', event: 'Feature Used', userId, messageId: `m${++seq}`, timestamp: '2026-03-01T10:00:00Z',
  properties: { feature: 'invoices' }, context: { groupId: `acct-${userId.slice(-1)}` }, ...extra,
})
const events = (list: Array<Record<string, unknown>>) => normalizeEvents(list as Event[], list, {}, new Date('2026-03-01T12:00:00Z'))

/** Every rollup that counts events, summed: each must equal the number of events folded. */
async function counted(sql: SqlClient) {
  const [row] = await sql.query<Record<string, number>>(
    `SELECT (SELECT coalesce(sum(count), 0) FROM usage_daily WHERE kind = 'event')::int AS usage,
            (SELECT coalesce(sum(count), 0) FROM usage_daily WHERE kind = 'feature')::int AS features,
            (SELECT coalesce(sum(count), 0) FROM user_firsts WHERE kind = 'event')::int AS firsts,
            (SELECT coalesce(sum(events), 0) FROM account_days)::int AS days,
            (SELECT count(*) FROM events)::int AS stored`,
  )
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)]))
}

/** Every table the fold writes, as sorted JSON rows, to compare two states. */
async function rollupTables(sql: SqlClient) {
  const tables: Record<string, string> = {
    users: 'SELECT user_id, traits, account_id, first_seen, last_seen FROM users',
    identities: 'SELECT * FROM identities',
    accounts: 'SELECT account_id, traits, first_seen, last_seen FROM accounts',
    account_users: 'SELECT * FROM account_users',
    usage_daily: 'SELECT * FROM usage_daily',
    user_firsts: 'SELECT * FROM user_firsts',
    account_days: 'SELECT * FROM account_days',
    timeline: 'SELECT account_id, at, kind, title, user_key, message_id FROM timeline',
    revenue: 'SELECT * FROM account_revenue_history',
  }
  const out: Record<string, string[]> = {}
  for (const [name, text] of Object.entries(tables)) out[name] = (await sql.query(text)).map((row) => JSON.stringify(row)).sort()
  return out
}

describe('the fold watermark', () => {
  it('moves to the snapshot xmin when it read everything, and keeps what committed above it', () => {
    expect(nextFoldState({ below: 100, above: [] }, 120, [105, 125], null)).toEqual({ below: 120, above: [125] })
    expect(nextFoldState({ below: 100, above: [130] }, 140, [101], null)).toEqual({ below: 140, above: [] })
  })
  it('stops at the first transaction a partial fold left, and never goes back', () => {
    expect(nextFoldState({ below: 100, above: [] }, 200, [101, 102], 150)).toEqual({ below: 150, above: [] })
    expect(nextFoldState({ below: 100, above: [] }, 90, [], null)).toEqual({ below: 100, above: [] })
  })
})

describe.each(storeCases)('the fold on $name', ({ name, open }) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => {
    await store.close()
  })

  it('answers a report asked right after an acknowledged batch with that batch in it', async () => {
    // The background fold is held back: only the report's own catch-up can have folded.
    const slowFold: Store = { ...store, fold: async (policy) => (await new Promise((r) => setTimeout(r, 300)), store.fold(policy)) }
    const api = inProcessCollector(slowFold)
    const collector = api.collector
    const basic = `Basic ${btoa(`${api.keys.writeKey}:`)}`
    const res = await collector.fetch(new Request('http://x/v1/batch', {
      method: 'POST', headers: { authorization: basic },
      body: JSON.stringify({ batch: [use('u1', { timestamp: '2026-03-01T10:00:00Z' }), use('u2', { timestamp: '2026-03-01T10:00:00Z' })] }),
    }))
    expect(res.status).toBe(200)
    const report = await collector.fetch(new Request('http://x/v1/reports/adoption?from=2026-03-01&to=2026-03-01', {
      headers: { authorization: `Bearer ${api.keys.secretKey}` },
    }))
    const adoption = (await report.json()) as { features: Array<{ feature: string; uses: number; users: number }> }
    expect(adoption.features.find((row) => row.feature === 'invoices')).toMatchObject({ uses: 2, users: 2 })
    const overview = await collector.fetch(new Request('http://x/v1/reports/overview', { headers: { authorization: `Bearer ${api.keys.secretKey}` } }))
    expect(await overview.json()).toMatchObject({ events: 2, users: 2, accounts: 2 })
    await collector.close()
  })

  it('counts every event once while writers and folds run at the same time', async () => {
    const writers = Array.from({ length: 8 }, (_, w) => (async () => {
      for (let b = 0; b < 6; b++) await store.append(events(Array.from({ length: 15 }, (_, i) => use(`u${(w * 7 + i) % 10}`))))
    })())
    let writing = true
    const folders = Array.from({ length: 3 }, async () => {
      while (writing) await store.fold(BARE_POLICY)
    })
    await Promise.all(writers)
    writing = false
    await Promise.all(folders)
    await store.fold(BARE_POLICY)
    expect(await counted(store.sql)).toEqual({ usage: 720, features: 720, firsts: 720, days: 720, stored: 720 })
    // Folding again finds nothing.
    expect((await store.fold(BARE_POLICY)).folded).toBe(0)
  })

  it('keeps its watermark and loses nothing when a fold fails', async () => {
    await store.append(events([use('u1'), use('u2')]))
    let fail = true
    const failing: SqlClient = {
      ...store.sql,
      transaction: (fn) => store.sql.transaction((tx) => fn({
        ...tx,
        query: async (text, params) => {
          if (fail && text.includes('INSERT INTO user_firsts')) throw new Error('disk full')
          return tx.query(text, params)
        },
      })),
    }
    await expect(createSqlStore(failing).fold(BARE_POLICY)).rejects.toThrow('disk full')
    expect(await counted(store.sql)).toMatchObject({ usage: 0, firsts: 0, days: 0, stored: 2 })
    fail = false
    await store.append(events([use('u3')]))
    expect((await store.fold(BARE_POLICY)).folded).toBe(3)
    expect(await counted(store.sql)).toEqual({ usage: 3, features: 3, firsts: 3, days: 3, stored: 3 })
  })

  it('folds a long backlog in chunks, and a transaction larger than a chunk whole', async () => {
    const { foldPending } = await import('./fold')
    for (let b = 0; b < 5; b++) await store.append(events(Array.from({ length: 7 }, () => use('u1'))))
    await store.append(events(Array.from({ length: 25 }, () => use('u2'))))
    const outcome = await foldPending(store.sql, BARE_POLICY, { chunkEvents: 10 })
    expect(outcome.folded).toBe(60)
    expect(await counted(store.sql)).toMatchObject({ usage: 60, days: 60 })
  })

  it('finds that a folded log has nothing pending without reading the log', async () => {
    // Every report, account read and content answer asks this first (catchUp): a scan of the
    // whole log made each of them, and each fold, cost more the longer the log grew.
    const { hasUnfolded } = await import('./fold')
    const padding = () => Array.from({ length: 20 }, () => randomUUID()).join(' ')
    for (let b = 0; b < 20; b++) await store.append(events(Array.from({ length: 100 }, () => use('u1', { properties: { feature: 'invoices', padding: padding() } }))))
    await store.fold(BARE_POLICY)
    const [{ pages }] = (await store.sql.query<{ pages: number }>(`SELECT (pg_relation_size('events') / current_setting('block_size')::int)::int AS pages`)) as [{ pages: number }]
    expect(pages).toBeGreaterThan(200)
    const read = await store.sql.transaction(async (tx) => {
      const fetched = async () => Number((await tx.query<{ n: string }>(`SELECT pg_stat_get_xact_blocks_fetched('events'::regclass) AS n`))[0]!.n)
      const before = await fetched()
      expect(await hasUnfolded(tx)).toBe(false)
      return (await fetched()) - before
    })
    expect(read).toBeLessThan(pages / 10)
  })

  it('erases a user without a trace, also of events no fold has read yet', async () => {
    await store.appendEvents(events([use('u1'), use('keep')]))
    await store.append(events([
      { type: 'page', anonymousId: 'device-9', messageId: 'p-anon', timestamp: '2026-03-01T09:00:00Z', properties: { path: '/x' } },
      { type: 'identify', userId: 'u1', anonymousId: 'device-9', messageId: 'i-link', timestamp: '2026-03-01T09:30:00Z' },
      { type: 'group', userId: 'u1', groupId: 'acct-1', messageId: 'g-link', timestamp: '2026-03-01T09:40:00Z' },
      use('u1'),
    ]))
    await eraseUser(store.sql, 'u1')
    await store.fold(BARE_POLICY)
    const traces = await store.sql.query<{ t: string }>(
      `SELECT 'events' AS t FROM events WHERE user_id = 'u1' OR anonymous_id = 'device-9'
       UNION ALL SELECT 'usage' FROM usage_daily WHERE user_key IN ('u1', 'anon:device-9')
       UNION ALL SELECT 'firsts' FROM user_firsts WHERE user_key IN ('u1', 'anon:device-9')
       UNION ALL SELECT 'users' FROM users WHERE user_id = 'u1'
       UNION ALL SELECT 'identities' FROM identities WHERE anonymous_id = 'device-9' OR user_id = 'u1'
       UNION ALL SELECT 'members' FROM account_users WHERE user_id = 'u1'
       UNION ALL SELECT 'links' FROM group_links WHERE id IN ('u:u1', 'a:device-9')`,
    )
    expect(traces).toEqual([])
    expect(await counted(store.sql)).toMatchObject({ usage: 1, stored: 1 })
  })

  it('rebuilds every rollup from the log to the same state', async () => {
    await store.appendEvents(events([
      { type: 'page', anonymousId: 'device-1', messageId: 'p1', timestamp: '2026-03-01T08:00:00Z', properties: { path: '/home' } },
      { type: 'identify', userId: 'u1', anonymousId: 'device-1', messageId: 'i1', timestamp: '2026-03-01T08:10:00Z', traits: { name: 'Ada' } },
      { type: 'group', userId: 'u1', groupId: 'acme', messageId: 'g1', timestamp: '2026-03-01T08:11:00Z', traits: { mrr: 90, plan: 'team' } },
      { type: 'track', event: 'Milestone Reached', userId: 'u1', messageId: 't1', timestamp: '2026-03-02T08:00:00Z', properties: { milestone: 'first' } },
    ]))
    await store.appendEvents(events([use('u2'), use('u1', { timestamp: '2026-03-03T10:00:00Z' })]))
    const before = await rollupTables(store.sql)
    const { folded } = await rebuildRollups(store.sql, BARE_POLICY, 'UTC')
    expect(folded).toBe(6)
    expect(await rollupTables(store.sql)).toEqual(before)
  })

  if (name === 'postgres') {
    it('applies each event once with two replicas folding at the same time', async () => {
      const url = await createTestDatabase()
      const replicas = await Promise.all([0, 1].map(async () => createSqlStore(await openPostgres({ connectionString: url }))))
      try {
        await migrate(replicas[0]!.sql)
        let writing = true
        const folding = replicas.map(async (replica) => {
          while (writing) await replica.fold(BARE_POLICY)
        })
        await Promise.all(replicas.map(async (replica, r) => {
          for (let b = 0; b < 10; b++) await replica.append(events(Array.from({ length: 20 }, (_, i) => use(`u${(r + i) % 10}`))))
        }))
        writing = false
        await Promise.all(folding)
        await replicas[1]!.fold(BARE_POLICY)
        expect(await counted(replicas[0]!.sql)).toEqual({ usage: 400, features: 400, firsts: 400, days: 400, stored: 400 })
      } finally {
        await Promise.all(replicas.map((replica) => replica.close()))
      }
    })
  }
})

