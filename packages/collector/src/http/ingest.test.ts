import { gzipSync } from 'node:zlib'
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { rudderNodeBatch, segmentBrowserEvents, segmentNodeBatch } from '../../../../test/fixtures/clients'
import type { Store } from '../store/store'

const track = (messageId: string, extra: Record<string, unknown> = {}) => ({
  type: 'track', event: 'Feature Used', userId: 'u1', messageId, properties: { feature: 'export' }, ...extra,
})

describe.each(storeCases)('ingest on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>

  beforeEach(async () => {
    store = await open()
    api = inProcessCollector(store)
  })
  afterEach(async () => {
    await store.close().catch(() => {})
  })

  const storedIds = async () => (await store.listEvents()).map((event) => event.messageId).sort()

  describe('real clients', () => {
    it('stores a Segment node batch sent twice with Basic auth once', async () => {
      const request = segmentNodeBatch(api.keys.writeKey)
      for (let i = 0; i < 2; i++) {
        const res = await api.request(request.path, { method: 'POST', headers: request.headers, body: request.body })
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ success: true })
      }
      expect(await storedIds()).toEqual([...request.messageIds].sort())
      const [identify] = await store.listEvents({ limit: 1 })
      // Unknown fields are kept whole.
      expect(identify!.payload._metadata).toEqual({ nodeVersion: '20.20.2', jsRuntime: 'node' })
      expect(identify!.payload.integrations).toEqual({})
    })

    it('accepts analytics.js text/plain events on the short paths', async () => {
      const requests = segmentBrowserEvents(api.keys.writeKey)
      for (const request of requests) {
        const res = await api.request(request.path, { method: 'POST', headers: request.headers, body: request.body })
        expect(res.status, request.path).toBe(200)
      }
      const events = await store.listEvents()
      expect(events.map((event) => event.type)).toEqual(['page', 'track', 'identify', 'group'])
      expect(events.find((event) => event.type === 'group')!.accountId).toBe('acct-2')
      // The writeKey travels in the body but is not an event field worth keeping twice.
      expect(events[1]!.payload.event).toBe('Feature Used')
    })

    it('accepts RudderStack gzip bodies with a form content type and corrects clock skew', async () => {
      const request = rudderNodeBatch(api.keys.writeKey)
      const before = Date.now()
      const res = await api.request(request.path, { method: 'POST', headers: request.headers, body: request.body })
      expect(res.status).toBe(200)
      const events = await store.listEvents()
      expect(events.map((event) => event.messageId)).toEqual(request.messageIds)
      const trackEvent = events[0]!
      // originalTimestamp was 10 s before sentAt, so timestamp is 10 s before receivedAt.
      expect(trackEvent.receivedAt.getTime() - trackEvent.timestamp.getTime()).toBe(10_000)
      expect(trackEvent.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1)
      expect(trackEvent.originalTimestamp!.toISOString()).toBe('2026-03-01T11:59:00.000Z')
      expect(trackEvent.accountId).toBe('acct-3')
    })
  })

  describe('bodies', () => {
    it('gunzips a body marked only by its magic bytes', async () => {
      const body = gzipSync(JSON.stringify({ batch: [track('gz-1')] }))
      const res = await api.post('/v1/batch', body, { 'content-type': 'text/plain' })
      expect(res.status).toBe(200)
      expect(await storedIds()).toEqual(['gz-1'])
    })

    it('answers 400 for malformed JSON and stores nothing', async () => {
      const res = await api.post('/v1/batch', '{"batch": [', {})
      expect(res.status).toBe(400)
      expect((await res.json()).error).toBe('malformed_json')
      expect(await storedIds()).toEqual([])
    })

    it('answers 400 for broken gzip', async () => {
      const broken = gzipSync(JSON.stringify({ batch: [track('x')] })).subarray(0, 20)
      const res = await api.post('/v1/batch', broken, { 'content-encoding': 'gzip' })
      expect(res.status).toBe(400)
      expect((await res.json()).error).toBe('malformed_gzip')
    })

    it('answers 400 for a body that is not UTF-8', async () => {
      const res = await api.post('/v1/batch', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))
      expect(res.status).toBe(400)
    })

    it('answers 400 for a JSON value that is not an object', async () => {
      for (const body of ['[]', '"batch"', '42', 'null']) {
        const res = await api.post('/v1/batch', body)
        expect(res.status, body).toBe(400)
      }
    })

    it('lists every problem of an invalid batch with its path, and stores nothing of it', async () => {
      const res = await api.post('/v1/batch', {
        batch: [track('ok-1'), { type: 'track', userId: 'u1' }, { type: 'group', userId: 'u1' }, { type: 'track', event: 'x' }, { type: 'nope' }],
      })
      expect(res.status).toBe(400)
      const body = await res.json()
      expect(body.error).toBe('invalid_batch')
      expect(body.issues).toEqual(
        expect.arrayContaining([
          { path: 'batch[1].event', message: 'required' },
          { path: 'batch[2].groupId', message: 'required' },
          { path: 'batch[3].userId', message: 'userId or anonymousId is required' },
          expect.objectContaining({ path: 'batch[4].type' }),
        ]),
      )
      expect(body.message).toContain('batch[1].event: required')
      expect(await storedIds()).toEqual([])
    })

    it('rejects a wrong timestamp and an empty batch with their paths', async () => {
      const res = await api.post('/v1/batch', { batch: [track('t1', { timestamp: 'yesterday' })] })
      expect(res.status).toBe(400)
      expect((await res.json()).issues[0].path).toBe('batch[0].timestamp')
      const empty = await api.post('/v1/batch', { batch: [] })
      expect(empty.status).toBe(400)
      expect((await empty.json()).issues[0].path).toBe('batch')
    })

    it('answers 413 for an event over 32 KB and stores nothing of its batch', async () => {
      const big = track('big', { properties: { blob: 'x'.repeat(MAX_EVENT_BYTES) } })
      const res = await api.post('/v1/batch', { batch: [track('small'), big] })
      expect(res.status).toBe(413)
      expect((await res.json()).message).toContain('batch[1]')
      expect(await storedIds()).toEqual([])
    })

    it('answers 413 for a batch over 500 KB, and for a gzip body that inflates past it', async () => {
      const batch = Array.from({ length: 40 }, (_, i) => track(`b${i}`, { properties: { blob: 'y'.repeat(15_000) } }))
      const res = await api.post('/v1/batch', { batch })
      expect(res.status).toBe(413)
      const bomb = gzipSync(JSON.stringify({ batch: [track('z', { properties: { blob: 'z'.repeat(MAX_BATCH_BYTES + 10) } })] }))
      expect(bomb.length).toBeLessThan(10_000)
      const res2 = await api.post('/v1/batch', bomb, { 'content-encoding': 'gzip' })
      expect(res2.status).toBe(413)
      expect(await storedIds()).toEqual([])
    })

    it('stores NUL characters and lone surrogates as U+FFFD instead of failing the batch', async () => {
      const res = await api.post('/v1/batch', {
        batch: [track('nul-1', { properties: { note: 'a\u0000b', ['k\u0000']: '\ud800' } })],
      })
      expect(res.status).toBe(200)
      const [event] = await store.listEvents()
      expect(event!.payload.properties).toEqual({ note: 'a\ufffdb', 'k\ufffd': '\ufffd' })
    })

    it('keeps __proto__ and constructor keys as data without polluting prototypes', async () => {
      const body = '{"batch":[{"type":"track","event":"x","userId":"u1","messageId":"p1","properties":{"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}}}}]}'
      const res = await api.post('/v1/batch', body)
      expect(res.status).toBe(200)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      const [event] = await store.listEvents()
      expect(Object.keys(event!.payload.properties as object)).toContain('constructor')
    })
  })

  describe('single-event paths', () => {
    it.each(['track', 'identify', 'group', 'page', 'screen', 'alias'])('/v1/%s takes the type from the path', async (type) => {
      const bodies: Record<string, Record<string, unknown>> = {
        track: { event: 'Clicked', userId: 'u1' },
        identify: { userId: 'u1', traits: { role: 'admin' } },
        group: { userId: 'u1', groupId: 'g1', traits: { arr: 1 } },
        page: { anonymousId: 'a1', name: 'Home' },
        screen: { anonymousId: 'a1', name: 'Home' },
        alias: { userId: 'u1', previousId: 'a1' },
      }
      const res = await api.post(`/v1/${type}`, { ...bodies[type], messageId: `single-${type}` })
      expect(res.status).toBe(200)
      const [event] = await store.listEvents()
      expect(event!.type).toBe(type)
    })
  })

  describe('auth', () => {
    const body = () => JSON.stringify({ batch: [track('auth-1')] })

    it('accepts the write key as Basic username, as ?writeKey= and as writeKey in the body', async () => {
      const viaQuery = await api.request(`/v1/batch?writeKey=${api.keys.writeKey}`, { method: 'POST', body: body() })
      expect(viaQuery.status).toBe(200)
      const viaBody = await api.request('/v1/batch', {
        method: 'POST', body: JSON.stringify({ batch: [track('auth-2')], writeKey: api.keys.writeKey }),
      })
      expect(viaBody.status).toBe(200)
      expect(await storedIds()).toEqual(['auth-1', 'auth-2'])
    })

    it('answers 401 for a missing or wrong key and stores nothing', async () => {
      const missing = await api.request('/v1/batch', { method: 'POST', body: body() })
      expect(missing.status).toBe(401)
      const wrong = await api.request('/v1/batch', { method: 'POST', body: body(), headers: { authorization: `Basic ${btoa('wk_nope:')}` } })
      expect(wrong.status).toBe(401)
      const secret = await api.request('/v1/batch', { method: 'POST', body: body(), headers: { authorization: `Basic ${btoa(`${api.keys.secretKey}:`)}` } })
      expect(secret.status).toBe(401)
      expect(await storedIds()).toEqual([])
    })

    it('keeps reports behind the secret key: 401 without it, 403 with the write key', async () => {
      expect((await api.request('/v1/reports/overview')).status).toBe(401)
      const withWriteKey = await api.request('/v1/reports/overview', { headers: { authorization: `Bearer ${api.keys.writeKey}` } })
      expect(withWriteKey.status).toBe(403)
      const withBasic = await api.request('/v1/reports/events', { headers: { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}` } })
      expect(withBasic.status).toBe(401)
      expect((await api.report('/v1/reports/overview')).status).toBe(200)
    })
  })

  describe('CORS', () => {
    it('answers preflights on ingest, reflecting the origin and requested headers', async () => {
      const res = await api.request('/v1/t', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,anonymousid,sentat' },
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
      expect(res.headers.get('access-control-allow-headers')).toBe('authorization,anonymousid,sentat')
      const post = await api.post('/v1/batch', { batch: [track('cors-1')] }, { origin: 'https://app.example.com' })
      expect(post.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    })

    it('gives reports no CORS headers', async () => {
      const preflight = await api.request('/v1/reports/overview', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      const res = await api.request('/v1/reports/overview', { headers: { origin: 'https://evil.example', authorization: `Bearer ${api.keys.secretKey}` } })
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    })
  })

  describe('limits and failures', () => {
    it('answers 429 with Retry-After past the per-key rate limit', async () => {
      let now = 1_000_000
      const limited = inProcessCollector(store, { rateLimit: { eventsPerSecond: 2, burst: 3 }, now: () => now })
      expect((await limited.post('/v1/batch', { batch: [track('r1'), track('r2'), track('r3')] })).status).toBe(200)
      const res = await limited.post('/v1/batch', { batch: [track('r4'), track('r5')] })
      expect(res.status).toBe(429)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      now += 1000
      expect((await limited.post('/v1/batch', { batch: [track('r4'), track('r5')] })).status).toBe(200)
      expect(await storedIds()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5'])
    })

    it('answers 503 with Retry-After when the store is unavailable, never 500', async () => {
      await store.close()
      const res = await api.post('/v1/batch', { batch: [track('down-1')] })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      const health = await api.request('/healthz')
      expect(health.status).toBe(503)
    })

    it('answers 503 when a commit does not finish in time', async () => {
      const slow: Store = { ...store, append: () => new Promise(() => {}) }
      const stuck = inProcessCollector(slow, { writeTimeoutMs: 50 })
      const res = await stuck.post('/v1/batch', { batch: [track('slow-1')] })
      expect(res.status).toBe(503)
    })

    it('never answers 501, 505 or 511, which Segment clients treat as drop', async () => {
      const statuses = new Set<number>()
      for (const [method, path] of [['PUT', '/v1/batch'], ['DELETE', '/v1/t'], ['PATCH', '/v1/batch'], ['GET', '/v1/batch']]) {
        statuses.add((await api.request(path!, { method })).status)
      }
      for (const status of [501, 505, 511]) expect(statuses.has(status)).toBe(false)
    })
  })

  describe('reports', () => {
    it('overview counts every event of every type, users and accounts', async () => {
      await api.post('/v1/batch', segmentNodeBatch(api.keys.writeKey).body)
      for (const request of segmentBrowserEvents(api.keys.writeKey)) {
        await api.request(request.path, { method: 'POST', headers: request.headers, body: request.body })
      }
      const overview = await (await api.report('/v1/reports/overview')).json()
      // user-1, and the anonymous browser visitor that became user-2.
      expect(overview).toEqual({
        events: 7, users: 2, accounts: 2,
        firstEventAt: expect.any(String), lastEventAt: expect.any(String),
      })
    })

    it('events lists one row per event name with users and accounts, also as CSV', async () => {
      await api.post('/v1/batch', segmentNodeBatch(api.keys.writeKey).body)
      for (const request of segmentBrowserEvents(api.keys.writeKey)) {
        await api.request(request.path, { method: 'POST', headers: request.headers, body: request.body })
      }
      const rows = await (await api.report('/v1/reports/events')).json()
      expect(rows).toEqual(
        expect.arrayContaining([
          { event: 'identify', count: 2, users: 2, accounts: 0 },
          { event: 'group', count: 2, users: 2, accounts: 2 },
          { event: 'Invoice Sent', count: 1, users: 1, accounts: 1 },
          { event: 'Feature Used', count: 1, users: 1, accounts: 0 },
          { event: 'page', count: 1, users: 1, accounts: 0 },
        ]),
      )
      const csv = await (await api.report('/v1/reports/events?format=csv')).text()
      expect(csv.split('\r\n')[0]).toBe('event,count,users,accounts')
      expect(csv).toContain('Invoice Sent,1,1,1')
      expect((await api.report('/v1/reports/events?format=xml')).status).toBe(400)
    })
  })
})
