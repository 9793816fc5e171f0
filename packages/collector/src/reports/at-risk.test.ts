import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import type { Store } from '../store/store'

describe.each(storeCases)('at-risk leaves churned accounts out on $name', ({ open }) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => {
    await store.close()
  })

  it('lists a red paying account, and drops it once its subscription is cancelled', async () => {
    const api = inProcessCollector(store)
    await api.post('/v1/batch', { batch: [{ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 1200 }, messageId: 'g1', timestamp: '2026-01-01T00:00:00Z' }] })
    await store.sql.query(`INSERT INTO account_state (account_id, tier, health_score, health_band) VALUES ('acct', 'tech-touch', 10, 'red')`)
    const ids = async () => (await (await api.report('/v1/reports/at-risk')).json()).accounts.map((a: { accountId: string }) => a.accountId)
    expect(await ids()).toEqual(['acct'])
    await api.post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', event: 'Subscription Cancelled', messageId: 'c1', timestamp: '2026-02-01T00:00:00Z', context: { groupId: 'acct' } }] })
    expect(await ids()).toEqual([])
  })
})
