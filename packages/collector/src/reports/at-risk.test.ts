import { contentSchema } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'
import type { AtRiskReport } from './at-risk'
import type { SegmentsReport } from './segments'

const NOW = Date.parse('2026-06-30T12:00:00Z')
const DAY = 86_400_000

const content = contentSchema.parse({
  features: { invoices: {} },
  tiers: [{ id: 'tech' }],
  health: { measures: [{ id: 'activeUsers', weight: 1, windowDays: 3 }], bands: { red: 40, yellow: 70 }, graceDays: 7, declining: { points: 10, trendBelow: 25 } },
})

describe.each(storeCases)('at-risk on $name', ({ open }) => {
  let store: Store
  let now: number
  let api: ReturnType<typeof inProcessCollector>
  let seq = 0
  const send = async (events: Record<string, unknown>[]) => {
    const res = await api.post('/v1/batch', { batch: events.map((e) => ({ messageId: `m${++seq}`, timestamp: new Date(now).toISOString(), ...e })) })
    expect(res.status).toBe(200)
  }
  const get = async <T>(path: string) => (await api.report(path)).json() as Promise<T>
  const ids = async () => (await get<AtRiskReport>('/v1/reports/at-risk')).accounts.map((a) => [a.accountId, a.reasons])

  beforeEach(async () => {
    store = await open()
    now = NOW
    seq = 0
    api = inProcessCollector(store, { content: staticContent(content), now: () => now, rateLimit: false })
  })
  afterEach(async () => {
    await api.collector.engine?.stop()
    await store.close()
  })

  // Regression: the demo's at-risk list held a green account (78.8) because it had fallen 10 points.
  it('lists every red account and the yellow ones that decline by the rule, never a green one', async () => {
    await send(['G', 'Y1', 'Y2', 'Y3', 'R', 'O'].map((id) => ({ type: 'group', userId: `${id}-u`, groupId: id, traits: { name: id } })))
    const trend = (score: number | null) => JSON.stringify({ measures: [{ id: 'trend', score }], drivers: [] })
    await store.sql.query(
      `INSERT INTO account_state (account_id, tier, health_score, health_band, health) VALUES
        ('G', 'tech', 78.8, 'green', $1), ('Y1', 'tech', 55, 'yellow', $1), ('Y2', 'tech', 60, 'yellow', $2),
        ('Y3', 'tech', 65, 'yellow', $1), ('R', 'tech', 20, 'red', $1), ('O', 'tech', 10, 'onboarding', $1)`,
      [trend(50), trend(20)],
    )
    await store.sql.query(
      `INSERT INTO health_snapshots (account_id, day, score, band, tier, measures) VALUES
        ('G', '2026-06-23', 95, 'green', 'tech', '[]'), ('Y1', '2026-06-22', 66, 'green', 'tech', '[]'),
        ('Y2', '2026-06-23', 62, 'yellow', 'tech', '[]'), ('Y3', '2026-06-23', 70, 'yellow', 'tech', '[]'),
        ('Y3', '2026-06-02', 90, 'onboarding', 'tech', '[]'), ('O', '2026-06-23', 90, 'onboarding', 'tech', '[]')`,
    )
    // G fell 16 but is green. Y1 fell 11 in 7 days (its 06-22 snapshot stands for 06-23). Y2 fell
    // 2 but its usage trend scores 20 < 25. Y3 fell 5, and its 28-day baseline was onboarding: none.
    expect(await ids()).toEqual([['R', ['red']], ['Y1', ['declining7d']], ['Y2', ['usageFalling']]])
    const csv = await (await api.report('/v1/reports/at-risk?format=csv')).text()
    expect(csv).toContain('down 11 in 7 days')
    expect(csv).toContain('usage trend 20 (50 is flat)')
  })

  it('counts the same red accounts as segments and the accounts list, and drops one that cancels', async () => {
    const old = new Date(NOW - 400 * DAY).toISOString()
    await send(['A', 'B', 'C'].map((id) => ({ type: 'group', userId: `${id}-u`, groupId: id, traits: { arr: 1200, createdAt: old } })))
    now += 5 * DAY
    await send([{ type: 'track', userId: 'C-u', event: 'Feature Used', properties: { feature: 'invoices' }, context: { groupId: 'C' } }])
    for (const id of ['A', 'B', 'C']) await api.collector.engine!.evaluate(id)
    const redEverywhere = async () => {
      const segments = await get<SegmentsReport>('/v1/reports/segments')
      const list = await get<{ accounts: Array<{ id: string }> }>('/v1/accounts?band=red')
      return {
        segments: segments.matrix.filter((m) => m.band === 'red').reduce((sum, m) => sum + m.accounts, 0),
        list: list.accounts.map((a) => a.id).sort(),
        atRisk: (await get<AtRiskReport>('/v1/reports/at-risk')).accounts.filter((a) => a.band === 'red').map((a) => a.accountId).sort(),
      }
    }
    expect(await redEverywhere()).toEqual({ segments: 2, list: ['A', 'B'], atRisk: ['A', 'B'] })

    // B cancels: a churned customer is neither red nor at risk, in every count at once.
    await send([{ type: 'track', userId: 'B-u', event: 'Subscription Cancelled', context: { groupId: 'B' } }])
    await api.collector.engine!.evaluate('B')
    expect(await redEverywhere()).toEqual({ segments: 1, list: ['A'], atRisk: ['A'] })
    expect((await get<SegmentsReport>('/v1/reports/segments')).matrix).toContainEqual({ tier: 'tech', band: 'churned', accounts: 1 })
  })
})
