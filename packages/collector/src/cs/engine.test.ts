import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { contentSchema, type ContentInput } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'
import { createEngine } from './scheduler'

const DAY = 86_400_000
const START = Date.parse('2026-06-01T09:00:00Z')

/** A content file for a small invoicing product, with every playbook condition. */
function content(webhook: string, overrides: Partial<ContentInput> = {}) {
  return contentSchema.parse({
    features: { 'invoices.create': {}, 'reports.export': { events: ['Report Exported'] } },
    milestones: { 'first-invoice-sent': { event: 'Invoice Sent' } },
    tiers: [
      { id: 'high-touch', when: { trait: 'arr', gte: 50000 }, targetDays: 30 },
      { id: 'low-touch', when: { trait: 'arr', gte: 5000 } },
      { id: 'tech-touch', targetDays: 7 },
    ],
    // One-day windows and no grace period, so a days-old account is scored (lifecycle.test.ts covers both).
    health: {
      measures: [
        { id: 'breadth', weight: 0.4, keyFeatures: ['invoices.create', 'reports.export'], windowDays: 1 },
        { id: 'activeUsers', weight: 0.3, windowDays: 1 },
        { id: 'valueReached', weight: 0.3, milestone: 'first-invoice-sent' },
      ],
      bands: { red: 40, yellow: 70 },
      graceDays: 0,
    },
    prompts: [{ id: 'rescue', kind: 'banner', title: 'Need a hand?', body: 'Book a session', cta: { label: 'Book', href: '/help' } }],
    playbooks: [
      { id: 'at-risk', when: { health: { below: 40 } }, do: [{ webhook }, { tag: 'at-risk' }, { enablePrompt: 'rescue' }] },
      { id: 'went-red', when: { bandChangedTo: 'red' }, do: [{ tag: 'red' }] },
      { id: 'upgraded', when: { tierChangedTo: 'high-touch' }, do: [{ tag: 'new-high-touch' }] },
      { id: 'no-value', when: { milestoneNotReached: { milestone: 'first-invoice-sent', days: 7 } }, do: [{ tag: 'no-value-7d' }] },
      { id: 'seats-full', when: { ratio: { numerator: 'activeUsers', denominator: { trait: 'seats' }, above: 0.9 } }, do: [{ tag: 'upsell-seats' }] },
      { id: 'plan-changed', when: { traitChanged: 'plan' }, do: [{ tag: 'plan-changed' }] },
    ],
    ...overrides,
  })
}

