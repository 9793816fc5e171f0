/**
 * Hostile input against a real HTTP collector: more than 10,000 generated requests (a seeded
 * PRNG, so a failure reproduces) of wrong types, missing fields, huge strings, deep nesting,
 * thousands of keys, `__proto__`/`constructor` keys, invalid UTF-8, broken gzip, gzip bombs, SQL
 * and HTML in every string field and wrong content types; then slow bodies, oversized headers and
 * query strings over raw sockets. Only 2xx and 4xx answers, the weird-but-valid events stored
 * verbatim, no prototype pollution, /healthz still 200, and memory bounded.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCollector } from '../../packages/collector/src/collector'
import { serve, type RunningServer } from '../../packages/collector/src/node'
import { openStore } from '../../packages/collector/src/store/open'
import type { Store, StoredEvent } from '../../packages/collector/src/store/store'
import { overview as readOverview } from '../../packages/collector/src/reports/overview'
import { testKeys } from '../_util/collector'
import { prng } from '../_util/processes'

const PAYLOADS = 10_500
const CONCURRENCY = 12
// Memory is compared from here to the end: by then the embedded store's WebAssembly memory (on its
// own thread, and it never shrinks) has grown to fit the largest folds, so what grows after is a leak.
const WARM_UP = 4_000
// serve() fixes headersTimeout at 10 s and Node requires requestTimeout >= headersTimeout.
const REQUEST_TIMEOUT_MS = 10_000

const keys = testKeys()
const auth = `Basic ${btoa(`${keys.writeKey}:`)}`

const SQL = ["'; DROP TABLE events; --", "1' OR '1'='1", 'Robert"); DELETE FROM users;--', '$1::text', "E'\\x00'", '\\x27 UNION SELECT * FROM goyo_settings --']
const HTML = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg/onload=alert(1)>', '</textarea><iframe src=javascript:alert(1)>', '&lt;b&gt;&amp;', '{{constructor.constructor("alert(1)")()}}']

interface Payload {
  kind: string
  body: Uint8Array | string
  headers?: Record<string, string>
  path?: string
  /** Set for events that are valid: they must be stored exactly as sent. */
  expect?: { messageId: string; event: string; userId: string; properties: Record<string, unknown> }
}

