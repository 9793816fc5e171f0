import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import type { Store } from '../store/store'

/** Every table and column that can hold a user's id or anonymous id. */
async function mentions(store: Store, ids: string[]): Promise<string[]> {
  const found: string[] = []
  const tables = await store.sql.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb') AND table_name <> 'goyo_migrations'`,
  )
  for (const { table_name, column_name } of tables) {
    for (const id of ids) {
      const rows = await store.sql.query(`SELECT 1 FROM "${table_name}" WHERE "${column_name}"::text LIKE $1 LIMIT 1`, [`%${id}%`])
      if (rows.length) found.push(`${table_name}.${column_name} holds ${id}`)
    }
  }
  return found
}

describe.each(storeCases)('DELETE /v1/users/:userId on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  beforeEach(async () => {
    store = await open()
    api = inProcessCollector(store)
  })
  afterEach(async () => {
    await store.close()
  })
  const erase = (userId: string, key = api.keys.secretKey) =>
    api.request(`/v1/users/${encodeURIComponent(userId)}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } })

  it("erases the user's events, profile, rollups and records, and the reports stop counting them", async () => {
    await api.post('/v1/batch', { batch: [
      { type: 'page', anonymousId: 'anon-erase-me', messageId: 'p1', properties: { path: '/pricing' } },
      { type: 'identify', anonymousId: 'anon-erase-me', userId: 'erase-me', traits: { email: 'gone@example.com' }, messageId: 'i1' },
      { type: 'group', userId: 'erase-me', groupId: 'acct', traits: { arr: 900 }, messageId: 'g1' },
      { type: 'track', userId: 'erase-me', event: 'Feature Used', properties: { feature: 'export' }, messageId: 't1', context: { groupId: 'acct' } },
      { type: 'track', userId: 'erase-me', event: 'Survey Answered', properties: { survey: 'nps', score: 3 }, messageId: 't2', context: { groupId: 'acct' } },
      { type: 'track', userId: 'keeper', event: 'Feature Used', properties: { feature: 'export' }, messageId: 't3', context: { groupId: 'acct' } },
    ] })
    await store.sql.query(`INSERT INTO prompt_eligibility VALUES ('payroll', 'acct', 'erase-me', false, now())`)
    const before = await (await api.report('/v1/reports/overview')).json()
    expect(before.users).toBe(2)

    const res = await erase('erase-me')
    expect(res.status).toBe(200)
    expect((await res.json()).removed.events).toBe(5)
    expect(await mentions(store, ['erase-me', 'anon-erase-me', 'gone@example.com'])).toEqual([])

    const after = await (await api.report('/v1/reports/overview')).json()
    expect(after).toMatchObject({ events: 1, users: 1 })
    const [days] = await store.sql.query<{ events: number }>("SELECT events FROM account_days WHERE account_id = 'acct'")
    expect(days!.events).toBe(1)
    const events = await (await api.report('/v1/reports/events')).json()
    expect(events).toEqual([{ event: 'Feature Used', count: 1, users: 1, accounts: 1 }])
  })

  it('answers 404 for an unknown user and refuses keys other than the secret key', async () => {
    expect((await erase('nobody')).status).toBe(404)
    expect((await erase('nobody', api.keys.writeKey)).status).toBe(403)
    expect((await api.request('/v1/users/nobody', { method: 'DELETE' })).status).toBe(401)
  })
})
