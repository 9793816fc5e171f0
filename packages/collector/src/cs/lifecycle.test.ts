import { contentSchema, type ContentInput } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

const DAY = 86_400_000
const START = Date.parse('2026-06-01T09:00:00Z')

/** The README's health example: three measures, a webhook, a tag and a prompt when health is below 40. */
const README_HEALTH: Partial<ContentInput> = {
  features: { 'invoices.create': {}, 'reports.export': { events: ['Report Exported'] } },
  milestones: { 'first-invoice-sent': { event: 'Invoice Sent' } },
  tiers: [
    { id: 'high-touch', when: { trait: 'arr', gte: 50000 } },
    { id: 'low-touch', when: { trait: 'arr', gte: 5000 } },
    { id: 'tech-touch' },
  ],
  health: {
    measures: [
      { id: 'breadth', weight: 0.4, keyFeatures: ['invoices.create', 'reports.export'] },
      { id: 'activeUsers', weight: 0.3 },
      { id: 'valueReached', weight: 0.3, milestone: 'first-invoice-sent' },
    ],
    bands: { red: 40, yellow: 70 },
  },
  prompts: [{ id: 'rescue', kind: 'banner', title: 'Need a hand?', body: 'Book a session', cta: { label: 'Book', href: '/help' } }],
  playbooks: [
    { id: 'at-risk', when: { health: { below: 40 } }, do: [{ webhook: 'http://127.0.0.1:9/hook' }, { tag: 'at-risk' }, { enablePrompt: 'rescue' }] },
    { id: 'went-red', when: { bandChangedTo: 'red' }, do: [{ tag: 'red' }] },
    { id: 'no-value', when: { milestoneNotReached: { milestone: 'first-invoice-sent', days: 7 } }, do: [{ tag: 'no-value-7d' }] },
  ],
}

