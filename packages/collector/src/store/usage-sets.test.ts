import type { Event } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storeCases } from '../../../../test/_util/stores'
import { normalizeEvents } from '../ingest/normalize'
import { eraseUser } from './erase'
import type { SqlClient } from './sql'
import type { Store } from './store'
import { bitmapHex, bitmapOrdinals, refreshUsageSets } from './usage-sets'

const events = (list: Array<Record<string, unknown>>) => normalizeEvents(list as Event[], list, {}, new Date('2026-03-10T12:00:00Z'))
let seq = 0
const use = (userId: string, day: string, feature = 'invoices', groupId = 'acme') => ({
  type: 'track', event: 'Feature Used', userId, messageId: `m${++seq}`, timestamp: `${day}T10:00:00Z`,
  properties: { feature }, context: { groupId },
})

/** What the bitmaps say, per (day, kind, name): how many users and accounts, and the uses. */
async function sets(sql: SqlClient) {
  const rows = await sql.query<{ key: string; users: number; accounts: number; uses: string }>(
    `SELECT day::text || ' ' || kind || ' ' || name AS key, bit_count(users)::int AS users, bit_count(accounts)::int AS accounts, uses::text
     FROM usage_sets ORDER BY 1`,
  )
  return Object.fromEntries(rows.map((r) => [r.key, { users: Number(r.users), accounts: Number(r.accounts), uses: Number(r.uses) }]))
}

/** The same numbers counted straight from usage_daily, the source the bitmaps must agree with. */
async function counted(sql: SqlClient) {
  const rows = await sql.query<{ key: string; users: number; accounts: number; uses: string }>(
    `SELECT day::text || ' ' || k || ' ' || n AS key,
       count(DISTINCT user_key) FILTER (WHERE user_key <> '' AND user_key NOT LIKE 'anon:%')::int AS users,
       count(DISTINCT account_id) FILTER (WHERE account_id <> '')::int AS accounts, sum(count)::text AS uses
     FROM (SELECT day, kind AS k, name AS n, user_key, account_id, count FROM usage_daily WHERE kind IN ('feature', 'event')
           UNION ALL SELECT day, '*', '*', user_key, account_id, count FROM usage_daily) u
     GROUP BY 1 ORDER BY 1`,
  )
  return Object.fromEntries(rows.map((r) => [r.key, { users: Number(r.users), accounts: Number(r.accounts), uses: Number(r.uses) }]))
}

describe('bitmap encoding', () => {
  it('puts unit n at bit n, reading back the same units', () => {
    expect(bitmapHex([0])).toBe('80')
    expect(bitmapHex([7, 8, 8])).toBe('0180')
    expect(bitmapHex([])).toBe('')
    expect(bitmapHex(null)).toBe('')
    expect(bitmapOrdinals('10000001')).toEqual([0, 7])
    expect(bitmapOrdinals(null)).toEqual([])
    const units = [3, 17, 64, 65, 1000]
    const bits = [...Buffer.from(bitmapHex(units), 'hex')].map((byte) => byte.toString(2).padStart(8, '0')).join('')
    expect(bitmapOrdinals(bits)).toEqual(units)
  })
})

