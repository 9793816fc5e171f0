/**
 * Limits that protect the collector: the per-key rate limit (configured through GOYO_RATE_LIMIT
 * on the real bin) answers 429 with Retry-After, and request bodies, headers and query strings are
 * bounded: 413 / 431 / 414 / 400, never a 5xx and never a hang.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, loadEvent, postBatch, request, startCollectorProcess, type CollectorProcess } from '../_util/processes'

let dir: string
let collector: CollectorProcess | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goyo-limits-'))
  // 20 events per second per write key, bursts to 40.
  collector = await startCollectorProcess(['--data', dir], { env: { GOYO_RATE_LIMIT: '20' } })
}, 90_000)
afterAll(async () => {
  await collector?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('rate limit (GOYO_RATE_LIMIT)', () => {
  it('answers 429 with Retry-After past the burst, and lets the same events in later', { timeout: 30_000 }, async () => {
    const batch = (n: number, from: number) => Array.from({ length: n }, (_, i) => loadEvent(`rl-${from + i}`, 0, from + i))
    // The first batch takes the whole burst, so the second one passes only if two full seconds
    // went by between them: a wide margin on a loaded machine.
    const first = await postBatch(collector!.url, batch(40, 0))
    expect(first.status).toBe(200)
    const second = await postBatch(collector!.url, batch(40, 100))
    expect(second.status).toBe(429)
    const wait = Number(second.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(JSON.parse(second.body)).toMatchObject({ error: 'rate_limited' })
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 200))
    expect((await postBatch(collector!.url, batch(40, 100))).status).toBe(200)
  })
})

describe('bounded requests', () => {
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    request(`${collector!.url}${path}`, { method: 'POST', body, headers: { authorization: basicAuth(), ...headers }, timeoutMs: 15_000 })

  it('refuses bodies over 500 KB with 413, declared or streamed, plain or gzipped', { timeout: 30_000 }, async () => {
    const big = JSON.stringify({ batch: [{ type: 'track', event: 'X', userId: 'u', messageId: 'big', properties: { s: 'x'.repeat(600_000) } }] })
    expect((await post('/v1/batch', big)).status).toBe(413)
    // Streamed without Content-Length (chunked): cut while reading.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(32 * 1024).fill(0x20))
        controller.close()
      },
    })
    const streamed = await request(`${collector!.url}/v1/batch`, { method: 'POST', body: chunks, headers: { authorization: basicAuth() }, duplex: 'half', timeoutMs: 15_000 } as RequestInit & { timeoutMs: number })
    expect([413, 0]).toContain(streamed.status) // 413, or the socket closed while still sending
    expect(streamed.timedOut).toBeFalsy()
    expect((await post('/v1/batch', gzipSync(big), { 'content-encoding': 'gzip' })).status).toBe(413)
    // One event over 32 KB in a small batch.
    const event = JSON.stringify({ batch: [{ type: 'track', event: 'X', userId: 'u', messageId: 'ev', properties: { s: 'x'.repeat(40_000) } }] })
    const oneEvent = await post('/v1/batch', event)
    expect(oneEvent.status, oneEvent.error).toBe(413)
  })

  it('refuses oversized headers and query strings with a 4xx, never a 5xx or a hang', { timeout: 30_000 }, async () => {
    const answers = [
      await request(`${collector!.url}/v1/batch`, { method: 'POST', body: '{}', headers: { authorization: basicAuth(), 'x-big': 'a'.repeat(64 * 1024) }, timeoutMs: 10_000 }),
      await request(`${collector!.url}/v1/content?userId=${'u'.repeat(100_000)}`, { headers: { authorization: basicAuth() }, timeoutMs: 10_000 }),
      await request(`${collector!.url}/v1/reports/overview?${'a=1&'.repeat(20_000)}`, { timeoutMs: 10_000 }),
      await request(`${collector!.url}/v1/content?userId=${'u'.repeat(300)}`, { headers: { authorization: basicAuth() }, timeoutMs: 10_000 }),
    ]
    console.log(`bounded headers/query: ${answers.map((a) => a.status || a.error).join(', ')}`)
    for (const answer of answers) {
      expect(answer.timedOut).toBeFalsy()
      // 0: Node may close the socket after its 431 before the client reads it.
      if (answer.status !== 0) {
        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
      }
    }
    expect(answers[0]!.status).toBe(431)
    expect(answers[3]!.status).toBe(400) // within the header limit, but over the id limit
    expect((await request(`${collector!.url}/healthz`)).status).toBe(200)
  })
})
