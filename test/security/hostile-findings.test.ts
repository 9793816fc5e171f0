/**
 * Issue 19, findings 1–7 and 11: each hostile input exactly as the independent attack sent it,
 * on both stores. Before the fixes: revenue with `to=9999-12` looped until the process died; a
 * 400-digit `arr`, a 400-digit survey score and `mrr: 1e308` turned accounts, at-risk, cross-sell,
 * NPS, revenue and LTV into 500s; a `group` call made its account high-touch "set by CS"; NUL in a
 * parameter gave 503 or 500; `from=0000-12-03` and a 30-digit cursor gave 500; a batch-level
 * `context.groupId` object created the account `[object Object]`; reports answered 500 while the
 * store was down; CSV cells behind whitespace or with a full-width `＝` were not defused.
 */
import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'
import { storeCases } from '../_util/stores'

const HUGE = '9'.repeat(400)
const NOW = Date.parse('2026-06-15T12:00:00Z')

const CONTENT = contentSchema.parse({
  features: { 'invoices.create': { events: ['Invoice Created'] }, 'payroll.run': { events: ['Payroll Run'] } },
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely?' }],
  tiers: [
    { id: 'high-touch', when: { trait: 'arr', gte: 50000 } },
    { id: 'low-touch', when: { trait: 'arr', gte: 5000 } },
    { id: 'tech-touch' },
  ],
  health: { measures: [{ id: 'activeUsers', weight: 1 }], bands: { red: 40, yellow: 70 } },
})