describe.each(storeCases)('day bitmaps on $name', ({ open }) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => {
    await store.close()
  })

  it('ingest marks the days it wrote; a refresh builds them, counting identified users only', async () => {
    await store.appendEvents(events([
      use('u1', '2026-03-01'), use('u1', '2026-03-01'), use('u2', '2026-03-01', 'reports', 'beta'),
      { type: 'track', event: 'Feature Used', anonymousId: 'visitor', messageId: 'anon', timestamp: '2026-03-01T11:00:00Z', properties: { feature: 'invoices' } },
      use('u1', '2026-03-02'),
    ]))
    const marked = await store.sql.query<{ day: string }>('SELECT day::text AS day FROM usage_changed_days ORDER BY day')
    expect(marked.map((r) => r.day)).toEqual(['2026-03-01', '2026-03-02'])

    expect(await refreshUsageSets(store.sql)).toBe(2)
    expect(await store.sql.query('SELECT * FROM usage_changed_days')).toEqual([])
    const built = await sets(store.sql)
    expect(built['2026-03-01 feature invoices']).toEqual({ users: 1, accounts: 1, uses: 3 })
    expect(built['2026-03-01 * *']).toEqual({ users: 2, accounts: 2, uses: 8 })
    expect(built).toEqual(await counted(store.sql))
    // Nothing changed: nothing to do.
    expect(await refreshUsageSets(store.sql)).toBe(0)
  })

  it('a late event marks its own day again, and only that day is rebuilt', async () => {
    await store.appendEvents(events([use('u1', '2026-03-01'), use('u2', '2026-03-05')]))
    await refreshUsageSets(store.sql)
    await store.appendEvents(events([use('u3', '2026-03-01', 'invoices', 'beta')]))
    expect(await refreshUsageSets(store.sql)).toBe(1)
    expect((await sets(store.sql))['2026-03-01 feature invoices']).toEqual({ users: 2, accounts: 2, uses: 2 })
    expect(await sets(store.sql)).toEqual(await counted(store.sql))
  })

  it('erasing a user marks their days, forgets their number, and the rebuilt bitmaps drop them', async () => {
    // 'zz-gone' sorts last, so it gets the highest number: the one a careless numbering would hand out again.
    await store.appendEvents(events([use('u1', '2026-03-01'), use('zz-gone', '2026-03-01'), use('zz-gone', '2026-03-03')]))
    await refreshUsageSets(store.sql)
    const [gone] = await store.sql.query<{ ordinal: number }>("SELECT ordinal FROM unit_ordinals WHERE unit = 'user' AND key = 'zz-gone'")
    await eraseUser(store.sql, 'zz-gone')
    const marked = await store.sql.query<{ day: string }>('SELECT day::text AS day FROM usage_changed_days ORDER BY day')
    expect(marked.map((r) => r.day)).toEqual(['2026-03-01', '2026-03-03'])
    expect(await store.sql.query("SELECT 1 FROM unit_ordinals WHERE key = 'zz-gone'")).toEqual([])
    await refreshUsageSets(store.sql)
    const built = await sets(store.sql)
    expect(built['2026-03-01 * *']).toMatchObject({ users: 1 })
    expect(built['2026-03-03 * *']).toBeUndefined()
    expect(built).toEqual(await counted(store.sql))
    // A new user never gets the erased user's number, so no stale bit can ever count them.
    await store.appendEvents(events([use('new', '2026-03-04')]))
    await refreshUsageSets(store.sql)
    const [fresh] = await store.sql.query<{ ordinal: number }>("SELECT ordinal FROM unit_ordinals WHERE unit = 'user' AND key = 'new'")
    expect(Number(fresh!.ordinal)).toBeGreaterThan(Number(gone!.ordinal))
  })

  it('a rebuild that fails keeps its days marked, and the next refresh builds them', async () => {
    await store.appendEvents(events([use('u1', '2026-03-01')]))
    const failing: SqlClient = {
      ...store.sql,
      query: (text, params) => store.sql.query(text, params),
      transaction: (fn) => store.sql.transaction((tx) => fn({
        ...tx,
        query: async (text, params) => {
          if (text.includes('INSERT INTO usage_sets')) throw new Error('disk full')
          return tx.query(text, params)
        },
      })),
    }
    await expect(refreshUsageSets(failing)).rejects.toThrow('disk full')
    expect(await store.sql.query<{ day: string }>('SELECT day::text AS day FROM usage_changed_days')).toEqual([{ day: '2026-03-01' }])
    expect(await store.sql.query('SELECT * FROM usage_sets')).toEqual([])
    expect(await refreshUsageSets(store.sql)).toBe(1)
    expect(await sets(store.sql)).toEqual(await counted(store.sql))
  })

  it('ingest racing with refreshes loses nothing: a final refresh agrees with usage_daily', async () => {
    let writing = true
    // Batch b of every writer goes to day b and no later write touches that day again: a mark lost
    // in the race would never be repaired by a later write, and the final comparison would show it.
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let batch = 0; batch < 25; batch++) {
        const day = `2026-03-${String(batch + 1).padStart(2, '0')}`
        const list = Array.from({ length: 10 }, (_, i) => use(`w${writer}-u${(batch * 7 + i) % 40}`, day, `f${i % 4}`, `acct${(writer + i) % 5}`))
        await store.appendEvents(events(list))
      }
    })
    // Refreshes run back to back for as long as anything is written, so writes land between their steps.
    const refreshers = Array.from({ length: 2 }, async () => {
      while (writing) await refreshUsageSets(store.sql)
    })
    await Promise.all(writers).finally(() => (writing = false))
    await Promise.all(refreshers)
    await refreshUsageSets(store.sql)
    expect(await sets(store.sql)).toEqual(await counted(store.sql))
  })
})
