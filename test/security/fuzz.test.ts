/**
 * Fuzzing every route (issue 19, "close the class"): thousands of generated requests on both
 * stores (fast-check, seeded; FUZZ_SEED=n replays another run, FUZZ_RUNS=n sends more). Bodies
 * and query strings hold wrong types in every field, deep nesting, huge and non-finite numbers in
 * every numeric trait and property the engine reads, lone surrogates, NUL in bodies, paths and
 * queries, duplicate keys and extreme dates. Asserted: no answer is a 5xx (the store is up the
 * whole time, so not even a 503), the CS engine evaluates what was stored without an error, no
 * prototype is polluted, /healthz is still 200, and memory stays bounded.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'
import { prng } from '../_util/processes'
import { storeCases } from '../_util/stores'
import { DASHBOARD_PAGES, DASHBOARD_TABLES, HOSTILE_CONTENT, hostileEvent, hostileString, hostileValue, idish, poisonedEvent, REPORT_NAMES, withRawNumbers } from './_hostile'

const SEED = Number(process.env.FUZZ_SEED ?? 19)
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000)
// Which raw literal replaces each "1e400": seeded too, so a run replays exactly.
const random = prng(SEED)

/** Percent-escapes as a browser would, but lets raw `%` sequences (broken escapes, `%00`) through. */
const raw = fc.constantFrom('%00', '%ED%A0%80', '%FF', '%', '%%', '%E0%A4%A', '%C0%AF', '%2F..%2F', '%0A=1')
const segment = fc.oneof({ weight: 3, arbitrary: idish.map((value) => encode(String(value))) }, { weight: 1, arbitrary: raw })
const value = fc.oneof(
  { weight: 2, arbitrary: hostileString.map(encode) },
  { weight: 1, arbitrary: raw },
  { weight: 2, arbitrary: fc.constantFrom('2026-06-01', '2026-06', '0000-12-03', '9999-12', '9999-12-31', '1969-12-31', '2026-02-30', '9'.repeat(30), '-1', '1e3', '0.8', '2', 'csv', 'json', 'xml', 'day', 'week', 'high-touch', 'gold', 'invoices.create', 'first-invoice', 'health', '-arr') },
)
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('from', 'to', 'tier', 'feature', 'milestone', 'interval', 'format', 'margin', 'q', 'band', 'sort', 'limit', 'cursor', 'timelineLimit', 'page', 'userId', 'anonymousId', 'groupId', 'writeKey', 'next') }, { weight: 1, arbitrary: hostileString.map(encode) })
const query = fc.array(fc.tuple(key, value), { maxLength: 5 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''))

function encode(text: string): string {
  // encodeURIComponent throws on a lone surrogate; a browser sends U+FFFD in its place.
  return encodeURIComponent(text.toWellFormed())
}

type Auth = 'write' | 'secret' | 'none' | 'wrong'
interface Call {
  method: string
  path: string
  auth: Auth
  body?: string
  contentType?: string
}