/** Builds the i-th hostile payload. */
function generate(i: number, random: () => number): Payload {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const id = `h-${i}`
  const base = () => ({ type: 'track', event: 'Hostile', userId: 'u-h', messageId: id })
  const json = (value: unknown, kind: string): Payload => ({ kind, body: JSON.stringify(value) })
  switch (i % 16) {
    case 0: {
      // Wrong types in every position.
      const wrong = pick([42, true, null, 'str', [], {}, [1, 2], { a: 1 }, -0.5, 1e308])
      const field = pick(['batch', 'type', 'event', 'messageId', 'userId', 'anonymousId', 'timestamp', 'properties', 'context', 'traits', 'sentAt'])
      if (field === 'batch') return json({ batch: wrong }, 'wrong-type')
      if (field === 'sentAt') return json({ batch: [base()], sentAt: wrong }, 'wrong-type')
      return json({ batch: [{ ...base(), [field]: wrong }] }, 'wrong-type')
    }
    case 1: {
      // Missing fields.
      const event: Record<string, unknown> = base()
      delete event[pick(['type', 'messageId', 'userId', 'event'])]
      return json(pick([{ batch: [event] }, {}, { batch: [] }, [], { batch: [{}] }]), 'missing')
    }
    case 2: {
      // Huge strings: over the field limits, over 32 KB per event, over 500 KB per body.
      const size = pick([300, 5_000, 40_000, 600_000])
      const big = 'x'.repeat(size)
      return json({ batch: [{ ...base(), [pick(['event', 'userId', 'messageId'])]: big, properties: { big } }] }, 'huge')
    }
    case 3: {
      // Deep nesting: up to 10k levels of arrays or objects, with a NUL that forces sanitising.
      const depth = pick([200, 1_000, 10_000])
      const [open, close] = pick([['[', ']'], ['{"a":', '}']] as const)
      const inner = pick(['1', '"\\u0000"', '"\\ud800"'])
      return { kind: 'deep', body: `{"batch":[{"type":"track","event":"Deep","userId":"u","messageId":"${id}","properties":{"d":${open.repeat(depth)}${inner}${close.repeat(depth)}}}]}` }
    }
    case 4: {
      // Thousands of keys.
      const count = pick([2_000, 5_000, 20_000])
      const properties: Record<string, number> = {}
      for (let k = 0; k < count; k++) properties[`k${k}`] = k
      return json({ batch: [{ ...base(), properties }] }, 'keys')
    }
    case 5: {
      // __proto__ and constructor keys, as JSON text (JSON.parse makes them own properties).
      const where = pick(['top', 'event', 'properties', 'context', 'traits'])
      const poison = pick(['"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"__proto__":{"__proto__":{"polluted":"yes"}}'])
      const event = `{"type":"${where === 'traits' ? 'identify' : 'track'}","event":"Proto","userId":"u-proto","messageId":"${id}"`
      const body =
        where === 'top' ? `{${poison},"batch":[${event}}]}`
        : where === 'event' ? `{"batch":[${event},${poison}}]}`
        : `{"batch":[${event},"${where}":{${poison}}}]}`
      return { kind: 'proto', body }
    }
    case 6: {
      // Invalid UTF-8 inside a string.
      const head = new TextEncoder().encode(`{"batch":[{"type":"track","event":"Bad`)
      const tail = new TextEncoder().encode(`","userId":"u","messageId":"${id}"}]}`)
      const bad = pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]])
      return { kind: 'utf8', body: new Uint8Array([...head, ...bad, ...tail]) }
    }
    case 7: {
      // Broken gzip: truncated, corrupted, or declared but absent.
      const good = gzipSync(JSON.stringify({ batch: [base()] }))
      const variant = pick(['truncated', 'corrupt', 'declared', 'magic-only'])
      const body =
        variant === 'truncated' ? good.subarray(0, Math.max(3, Math.floor(good.length * random())))
        : variant === 'corrupt' ? Buffer.from(good.map((byte, k) => (k > 10 && k % 3 === 0 ? byte ^ 0x5a : byte)))
        : variant === 'magic-only' ? Buffer.from([0x1f, 0x8b, 1, 2, 3])
        : Buffer.from(JSON.stringify({ batch: [base()] }))
      return { kind: 'gzip', body: new Uint8Array(body), headers: variant === 'declared' || random() < 0.5 ? { 'content-encoding': 'gzip' } : {} }
    }
    case 8: {
      // Gzip bombs: a few KB that inflate to megabytes.
      const inflated = pick([2_000_000, 20_000_000])
      return { kind: 'bomb', body: new Uint8Array(bomb(inflated)), headers: { 'content-encoding': 'gzip' } }
    }
    case 9:
    case 10:
    case 11: {
      // SQL and HTML in every string field of a valid event: stored verbatim.
      const weird = () => `${pick(SQL)}${pick(HTML)}${i}`
      const event = weird().slice(0, 200)
      const userId = weird()
      const properties = { [weird()]: weird(), nested: { s: weird(), list: [weird(), weird()] } }
      const headers = pick<Record<string, string>>([{}, { 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }])
      return {
        kind: 'sql-html',
        body: JSON.stringify({ batch: [{ type: 'track', event, userId, messageId: id, properties, context: { page: { title: weird() } } }] }),
        headers,
        expect: { messageId: id, event, userId, properties },
      }
    }
    case 12: {
      // Wrong content types, some with bodies that are not JSON at all.
      const type = pick(['application/xml', 'multipart/form-data; boundary=x', 'image/png', 'text/html', 'application/octet-stream', ''])
      const body = pick(['<batch><event/></batch>', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'batch=1&x=2', '\u0000\u0001', JSON.stringify({ batch: [base()] })])
      return { kind: 'content-type', body, headers: { 'content-type': type } }
    }
    case 13: {
      // Not JSON, or JSON that is not an object.
      return { kind: 'not-json', body: pick(['{', '{"batch":[', 'null', '"str"', '12', 'true', '[]', '{"batch":[1,2,3]}', ' ', '\uFEFF{}', 'NaN', '{"a":1}}']) }
    }
    case 14: {
      // Wrong or missing keys, the key in odd places.
      const header = pick(['Basic ' + btoa('wrong:'), 'Basic !!!', 'Bearer ' + keys.writeKey, 'Basic ' + btoa(`${keys.secretKey}:`), ''])
      return { kind: 'auth', body: JSON.stringify({ batch: [base()], writeKey: pick([123, 'wk_nope', null]) }), headers: { authorization: header } }
    }
    default: {
      // Single-event paths and odd query strings with the same junk.
      const path = pick(['/v1/t', '/v1/i', '/v1/g', '/v1/p', '/v1/a', '/v1/track?writeKey=' + encodeURIComponent('<script>'), '/v1/batch?x=' + '%'.repeat(50)])
      return { kind: 'paths', path, body: JSON.stringify(pick([{ event: 'X' }, { userId: 1 }, { traits: '<b>' }, { messageId: id, userId: 'u', event: pick(HTML) }])) }
    }
  }
}