describe.each(storeCases)('health over an account\'s life on $name', ({ open }) => {
  let store: Store
  let now: number
  let api: ReturnType<typeof inProcessCollector>
  let seq = 0

  const setup = (overrides: Partial<ContentInput> = {}) => {
    api = inProcessCollector(store, { content: staticContent(contentSchema.parse({ ...README_HEALTH, ...overrides })), now: () => now, rateLimit: false })
  }
  const send = async (events: Record<string, unknown>[]) => {
    const res = await api.post('/v1/batch', { batch: events.map((e) => ({ messageId: `m${++seq}`, timestamp: new Date(now).toISOString(), ...e })) })
    expect(res.status).toBe(200)
  }
  const group = (account: string, traits: Record<string, unknown>, userId = `${account}-admin`) =>
    send([{ type: 'group', userId, groupId: account, traits }])
  const use = (account: string, userId: string, event: string, properties: Record<string, unknown> = {}) =>
    send([{ type: 'track', userId, event, properties, context: { groupId: account } }])
  const evaluate = async (account: string) => (await api.collector.engine!.evaluate(account))!
  const account = async (id: string) => (await api.report(`/v1/accounts/${id}`)).json()
  const outbox = async () => (await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_outbox'))[0]!.n

  beforeEach(async () => {
    store = await open()
    now = START
    seq = 0
  })
  afterEach(async () => {
    await api?.collector.engine?.stop()
    await store.close()
  })

  // Regression: with the README's own example, 4 of 8 accounts a minute old sent the at-risk webhook.
  it('reports accounts a minute old as onboarding with only measures that have data, and fires no health playbook', async () => {
    setup()
    for (let i = 1; i <= 8; i++) {
      await group(`new${i}`, { arr: 900 * i, createdAt: new Date(now).toISOString() }, `u${i}`)
      if (i % 2 === 0) await use(`new${i}`, `u${i}`, 'Feature Used', { feature: 'invoices.create' })
    }
    now += 60_000
    for (let i = 1; i <= 8; i++) {
      const result = await evaluate(`new${i}`)
      expect(result.health!.band, `new${i}`).toBe('onboarding')
      expect(result.firings, `new${i}`).toEqual([])
      // 30-day breadth and active users over one minute, and a value target not over: no data.
      expect(result.health!.measures).toEqual([])
    }
    expect(await outbox()).toBe(0)
    const details = await account('new2')
    expect(details.health.band).toBe('onboarding')
    expect(details.tags).toEqual([])
    expect(details.enabled.prompts).toEqual([])
  })

  it('never scores a window the account has not lived through', async () => {
    setup({
      health: {
        measures: [{ id: 'activeUsers', weight: 1 }, { id: 'stickiness', weight: 1 }, { id: 'trend', weight: 1 }, { id: 'valueReached', weight: 1, milestone: 'first-invoice-sent' }],
        bands: { red: 40, yellow: 70 },
        graceDays: 0,
      },
    })
    await group('young', { arr: 900, createdAt: new Date(now).toISOString() }, 'y1')
    await use('young', 'y1', 'Invoice Sent')
    now += DAY
    const young = await evaluate('young')
    const byId = Object.fromEntries(young.health!.measures.map((m) => [m.id, m]))
    for (const id of ['activeUsers', 'stickiness', 'trend']) {
      expect(byId[id], id).toMatchObject({ score: null, detail: expect.stringContaining('the account is 1 days old') })
    }
    expect(byId.valueReached!.score).toBe(100)
    // Three of four weights have no data: insufficient, not red.
    expect(young.health).toMatchObject({ score: null, band: 'insufficient' })

    // A customer of a year that Goyo first sees today has lived one day of Goyo's windows too.
    await group('old', { arr: 900, createdAt: new Date(now - 365 * DAY).toISOString() }, 'o1')
    const old = await evaluate('old')
    expect(old.health!.measures.find((m) => m.id === 'activeUsers')!.score).toBeNull()

    // Thirty days on, every window is lived through and scored.
    now += 30 * DAY
    await use('young', 'y1', 'Invoice Sent')
    const later = await evaluate('young')
    expect(later.health!.measures.every((m) => m.score !== null)).toBe(true)
  })

  it('ends onboarding after the tier\'s targetDays, or health.graceDays, and only then fires health playbooks', async () => {
    setup({
      tiers: [{ id: 'high-touch', when: { trait: 'arr', gte: 50000 }, targetDays: 30 }, { id: 'tech-touch', targetDays: 7 }],
      health: { measures: [{ id: 'activeUsers', weight: 1, windowDays: 3 }], bands: { red: 40, yellow: 70 } },
    })
    const created = new Date(now).toISOString()
    await group('small', { arr: 900, createdAt: created }, 's1')
    await group('big', { arr: 90000, createdAt: created }, 'b1')
    now += 6 * DAY
    expect((await evaluate('small')).health!.band).toBe('onboarding')
    now += 2 * DAY
    // Day 8: past tech-touch's 7 days; nobody active in 3 days scores 0, red, and the playbooks fire now.
    const small = await evaluate('small')
    expect(small.health).toMatchObject({ band: 'red', score: 0 })
    expect(small.firings.map((f) => f.playbook.id).sort()).toEqual(['at-risk', 'no-value', 'went-red'])
    // High-touch's 30 days are not over: still onboarding, and only the milestone playbook fires.
    const big = await evaluate('big')
    expect(big.health!.band).toBe('onboarding')
    expect(big.firings.map((f) => f.playbook.id)).toEqual(['no-value'])
    expect(await outbox()).toBe(1)

    setup({ health: { measures: [{ id: 'activeUsers', weight: 1, windowDays: 3 }], bands: { red: 40, yellow: 70 }, graceDays: 20 } })
    expect((await evaluate('small')).health!.band).toBe('onboarding')
  })

  it('removes a playbook\'s tag once its condition stops holding, and keeps both in the timeline', async () => {
    setup({ health: { measures: [{ id: 'activeUsers', weight: 1, windowDays: 3 }], bands: { red: 40, yellow: 70 }, graceDays: 0 } })
    await group('acct', { arr: 900, createdAt: new Date(now).toISOString() }, 'u1')
    now += 5 * DAY
    expect((await evaluate('acct')).health!.band).toBe('red')
    expect((await account('acct')).tags).toEqual(['at-risk', 'red'])

    await use('acct', 'u1', 'Feature Used', { feature: 'invoices.create' })
    const recovered = await evaluate('acct')
    expect(recovered.health).toMatchObject({ band: 'green', score: 100 })
    const details = await account('acct')
    expect(details.tags).toEqual([])
    const kinds = details.timeline.map((e: { kind: string; title: string }) => `${e.kind}: ${e.title}`)
    expect(kinds).toEqual(expect.arrayContaining([
      expect.stringMatching(/^playbook_fired: Playbook at-risk/),
      'tag_removed: Tag at-risk removed: playbook at-risk no longer holds',
      'tag_removed: Tag red removed: playbook went-red no longer holds',
    ]))

    // Red again: the tag comes back with a new firing.
    now += 10 * DAY
    expect((await evaluate('acct')).firings.map((f) => f.playbook.id)).toContain('at-risk')
    expect((await account('acct')).tags).toContain('at-risk')
  })

  it('keeps a tag that another holding playbook sets, and a traitChanged playbook\'s tag', async () => {
    setup({
      health: { measures: [{ id: 'activeUsers', weight: 1, windowDays: 3 }], bands: { red: 40, yellow: 70 }, graceDays: 0 },
      playbooks: [
        { id: 'low', when: { health: { below: 40 } }, do: [{ tag: 'watch' }] },
        { id: 'no-value', when: { milestoneNotReached: { milestone: 'first-invoice-sent', days: 2 } }, do: [{ tag: 'watch' }] },
        { id: 'plan', when: { traitChanged: 'plan' }, do: [{ tag: 'plan-changed' }] },
      ],
    })
    await group('acct', { arr: 900, plan: 'a', createdAt: new Date(now).toISOString() }, 'u1')
    await evaluate('acct')
    now += 5 * DAY
    await group('acct', { arr: 900, plan: 'b' }, 'u1')
    await evaluate('acct')
    expect((await account('acct')).tags).toEqual(['plan-changed', 'watch'])
    // Active again: `low` stops holding, but the milestone is still not reached and sets `watch` too.
    await use('acct', 'u1', 'Feature Used', { feature: 'invoices.create' })
    expect((await evaluate('acct')).health!.band).toBe('green')
    expect((await account('acct')).tags).toEqual(['plan-changed', 'watch'])
  })

  it('calls a cancelled customer churned: not red, no health playbook', async () => {
    setup({ health: { measures: [{ id: 'activeUsers', weight: 1, windowDays: 3 }], bands: { red: 40, yellow: 70 }, graceDays: 0 } })
    await group('gone', { arr: 1200, createdAt: new Date(now - 400 * DAY).toISOString() }, 'g1')
    now += 5 * DAY
    await use('gone', 'g1', 'Subscription Cancelled')
    now += 5 * DAY
    const gone = await evaluate('gone')
    expect(gone.health!.band).toBe('churned')
    expect(gone.firings.map((f) => f.playbook.id)).not.toContain('at-risk')
    // A workspace's free account that states MRR 0 from the start never paid: it is judged, not churned.
    await group('free', { mrr: 0, createdAt: new Date(now - 400 * DAY).toISOString() }, 'f1')
    now += 5 * DAY
    expect((await evaluate('free')).health!.band).toBe('red')
  })
})
