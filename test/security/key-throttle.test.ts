/**
 * Issue 19, finding 10: 300 wrong Bearer keys took 313 ms, nothing slowed a guesser down. Now an
 * address that sent ten wrong secret keys waits out the minute (429 + Retry-After) whatever key
 * it sends next, on the API and on the dashboard's login form; other addresses are not affected.
 * Finding 11: HSTS is sent when the collector knows the request came over TLS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'
import { storeCases } from '../_util/stores'

let store: Store
let api: ReturnType<typeof inProcessCollector>
let now = Date.parse('2026-06-01T00:00:00Z')

beforeAll(async () => {
  // The throttle lives in the HTTP layer: one store kind is enough.
  store = await storeCases[0]!.open()
  api = inProcessCollector(store, { rateLimit: false, now: () => now })
})
afterAll(async () => {
  await api?.collector.engine?.stop()
  await store?.close()
})

const from = (address: string, path: string, init: RequestInit = {}) =>
  api.collector.fetch(new Request(new URL(path, 'http://collector.test'), init), { clientAddress: address })
const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } })

describe('wrong secret keys', () => {
  it('are slowed per client address after ten, whatever key comes next', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await from('203.0.113.7', '/v1/reports/overview', bearer(`sk_guess_${i}`))).status)
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
    const blocked = await from('203.0.113.7', '/v1/accounts', bearer(api.keys.secretKey))
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another address, and the write key or no key at all, are not guesses of the secret key.
    expect((await from('198.51.100.1', '/v1/reports/overview', bearer(api.keys.secretKey))).status).toBe(200)
    for (let i = 0; i < 12; i++) expect((await from('198.51.100.2', '/v1/reports/overview', bearer(api.keys.writeKey))).status).toBe(403)
    expect((await from('198.51.100.2', '/v1/reports/overview', bearer(api.keys.secretKey))).status).toBe(200)
    // The address is forgotten once its minute is over.
    now += 61_000
    expect((await from('203.0.113.7', '/v1/reports/overview', bearer(api.keys.secretKey))).status).toBe(200)
  })

  it('are slowed on the dashboard login form too', async () => {
    const page = await from('203.0.113.9', '/dashboard/login')
    const csrfCookie = page.headers.getSetCookie().find((line) => /csrf/i.test(line))!
    const cookie = csrfCookie.split(';')[0]!
    const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!
    const attempt = (key: string) =>
      from('203.0.113.9', '/dashboard/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ csrf: token, key }).toString(),
      })
    for (let i = 0; i < 10; i++) expect((await attempt(`sk_guess_${i}`)).status).toBe(401)
    const refused = await attempt(api.keys.secretKey)
    expect(refused.status).toBe(429)
    expect(refused.headers.getSetCookie().some((line) => /session/i.test(line))).toBe(false)
  })
})

describe('HSTS', () => {
  it('is sent over TLS, and behind a proxy only when the proxy is trusted', async () => {
    expect((await api.collector.fetch(new Request('https://collector.test/healthz'))).headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    const forwarded = new Request('http://collector.test/healthz', { headers: { 'x-forwarded-proto': 'https' } })
    expect((await api.collector.fetch(forwarded)).headers.get('strict-transport-security')).toBeNull()
    const trusting = inProcessCollector(store, { rateLimit: false, trustProxy: true, engine: false })
    const behindProxy = await trusting.collector.fetch(new Request('http://collector.test/healthz', { headers: { 'x-forwarded-proto': 'https' } }))
    expect(behindProxy.headers.get('strict-transport-security')).toMatch(/max-age=31536000/)
    expect((await trusting.collector.fetch(new Request('http://collector.test/healthz'))).headers.get('strict-transport-security')).toBeNull()
  })
})