describe.each(storeCases)('customer-success engine on $name', ({ open }) => {
  let store: Store
  let now: number
  let api: ReturnType<typeof inProcessCollector>
  const iso = (offsetDays = 0) => new Date(now + offsetDays * DAY).toISOString()
  let seq = 0

  const setup = (overrides: Partial<ContentInput> = {}, webhook = 'http://127.0.0.1:9/hook') => {
    api = inProcessCollector(store, { content: staticContent(content(webhook, overrides)), now: () => now, rateLimit: false })
    return api
  }
  const send = async (events: Record<string, unknown>[]) => {
    const res = await api.post('/v1/batch', { batch: events.map((e) => ({ messageId: `m${++seq}`, timestamp: iso(), ...e })) })
    expect(res.status).toBe(200)
  }
  const group = (account: string, traits: Record<string, unknown>, userId = `${account}-admin`) =>
    send([{ type: 'group', userId, groupId: account, traits: { createdAt: new Date(START).toISOString(), ...traits } }])
  const use = (account: string, userId: string, event: string, properties: Record<string, unknown> = {}) =>
    send([{ type: 'track', userId, event, properties, context: { groupId: account } }])
  const evaluate = async (account: string) => (await api.collector.engine!.evaluate(account))!
  const account = async (id: string) => (await api.report(`/v1/accounts/${id}`)).json()

  beforeEach(async () => {
    store = await open()
    now = START
    seq = 0
  })
  afterEach(async () => {
    await api?.collector.engine?.stop()
    await store.close()
  })

  it('puts accounts with ARR 90,000, 9,000 and 900 in high-, low- and tech-touch, with the reason in the timeline', async () => {
    setup()
    await group('big', { arr: 90000 })
    await group('mid', { arr: 9000 })
    await group('small', { arr: 900 })
    const tiers = await Promise.all(['big', 'mid', 'small'].map(async (id) => (await evaluate(id)).tier.tier))
    expect(tiers).toEqual(['high-touch', 'low-touch', 'tech-touch'])
    const big = await account('big')
    expect(big.tier).toBe('high-touch')
    expect(big.timeline.find((entry: { kind: string }) => entry.kind === 'tier_changed')).toMatchObject({
      title: 'Tier high-touch', data: { from: null, to: 'high-touch', reason: 'arr 90000 ≥ 50000' },
    })
  })

  it('keeps a tier within the hysteresis margin and honours a CS override until it expires', async () => {
    setup({ tierPolicy: { margin: 0.1 } })
    await group('acct', { arr: 9000 })
    expect((await evaluate('acct')).tier.tier).toBe('low-touch')
    await group('acct', { arr: 52000 })
    expect((await evaluate('acct')).tier.tier).toBe('low-touch')
    await group('acct', { arr: 56000 })
    expect((await evaluate('acct')).tier).toMatchObject({ tier: 'high-touch', changed: true })

    const patched = await api.collector.fetch(new Request('http://collector.test/v1/accounts/acct/traits', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${api.keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ traits: { tierOverride: 'tech-touch', tierOverrideUntil: iso(10) } }),
    }))
    expect(patched.status).toBe(200)
    const body = await patched.json()
    expect(body.tier).toBe('tech-touch')
    expect(body.timeline.find((entry: { kind: string }) => entry.kind === 'tier_changed').data).toMatchObject({
      from: 'high-touch', to: 'tech-touch', reason: expect.stringContaining('set by CS'),
    })
    expect(body.timeline.some((entry: { kind: string }) => entry.kind === 'traits_changed')).toBe(true)
    now += 11 * DAY
    expect((await evaluate('acct')).tier.tier).toBe('high-touch')
  })

  it('scores health from usage, renormalising and telling insufficient data apart', async () => {
    setup()
    // Two known users; one uses one of the two key features and sends an invoice on day 2.
    await group('acct', { arr: 9000 }, 'u1')
    await group('acct', { arr: 9000 }, 'u2')
    now += DAY
    await use('acct', 'u1', 'Feature Used', { feature: 'invoices.create' })
    await use('acct', 'u1', 'Invoice Sent')
    const result = await evaluate('acct')
    // breadth 1/2 = 50, activeUsers 1/2 = 50, value reached in 1 day = 100: 0.4·50 + 0.3·50 + 0.3·100 = 65
    expect(result.health).toMatchObject({ score: 65, band: 'yellow' })
    expect(result.health!.drivers.map((d) => d.id)).toEqual(['breadth', 'activeUsers'])

    // A new account with no users known and the milestone not yet due: insufficient, not red.
    await send([{ type: 'group', anonymousId: 'visitor', groupId: 'new', traits: { createdAt: iso() } }])
    expect((await evaluate('new')).health).toMatchObject({ score: null, band: 'insufficient' })
    expect((await account('new')).health.band).toBe('insufficient')
  })

  it('turns an account without usage red and fires its at-risk playbook once; a healthy account fires nothing', async () => {
    const received: string[] = []
    const receiver = await listen((body) => received.push(body))
    try {
      setup({}, `${receiver.url}/hook`)
      await group('idle', { arr: 900 }, 'i1')
      await group('idle', { arr: 900 }, 'i2')
      await group('busy', { arr: 900 }, 'b1')
      now += DAY
      await use('busy', 'b1', 'Feature Used', { feature: 'invoices.create' })
      await use('busy', 'b1', 'Report Exported')
      await use('busy', 'b1', 'Invoice Sent')
      now += 8 * DAY
      await use('busy', 'b1', 'Feature Used', { feature: 'invoices.create' })

      const idle = await evaluate('idle')
      expect(idle.health).toMatchObject({ score: 0, band: 'red' })
      expect(idle.firings.map((f) => f.playbook.id).sort()).toEqual(['at-risk', 'no-value', 'went-red'])
      const busy = await evaluate('busy')
      expect(busy.health!.band).toBe('green')
      expect(busy.firings.map((f) => [f.playbook.id, f.outcome])).toEqual([])

      // Still red a day later: no second firing.
      now += DAY
      expect((await evaluate('idle')).firings).toEqual([])
      expect(await api.collector.engine!.deliverWebhooks()).toBe(1)
      expect(await api.collector.engine!.deliverWebhooks()).toBe(0)
      expect(received).toHaveLength(1)
      const payload = JSON.parse(received[0]!)
      expect(payload).toMatchObject({ playbook: 'at-risk', account: { id: 'idle', tier: 'tech-touch' }, values: { score: 0 } })
      expect(payload.text).toContain('at-risk')

      const details = await account('idle')
      expect(details.tags).toEqual(['at-risk', 'no-value-7d', 'red'])
      expect(details.enabled.prompts).toEqual(['rescue'])
      expect(details.timeline.filter((e: { kind: string }) => e.kind === 'playbook_fired')).toHaveLength(3)
    } finally {
      await receiver.close()
    }
  })

  it('re-arms a playbook once its condition stops holding', async () => {
    setup()
    await group('acct', { arr: 900 }, 'u1')
    now += 8 * DAY
    expect((await evaluate('acct')).firings.map((f) => f.playbook.id)).toContain('at-risk')
    await use('acct', 'u1', 'Feature Used', { feature: 'invoices.create' })
    await use('acct', 'u1', 'Report Exported')
    await use('acct', 'u1', 'Invoice Sent')
    const recovered = await evaluate('acct')
    expect(recovered.health!.score).toBeGreaterThanOrEqual(40)
    now += 40 * DAY
    expect((await evaluate('acct')).firings.map((f) => f.playbook.id)).toContain('at-risk')
  })

  it('fires on a tier change, a seat ratio and a trait change', async () => {
    setup()
    await group('acct', { arr: 900, seats: 2, plan: 'starter' }, 'u1')
    await group('acct', { arr: 900, seats: 2, plan: 'starter' }, 'u2')
    expect((await evaluate('acct')).firings.map((f) => f.playbook.id)).not.toContain('plan-changed')
    await use('acct', 'u1', 'Feature Used', { feature: 'invoices.create' })
    await use('acct', 'u2', 'Feature Used', { feature: 'invoices.create' })
    await group('acct', { arr: 60000, plan: 'enterprise' }, 'u1')
    const fired = (await evaluate('acct')).firings.map((f) => f.playbook.id).sort()
    expect(fired).toEqual(['plan-changed', 'seats-full', 'upgraded'])
  })

  it('evaluates accounts within the debounce after their events arrive', async () => {
    setup()
    const engine = createEngine({ sql: store.sql, content: api.collector.content, secretKey: 'sk', now: () => new Date(now), debounceMs: 20, autoStart: true, webhookIntervalMs: 60_000, dailyCheckMs: 3_600_000, log: () => {} })
    try {
      await group('acct', { arr: 9000 })
      engine.markDirty(['acct'])
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect((await account('acct')).tier).toBe('low-touch')
    } finally {
      await engine.stop()
    }
  })

  it('delivers a webhook exactly once across a receiver outage and a collector restart, signed', async () => {
    const receiver = await listen(() => {}, 0)
    const url = receiver.url
    await receiver.close()
    setup({}, `${url}/hook`)
    await group('idle', { arr: 900 }, 'i1')
    now += 8 * DAY
    await evaluate('idle')
    // The receiver is down: the attempt fails and is scheduled again.
    expect(await api.collector.engine!.deliverWebhooks()).toBe(0)
    const [row] = await store.sql.query<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM webhook_outbox')
    expect(row!.attempts).toBe(1)

    // The collector restarts (a new engine on the same store) and the receiver comes back.
    await api.collector.engine!.stop()
    const bodies: Array<{ body: string; signature: string; delivery: string }> = []
    const back = await listen((body, headers) => bodies.push({ body, signature: headers['x-goyo-signature'] as string, delivery: headers['x-goyo-delivery'] as string }), Number(new URL(url).port))
    try {
      const restarted = inProcessCollector(store, { keys: api.keys, content: api.collector.content, now: () => now })
      now += 10 * 60_000
      expect(await restarted.collector.engine!.deliverWebhooks()).toBe(1)
      now += 60 * 60_000
      expect(await restarted.collector.engine!.deliverWebhooks()).toBe(0)
      expect(bodies).toHaveLength(1)
      const expected = createHmac('sha256', api.keys.secretKey).update(bodies[0]!.body).digest('hex')
      expect(bodies[0]!.signature).toBe(`sha256=${expected}`)
      expect(bodies[0]!.delivery).toMatch(/^\d+$/)
    } finally {
      await back.close()
    }
  })

  describe('accounts API', () => {
    it('lists accounts with filters, sorting and pagination', async () => {
      setup()
      const accounts = [['a1', 90000], ['a2', 9000], ['a3', 900], ['a4', 800], ['a5', 700]] as const
      for (const [id, arr] of accounts) await group(id, { arr, name: `Account ${id}` })
      now += 2 * DAY
      for (const [id] of accounts) await evaluate(id)
      const page1 = await (await api.report('/v1/accounts?tier=tech-touch&sort=-arr&limit=2')).json()
      expect(page1.accounts.map((a: { id: string }) => a.id)).toEqual(['a3', 'a4'])
      expect(page1.accounts[0]).toMatchObject({ name: 'Account a3', tier: 'tech-touch', arr: 900, activeUsers: 0 })
      const page2 = await (await api.report(`/v1/accounts?tier=tech-touch&sort=-arr&limit=2&cursor=${page1.nextCursor}`)).json()
      expect(page2.accounts.map((a: { id: string }) => a.id)).toEqual(['a5'])
      expect(page2.nextCursor).toBeNull()
      const search = await (await api.report('/v1/accounts?q=a2')).json()
      expect(search.accounts.map((a: { id: string }) => a.id)).toEqual(['a2'])
      // Accounts with no usage at all score 0: red, not "insufficient".
      const red = await (await api.report('/v1/accounts?band=red&limit=200')).json()
      expect(red.accounts).toHaveLength(5)
      expect((await (await api.report('/v1/accounts?band=green')).json()).accounts).toEqual([])
    })

    it('refuses bad queries, unknown accounts and keys other than the secret key', async () => {
      setup()
      await group('a1', { arr: 1 })
      expect((await api.report('/v1/accounts?limit=0')).status).toBe(400)
      expect((await api.report('/v1/accounts?sort=name')).status).toBe(400)
      expect((await api.report('/v1/accounts?band=purple')).status).toBe(400)
      expect((await api.report('/v1/accounts/nope')).status).toBe(404)
      expect((await api.request('/v1/accounts')).status).toBe(401)
      expect((await api.request('/v1/accounts/a1', { headers: { authorization: `Bearer ${api.keys.writeKey}` } })).status).toBe(403)
      const patch = (body: string) => api.request('/v1/accounts/a1/traits', { method: 'PATCH', body, headers: { authorization: `Bearer ${api.keys.secretKey}` } })
      expect((await patch('{"traits":{}}')).status).toBe(400)
      expect((await patch('not json')).status).toBe(400)
      expect((await patch('{"arr":5}')).status).toBe(400)
      const writeKeyPatch = await api.request('/v1/accounts/a1/traits', { method: 'PATCH', body: '{"traits":{"arr":5}}', headers: { authorization: `Bearer ${api.keys.writeKey}` } })
      expect(writeKeyPatch.status).toBe(403)
    })
  })
})

/** A webhook receiver on loopback. */
async function listen(onBody: (body: string, headers: Record<string, string | string[] | undefined>) => void, port = 0) {
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      onBody(body, req.headers)
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