const batchBody = fc.record({
  batch: fc.oneof({ weight: 4, arbitrary: fc.array(poisonedEvent, { minLength: 1, maxLength: 6 }) }, { weight: 4, arbitrary: fc.array(hostileEvent, { minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: hostileValue }),
  context: fc.oneof(fc.record({ groupId: idish }), hostileValue),
  sentAt: fc.oneof(fc.constantFrom('2026-06-15T12:00:00Z', '0000-12-03T00:00:00Z', '+275760-09-13T00:00:00Z'), hostileValue),
}, { requiredKeys: ['batch'] })

/** JSON text with the oddities JSON.stringify never writes: duplicate keys, deep nesting, raw literals. */
const oddJson = fc.oneof(
  fc.constantFrom(
    '{"batch":[{"type":"track","type":"group","groupId":"dup","userId":"u","event":"A"}]}',
    '{"batch":[{"type":"group","userId":"u","groupId":"dup","traits":{"arr":1,"arr":"9e999","tierOverride":"high-touch","tierOverride":"x"}}]}',
    '{"batch":[{"type":"track","userId":"u","event":"Survey Answered","properties":{"score":1e400,"score":-1e400}}],"context":{"groupId":"x","groupId":{}}}',
    '{"batch":[{"type":"track","userId":"\\u0000","event":"\\ud800","messageId":"\\udfff"}]}',
    '{"traits":{"\\u0000":"\\u0000"}}',
  ),
  fc.integer({ min: 100, max: 200 }).map((depth) => `{"batch":[{"type":"track","userId":"u","event":"Deep","properties":{"d":${'['.repeat(depth)}1${']'.repeat(depth)}}}]}`),
)

const ingestPath = fc.constantFrom('/v1/batch', '/v1/b', '/v1/track', '/v1/identify', '/v1/group', '/v1/page', '/v1/alias', '/v1/t', '/v1/g')

const call: fc.Arbitrary<Call> = fc.oneof(
  // Ingest, with the write key: the public surface.
  { weight: 6, arbitrary: fc.record({ path: ingestPath, q: query, body: fc.oneof({ weight: 4, arbitrary: batchBody.map((b) => withRawNumbers(b, random)) }, { weight: 2, arbitrary: hostileEvent.map((e) => withRawNumbers(e, random)) }, { weight: 1, arbitrary: oddJson }) }).map(({ path, q, body }): Call => ({ method: 'POST', path: path + q, auth: 'write', body })) },
  { weight: 2, arbitrary: query.map((q): Call => ({ method: 'GET', path: `/v1/content${q}`, auth: 'write' })) },
  // Reports, accounts and users, with the secret key.
  { weight: 4, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...REPORT_NAMES, 'overview', 'events'), segment), query).map(([name, q]): Call => ({ method: 'GET', path: `/v1/reports/${name}${q}`, auth: 'secret' })) },
  { weight: 2, arbitrary: query.map((q): Call => ({ method: 'GET', path: `/v1/accounts${q}`, auth: 'secret' })) },
  { weight: 2, arbitrary: fc.tuple(segment, query).map(([id, q]): Call => ({ method: 'GET', path: `/v1/accounts/${id}${q}`, auth: 'secret' })) },
  { weight: 2, arbitrary: fc.tuple(segment, fc.oneof(fc.record({ traits: fc.dictionary(fc.oneof(fc.constantFrom('arr', 'mrr', 'seats', 'tierOverride', 'tierOverrideUntil', 'note'), hostileString), hostileValue, { maxKeys: 4 }) }), hostileValue, oddJson)).map(([id, body]): Call => ({ method: 'PATCH', path: `/v1/accounts/${id}/traits`, auth: 'secret', body: typeof body === 'string' ? body : withRawNumbers(body, random) })) },
  { weight: 1, arbitrary: segment.map((id): Call => ({ method: 'DELETE', path: `/v1/users/${id}`, auth: 'secret' })) },
  // The dashboard, signed in with the Bearer header, and its login form without.
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...DASHBOARD_PAGES), query).map(([page, q]): Call => ({ method: 'GET', path: `/dashboard${page}${q}`, auth: 'secret' })) },
  { weight: 1, arbitrary: fc.tuple(segment, query).map(([id, q]): Call => ({ method: 'GET', path: `/dashboard/accounts/${id}${q}`, auth: 'secret' })) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...DASHBOARD_TABLES), segment), query).map(([table, q]): Call => ({ method: 'GET', path: `/dashboard/csv/${table}${q}`, auth: 'secret' })) },
  { weight: 1, arbitrary: fc.tuple(hostileString, hostileString, query).map(([csrf, keyText, q]): Call => ({ method: 'POST', path: `/dashboard/login${q}`, auth: 'none', contentType: 'application/x-www-form-urlencoded', body: `csrf=${encode(csrf)}&key=${encode(keyText)}&next=${encode(keyText)}` })) },
  // Anything else, with any key.
  { weight: 1, arbitrary: fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'), path: fc.tuple(fc.constantFrom('/v1/', '/v1/reports/', '/dashboard/', '/sdk/', '/healthz', '/', '/v1/accounts/x/'), segment).map(([a, b]) => a + b), auth: fc.constantFrom<Auth>('write', 'secret', 'none', 'wrong') }) },
)

describe.each(storeCases)('fuzzing every route on $name', (storeCase) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>

  beforeAll(async () => {
    store = await storeCase.open()
    api = inProcessCollector(store, { content: staticContent(HOSTILE_CONTENT), rateLimit: false, now: () => Date.parse('2026-06-15T12:00:00Z') })
  })
  afterAll(async () => {
    await api?.collector.engine?.stop()
    await store?.close()
  })

  it(`answers ${RUNS} generated requests without a 5xx`, { timeout: 180_000 }, async () => {
    const headers = (auth: Auth): Record<string, string> =>
      auth === 'write' ? { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}` }
      : auth === 'secret' ? { authorization: `Bearer ${api.keys.secretKey}` }
      : auth === 'wrong' ? { authorization: 'Bearer sk_wrong' }
      : {}
    const statuses = new Map<number, number>()
    let sent = 0
    const rssBefore = process.memoryUsage().rss
    await fc.assert(
      fc.asyncProperty(call, async (request) => {
        const response = await api.collector.fetch(new Request(`http://collector.test${request.path}`, {
          method: request.method,
          headers: { ...headers(request.auth), ...(request.body !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}) },
          body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
        }))
        await response.arrayBuffer()
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        // Every so often the engine evaluates what was stored, hostile values included.
        if (++sent % 300 === 0) await api.collector.engine!.flush()
        return response.status < 500
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    await api.collector.engine!.flush()
    console.log(`fuzz on ${storeCase.name} (seed ${SEED}): ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`)
    // Most generated events are wrong on purpose; enough got through to poison the reports.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20)
    expect((await api.request('/healthz')).status).toBe(200)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(Object.prototype)).toEqual([])
    expect((process.memoryUsage().rss - rssBefore) / 1048576).toBeLessThan(300)
  })

  it('leaves every report answering 200 after the fuzz', { timeout: 60_000 }, async () => {
    const failures: string[] = []
    for (const path of [...REPORT_NAMES.map((name) => `/v1/reports/${name}`), '/v1/accounts?sort=-arr', '/dashboard', '/dashboard/accounts']) {
      const response = await api.report(path)
      if (response.status !== 200) failures.push(`${path}: ${response.status} ${(await response.text()).slice(0, 200)}`)
    }
    expect(failures).toEqual([])
  })
})