describe.each(storeCases)('hostile findings on $name', (storeCase) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  let seq = 0
  const send = (batch: unknown[], extra: Record<string, unknown> = {}) =>
    api.post('/v1/batch', { batch: batch.map((event) => ({ messageId: `m-${++seq}`, timestamp: new Date(NOW - 3_600_000).toISOString(), ...(event as object) })), ...extra })

  beforeAll(async () => {
    store = await storeCase.open()
    api = inProcessCollector(store, { content: staticContent(CONTENT), rateLimit: false, now: () => NOW })
    const ok = await send([
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { name: 'Acme', arr: 9000, mrr: 750, products: ['invoicing'] } },
      { type: 'track', userId: 'u1', event: 'Invoice Created', context: { groupId: 'acme' } },
    ])
    expect(ok.status).toBe(200)
  })
  afterAll(async () => {
    await api?.collector.engine?.stop()
    await store?.close()
  })

  it('1: revenue, ltv and the revenue page refuse dates outside the window (400 naming the parameter)', async () => {
    for (const path of ['/v1/reports/revenue?to=9999-12', '/v1/reports/ltv?to=9999-12', '/v1/reports/revenue-tiers?from=0000-01']) {
      const response = await api.report(path)
      expect(response.status, path).toBe(400)
      expect((await response.json()).parameter, path).toMatch(/^(to|from)$/)
    }
    expect((await api.report('/dashboard/revenue?to=9999-12-31')).status).toBe(400)
  })

  it('2: reports stay up after a 400-digit arr, a 400-digit survey score and mrr 1e308', async () => {
    const sent = await send([
      { type: 'group', userId: 'p1', groupId: 'poison', traits: { name: 'Poison', arr: HUGE, mrr: 1e308, seats: HUGE } },
      { type: 'track', userId: 'p1', event: 'Survey Answered', properties: { survey: 'nps', score: HUGE }, context: { groupId: 'poison' } },
      { type: 'track', userId: 'p1', event: 'Plan Changed', properties: { mrr: 1e308 }, context: { groupId: 'poison' } },
    ])
    expect(sent.status).toBe(200)
    // The response says which values were not used as numbers.
    const ignored = (await sent.json()).ignored as Array<{ path: string }>
    expect(ignored.map((i) => i.path)).toEqual(expect.arrayContaining(['batch[0].traits.arr', 'batch[0].traits.mrr', 'batch[1].properties.score', 'batch[2].properties.mrr']))
    await api.collector.engine!.flush()
    for (const path of ['/v1/accounts', '/v1/accounts?sort=-arr', '/v1/accounts/poison', '/v1/reports/cross-sell', '/v1/reports/at-risk', '/v1/reports/nps', '/v1/reports/revenue', '/v1/reports/ltv', '/v1/reports/revenue-tiers', '/dashboard/accounts', '/dashboard/accounts/poison', '/dashboard/cross-sell', '/dashboard/revenue', '/dashboard/nps', '/dashboard']) {
      const response = await api.report(path)
      expect(response.status, `${path}: ${response.status === 200 ? '' : await response.text()}`).toBe(200)
    }
    // Kept in the raw payload, never used as the number.
    const events = await store.listEvents({ afterSeq: 0, limit: 100 })
    const group = events.find((event) => event.type === 'group' && event.payload.groupId === 'poison')!
    expect((group.payload.traits as Record<string, unknown>).arr).toBe(HUGE)
    const account = await (await api.report('/v1/accounts/poison')).json()
    expect(account.traits.arr).toBeUndefined()
    expect(account.traits.name).toBe('Poison')
  })

  it('3: the write key cannot set CS-owned traits; the PATCH route with the secret key can', async () => {
    const sent = await send([{ type: 'group', userId: 'e1', groupId: 'escalate', traits: { arr: 100, tierOverride: 'high-touch', tierOverrideUntil: '2099-12-31' } }])
    expect(sent.status).toBe(200)
    await api.collector.engine!.flush()
    const account = await (await api.report('/v1/accounts/escalate')).json()
    expect(account.tier).toBe('tech-touch')
    expect(account.tierReason ?? '').not.toMatch(/CS/)
    expect(account.traits.tierOverride).toBeUndefined()
    const events = await store.listEvents({ afterSeq: 0, limit: 1000 })
    expect(events.find((event) => event.payload.groupId === 'escalate')!.payload.traits).toMatchObject({ tierOverride: 'high-touch' })
    const patched = await api.collector.fetch(new Request('http://x/v1/accounts/escalate/traits', {
      method: 'PATCH', headers: { authorization: `Bearer ${api.keys.secretKey}` }, body: JSON.stringify({ traits: { tierOverride: 'high-touch' } }),
    }))
    expect(patched.status).toBe(200)
    expect((await patched.json()).tier).toBe('high-touch')
  })

  it('4: NUL in a parameter is a 400 naming it, never a 503 or 500; NUL in a PATCHed value is neutralised', async () => {
    const basic = { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}` }
    const content = await api.request('/v1/content?userId=%00', { headers: basic })
    expect(content.status).toBe(400)
    expect(content.headers.get('retry-after')).toBeNull()
    const secret = { authorization: `Bearer ${api.keys.secretKey}` }
    const attempts: Array<[string, string, string?]> = [
      ['GET', '/v1/accounts/%00'],
      ['DELETE', '/v1/users/%00'],
      ['PATCH', '/v1/accounts/%00/traits', '{"traits":{"a":1}}'],
      ['GET', '/v1/accounts?q=%00'],
      ['GET', '/v1/accounts?tier=%00'],
      ['GET', '/v1/reports/adoption?feature=%00'],
      ['GET', '/v1/reports/adoption?tier=%00'],
      ['GET', '/dashboard/accounts/%00'],
      ['GET', '/dashboard/accounts?q=%00'],
    ]
    for (const [method, path, body] of attempts) {
      const response = await api.request(path, { method, headers: secret, body })
      expect(response.status, `${method} ${path}`).toBe(400)
    }
    const patched = await api.request('/v1/accounts/acme/traits', { method: 'PATCH', headers: secret, body: JSON.stringify({ traits: { note: 'a\u0000b' } }) })
    expect(patched.status).toBe(200)
    expect((await patched.json()).traits.note).toBe('a\ufffdb')
  })

  it('5: extreme dates and cursors are 400s naming the parameter; a tier that is not in the content too', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/reports/adoption?from=0000-12-03', 'from'],
      ['/v1/reports/stickiness?from=0000-12-03', 'from'],
      ['/v1/reports/ttv?to=9999-12-31', 'to'],
      ['/v1/accounts?cursor=' + '9'.repeat(30), 'cursor'],
      ['/v1/reports/adoption?tier=gold', 'tier'],
      ['/v1/reports/ttv?milestone=nope', 'milestone'],
      ['/v1/reports/adoption?feature=nope', 'feature'],
      ['/v1/accounts?tier=gold', 'tier'],
      ['/v1/accounts?limit=1e3', 'limit'],
      ['/v1/accounts/acme?timelineLimit=-1', 'timelineLimit'],
    ]
    for (const [path, parameter] of cases) {
      const response = await api.report(path)
      expect(response.status, path).toBe(400)
      expect((await response.json()).parameter, path).toBe(parameter)
    }
    expect((await api.report('/dashboard/adoption?tier=gold')).status).toBe(400)
  })

  it('6: a batch-level context.groupId follows the id rule: object, empty and 9,000 characters are 400s', async () => {
    for (const groupId of [{ a: 1 }, '', 'g'.repeat(9000), ['x'], true]) {
      const response = await send([{ type: 'track', userId: 'u6', event: 'Seen' }], { context: { groupId } })
      expect(response.status, JSON.stringify(groupId).slice(0, 40)).toBe(400)
      expect((await response.json()).issues[0].path).toBe('context.groupId')
    }
    const accounts = await (await api.report('/v1/accounts?q=object')).json()
    expect(accounts.accounts).toEqual([])
  })

  it('11: CSV cells are defused behind whitespace and for full-width signs; JSON answers say nosniff', async () => {
    const sent = await send(['\n=1+1', ' =cmd', '＝HYPERLINK()', '＋1', '－1', '＠x', '\t@x'].map((event) => ({ type: 'track', userId: 'u11', event })))
    expect(sent.status).toBe(200)
    const csv = await (await api.report('/v1/reports/events?format=csv')).text()
    for (const line of csv.split('\r\n').slice(1)) {
      const cell = line.startsWith('"') ? line.slice(1) : line
      expect(cell, line).not.toMatch(/^\s*[=+\-@＝＋－＠]/)
    }
    expect((await api.report('/v1/reports/overview')).headers.get('x-content-type-options')).toBe('nosniff')
    expect((await api.post('/v1/batch', {})).headers.get('x-content-type-options')).toBe('nosniff')
  })

  // Last: it closes the store.
  it('7: reports, accounts and the dashboard answer 503 with Retry-After while the store is down', async () => {
    await store.close()
    for (const path of ['/v1/reports/adoption', '/v1/reports/overview', '/v1/reports/revenue', '/v1/accounts', '/v1/accounts/acme', '/dashboard/adoption']) {
      const response = await api.report(path)
      expect(response.status, path).toBe(503)
      expect(response.headers.get('retry-after'), path).toMatch(/^\d+$/)
    }
  })
})