/** Gzip members of `size` spaces (about 1 KB per MB), made once. */
const bombs = new Map<number, Buffer>()
function bomb(size: number): Buffer {
  let made = bombs.get(size)
  if (!made) bombs.set(size, (made = gzipSync(Buffer.alloc(size, 0x20), { level: 9 })))
  return made
}

describe('hostile input over HTTP', () => {
  let store: Store
  let server: RunningServer
  let url: string
  const statuses = new Map<string, number>()
  const fiveHundreds: string[] = []
  const valid = new Map<string, NonNullable<Payload['expect']>>()
  let rssBefore = 0
  let slow: Promise<Array<{ status?: number; ms: number }>> | undefined

  let dataDir: string
  beforeAll(async () => {
    // On a folder, like a real collector: an in-memory store would count the data as RSS.
    dataDir = await mkdtemp(join(tmpdir(), 'goyo-hostile-'))
    store = await openStore({ dataDir })
    const collector = createCollector({ store, keys, rateLimit: false, engine: false, log: () => {} })
    server = await serve(collector, { port: 0, host: '127.0.0.1', requestTimeoutMs: REQUEST_TIMEOUT_MS })
    url = server.url
  })
  afterAll(async () => {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it(`answers ${PAYLOADS} generated payloads with 2xx or 4xx only`, { timeout: 300_000 }, async () => {
    const random = prng(20260601)
    // Slow bodies run alongside the flood (they take the request timeout to be cut).
    slow = Promise.all(Array.from({ length: 5 }, () => slowBody(url, 60_000)))
    let expected = 0
    const kindMs = new Map<string, number>()
    // Warm up, then measure memory (the payloads themselves are already allocated).
    await fetch(`${url}/healthz`).then((r) => r.text())
    bomb(2_000_000)
    bomb(20_000_000)
    let next = 0
    const started = Date.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PAYLOADS) {
          // Generated one at a time, in index order (the PRNG is sequential), so memory stays flat.
          const index = next++
          // Memory is measured after a warm-up (JIT, buffers, the store's caches), then at the end.
          if (index === WARM_UP) rssBefore = process.memoryUsage().rss
          const payload = generate(index, random)
          if (payload.expect) expected++
          const t0 = performance.now()
          const response = await fetch(`${url}${payload.path ?? '/v1/batch'}`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json', ...payload.headers },
            body: payload.body as BodyInit,
            signal: AbortSignal.timeout(20_000),
          })
          const text = await response.text()
          kindMs.set(payload.kind, (kindMs.get(payload.kind) ?? 0) + (performance.now() - t0))
          const key = `${payload.kind} ${response.status}`
          statuses.set(key, (statuses.get(key) ?? 0) + 1)
          if (response.status >= 500 || response.status < 200) fiveHundreds.push(`#${index} ${payload.kind}: ${response.status} ${text.slice(0, 200)}`)
          if (payload.expect && response.status === 200) valid.set(payload.expect.messageId, payload.expect)
        }
      }),
    )
    console.log(`hostile: ${PAYLOADS} payloads in ${Date.now() - started} ms\n${[...statuses].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}`)
    console.log([...kindMs].map(([k, ms]) => `${k} ${Math.round(ms)} ms`).join(', '))
    expect(fiveHundreds).toEqual([])
    for (const key of statuses.keys()) expect(Number(key.split(' ')[1])).toBeLessThan(500)
    // The weird-but-valid events were all accepted.
    expect(valid.size).toBe(expected)
  })

  it('stores SQL and HTML strings verbatim, as data', async () => {
    const events: StoredEvent[] = []
    for (;;) {
      const page = await store.listEvents({ afterSeq: events.at(-1)?.seq ?? 0, limit: 5000 })
      events.push(...page)
      if (page.length < 5000) break
    }
    const byId = new Map(events.map((event) => [event.messageId, event]))
    expect(valid.size).toBeGreaterThan(1000)
    for (const expected of valid.values()) {
      const stored = byId.get(expected.messageId)
      expect(stored, expected.messageId).toBeDefined()
      expect(stored!.event).toBe(expected.event)
      expect(stored!.userId).toBe(expected.userId)
      expect(stored!.payload.properties).toEqual(expected.properties)
    }
    // The tables are all still there, and nothing was stored twice.
    expect(events.length).toBe(new Set(events.map((event) => event.messageId)).size)
    const overview = await readOverview(store.sql, {}, 'UTC')
    expect(overview.events).toBe(events.length)
  })

  it('lets no __proto__ or constructor key pollute prototypes', () => {
    const probe: Record<string, unknown> = {}
    expect(probe.polluted).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(Object.prototype)).toEqual([])
    expect((Array.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('cuts slow bodies by the request timeout', { timeout: 90_000 }, async () => {
    // Five clients announced 10 KB and trickle one byte every 150 ms: the server must not wait
    // forever. Node checks request timeouts every 30 s (connectionsCheckingInterval), so a slow
    // client is cut between requestTimeout and requestTimeout + 30 s.
    const results = await (slow ?? Promise.all(Array.from({ length: 5 }, () => slowBody(url, 60_000))))
    console.log(`slow bodies: ${results.map((r) => `${r.status ?? 'closed'} after ${r.ms} ms`).join(', ')}`)
    for (const result of results) {
      expect(result.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 30_000 + 5_000)
      expect(result.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100)
      if (result.status !== undefined) expect(result.status).toBeGreaterThanOrEqual(400)
      if (result.status !== undefined) expect(result.status).toBeLessThan(500)
    }
  })

  it('bounds headers and query strings: 4xx, never 5xx or a hang', { timeout: 30_000 }, async () => {
    const huge = 'a'.repeat(64 * 1024)
    const answers = await Promise.all([
      raw(url, `POST /v1/batch HTTP/1.1\r\nHost: x\r\nX-Big: ${huge}\r\nContent-Length: 2\r\n\r\n{}`),
      raw(url, `GET /v1/content?q=${huge} HTTP/1.1\r\nHost: x\r\n\r\n`),
      raw(url, `POST /v1/batch?writeKey=${huge} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`),
      raw(url, `POST /v1/batch HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, k) => `X-H${k}: 1`).join('\r\n')}\r\nContent-Length: 2\r\n\r\n{}`),
      raw(url, `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\nAuthorization: ${auth}\r\n\r\n{}`),
      raw(url, `POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`),
      raw(url, `GARBAGE\r\n\r\n`),
    ])
    console.log(`headers/query: ${answers.map((a) => a.status ?? `closed(${a.ms} ms)`).join(', ')}`)
    for (const answer of answers) {
      expect(answer.ms).toBeLessThan(REQUEST_TIMEOUT_MS * 3)
      if (answer.status !== undefined) {
        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
      }
    }
    expect(answers[0]!.status).toBe(431)
  })

  it('stays healthy with bounded memory', async () => {
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    globalThis.gc?.()
    const rssAfter = process.memoryUsage().rss
    const growthMb = (rssAfter - rssBefore) / 1024 / 1024
    console.log(`hostile RSS (after ${WARM_UP} payloads → end): before ${(rssBefore / 1048576).toFixed(0)} MB, after ${(rssAfter / 1048576).toFixed(0)} MB, growth ${growthMb.toFixed(0)} MB`)
    expect(growthMb).toBeLessThan(150)
  })
})

/** Sends headers announcing a 10 KB body, then one byte per 150 ms; reports how it ended. */
function slowBody(base: string, giveUpMs: number): Promise<{ status?: number; ms: number }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(Number(port), hostname)
    let answer = ''
    let timer: ReturnType<typeof setInterval> | undefined
    const done = () => {
      clearInterval(timer)
      clearTimeout(giveUp)
      socket.destroy()
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]
      resolve({ status: status ? Number(status) : undefined, ms: Date.now() - started })
    }
    const giveUp = setTimeout(done, giveUpMs)
    socket.on('connect', () => {
      socket.write(`POST /v1/batch HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Length: 10000\r\n\r\n{"batch":[`)
      timer = setInterval(() => socket.write(' '), 150)
    })
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('error', done)
    socket.on('close', done)
  })
}

/** Writes raw bytes and reads the status line of the answer (or notes that the socket closed). */
function raw(base: string, text: string): Promise<{ status?: number; ms: number }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(Number(port), hostname)
    let answer = ''
    let settled = false
    const done = () => {
      if (settled) return
      settled = true
      clearTimeout(giveUp)
      socket.destroy()
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]
      resolve({ status: status ? Number(status) : undefined, ms: Date.now() - started })
    }
    const giveUp = setTimeout(done, 10_000)
    socket.on('connect', () => socket.write(text))
    socket.on('data', (chunk) => {
      answer += chunk.toString()
      if (/^HTTP\/1\.1 \d{3}/.test(answer)) done()
    })
    socket.on('error', done)
    socket.on('close', done)
  })
}
