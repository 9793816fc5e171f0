/**
 * Who may call what: the public write key only ingests and reads content; reports, accounts and
 * user erasure need the secret key; keys are compared in constant time; CORS only on the paths
 * browsers call (ingest, content); content with HTML or script travels as data.
 *
 * Erasure itself (no table holds the user afterwards) is tested in
 * packages/collector/src/http/users.test.ts; the dashboard in dashboard.test.ts. Rendering content
 * as text in the UI chunk is tested in content-as-text.test.ts.
 */
import { readFile } from 'node:fs/promises'
import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { constantTimeEqual, requireSecretKey, requireWriteKey } from '../../packages/collector/src/http/auth'
import { staticContent } from '../../packages/collector/src/content/source'
import { openStore } from '../../packages/collector/src/store/open'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'

const SCRIPT = '<img src=x onerror="alert(1)"><script>alert(document.cookie)</script>'

let store: Store
let api: ReturnType<typeof inProcessCollector>

beforeAll(async () => {
  store = await openStore({})
  const content = staticContent(contentSchema.parse({
    checklists: [{ id: 'start', title: `Start ${SCRIPT}`, items: [{ id: 'one', title: SCRIPT, doneWhen: { event: 'Done' }, href: 'javascript:alert(1)' }] }],
  }))
  api = inProcessCollector(store, { content, rateLimit: false })
  const sent = await api.post('/v1/batch', { batch: [{ type: 'track', event: 'Seen', userId: 'u1', messageId: 'sec-1', context: { groupId: 'a1' } }] })
  expect(sent.status).toBe(200)
})
afterAll(async () => {
  await api?.collector.engine?.stop()
  await store?.close()
})

const withKey = (authorization: string) => ({ headers: { authorization } })
const basic = (key: string) => `Basic ${btoa(`${key}:`)}`

describe('the write key', () => {
  const secretRoutes: Array<[string, string]> = [
    ['GET', '/v1/reports/overview'],
    ['GET', '/v1/reports/events'],
    ['GET', '/v1/reports/adoption'],
    ['GET', '/v1/accounts'],
    ['GET', '/v1/accounts/a1'],
    ['PATCH', '/v1/accounts/a1/traits'],
    ['DELETE', '/v1/users/u1'],
  ]

  it.each(secretRoutes)('cannot %s %s (403 as Bearer, 401 as Basic or ?writeKey=)', async (method, path) => {
    const body = method === 'PATCH' ? '{"traits":{"arr":1}}' : undefined
    const asBearer = await api.request(path, { method, body, ...withKey(`Bearer ${api.keys.writeKey}`) })
    expect(asBearer.status).toBe(403)
    const asBasic = await api.request(path, { method, body, ...withKey(basic(api.keys.writeKey)) })
    expect(asBasic.status).toBe(401)
    const asQuery = await api.request(`${path}${path.includes('?') ? '&' : '?'}writeKey=${api.keys.writeKey}`, { method, body })
    expect(asQuery.status).toBe(401)
    const none = await api.request(path, { method, body })
    expect(none.status).toBe(401)
    // The user is still there: nothing was erased by a refused request.
    expect((await api.report('/v1/reports/overview').then((r) => r.json())).events).toBeGreaterThan(0)
  })

  it('can ingest and read content; the secret key reads reports', async () => {
    expect((await api.post('/v1/batch', { batch: [{ type: 'track', event: 'Seen', userId: 'u1', messageId: 'sec-2' }] })).status).toBe(200)
    expect((await api.request('/v1/content?userId=u1', withKey(basic(api.keys.writeKey)))).status).toBe(200)
    expect((await api.report('/v1/reports/overview')).status).toBe(200)
    expect((await api.request('/v1/content?userId=u1', withKey(basic('wk_wrong')))).status).toBe(401)
  })

})

describe('key comparison', () => {
  it('is correct', () => {
    const cases: Array<[string, string, boolean]> = [
      ['sk_abc', 'sk_abc', true],
      ['sk_abd', 'sk_abc', false],
      ['sk_ab', 'sk_abc', false],
      ['sk_abcd', 'sk_abc', false],
      ['', 'sk_abc', false],
      ['', '', true],
      ['x', '', false],
      ['sk_abcsk_abc', 'sk_abc', false],
      ['\u0000k_abc', 'sk_abc', false],
      ['ſk_abc', 'sk_abc', false],
    ]
    for (const [actual, expected, equal] of cases) expect(constantTimeEqual(actual, expected), `${actual} vs ${expected}`).toBe(equal)
  })

  /** A string stand-in that counts how many characters were read. */
  const counting = (value: string) => {
    const reads = { count: 0 }
    const fake = {
      length: value.length,
      charCodeAt(i: number) {
        reads.count++
        return value.charCodeAt(i)
      },
    } as unknown as string
    return { fake, reads }
  }

  it('reads every character whatever matches: no early exit', () => {
    const secret = 'sk_0123456789abcdef0123456789abcdef'
    const guesses = [secret, `X${secret.slice(1)}`, `${secret.slice(0, -1)}X`, 'sk_', `${secret}extra`, 'Z'.repeat(secret.length), '']
    const reads = guesses.map((guess) => {
      const actual = counting(guess)
      const expected = counting(secret)
      constantTimeEqual(actual.fake, expected.fake)
      return { actual: actual.reads.count, expected: expected.reads.count }
    })
    // The loop runs over the expected key's length every time, however early the guess differs.
    for (const read of reads) expect(read.expected).toBe(secret.length)
    for (const read of reads.slice(0, -1)) expect(read.actual).toBe(secret.length)
  })

  it('is the only comparison the key checks use', async () => {
    const keys = { writeKey: 'wk_0123456789abcdef', secretKey: 'sk_0123456789abcdef' }
    const readsFor = (token: string, check: (t: string) => void) => {
      const { fake, reads } = counting(token)
      ;(fake as unknown as { toString(): string }).toString = () => token
      try {
        check(fake)
      } catch {
        // 401/403 are expected here
      }
      return reads.count
    }
    const early = readsFor('Xk_0123456789abcdef', (t) => requireSecretKey(t, keys))
    const late = readsFor('sk_0123456789abcdeX', (t) => requireSecretKey(t, keys))
    expect(early).toBe(late)
    expect(readsFor('Xk_0123456789abcdef', (t) => requireWriteKey(t, keys))).toBe(readsFor('wk_0123456789abcdeX', (t) => requireWriteKey(t, keys)))
    // And no plain equality on keys anywhere in the auth module.
    const source = await readFile(new URL('../../packages/collector/src/http/auth.ts', import.meta.url), 'utf8')
    expect(source).not.toMatch(/[!=]==?\s*keys\.(writeKey|secretKey)|keys\.(writeKey|secretKey)\s*[!=]==?/)
  })
})

describe('CORS', () => {
  const origin = 'https://app.customer.example'
  const routes: Array<{ family: string; method: string; path: string; cors: boolean; body?: string }> = [
    { family: 'ingest', method: 'POST', path: '/v1/batch', cors: true, body: '{"batch":[]}' },
    { family: 'ingest (short path)', method: 'POST', path: '/v1/t', cors: true, body: '{}' },
    { family: 'content', method: 'GET', path: '/v1/content?userId=u1', cors: true },
    { family: 'reports', method: 'GET', path: '/v1/reports/overview', cors: false },
    { family: 'accounts', method: 'GET', path: '/v1/accounts', cors: false },
    { family: 'users', method: 'DELETE', path: '/v1/users/nobody', cors: false },
    { family: 'health', method: 'GET', path: '/healthz', cors: false },
  ]

  it.each(routes)('$family: preflight and response carry CORS only on ingest and content', async ({ method, path, cors, body }) => {
    const preflight = await api.request(path, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
    })
    const auth = cors ? basic(api.keys.writeKey) : `Bearer ${api.keys.secretKey}`
    const response = await api.request(path, { method, body, headers: { origin, authorization: auth } })
    if (cors) {
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin)
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization')
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    } else {
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
      expect(preflight.status).toBeLessThan(500)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
    }
    expect(response.status).toBeLessThan(500)
  })
})

describe('content with HTML or script', () => {
  it('is returned as JSON data, byte for byte, never as markup', async () => {
    const response = await api.request('/v1/content?userId=u1', withKey(basic(api.keys.writeKey)))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await response.text()
    // The markup is inside JSON strings (quotes escaped), so the body is not HTML a browser would run.
    const body = JSON.parse(text)
    expect(body.checklists[0].title).toBe(`Start ${SCRIPT}`)
    expect(body.checklists[0].items[0].title).toBe(SCRIPT)
    expect(text).toContain('onerror=\\"alert(1)\\"')
  })

})
