/**
 * PostgreSQL goes away under load: a throwaway cluster of this test's own is stopped with
 * `pg_ctl stop -m immediate` (a crash, from the collector's point of view) while four clients
 * send batches to a collector child process, and started again about 3 s later. While it is down
 * every ingest answer is 503 with Retry-After and /healthz is 503; nothing is a 500 and nothing
 * hangs; the same collector process recovers by itself, and nothing acknowledged is lost.
 */
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeCluster,
  request,
  sleep,
  startCluster,
  startCollectorProcess,
  startLoad,
  type Answer,
  type Cluster,
  type CollectorProcess,
} from '../_util/processes'

const CLIENTS = 4
const BATCHES = 120
const BATCH_SIZE = 20
const CLIENT_TIMEOUT_MS = 20_000

describeCluster('PostgreSQL restarted under load', () => {
  let cluster: Cluster
  let collector: CollectorProcess | undefined

  beforeAll(async () => {
    cluster = await startCluster()
  }, 120_000)
  afterAll(async () => {
    await collector?.kill()
    await cluster?.destroy()
  })

  it('answers 503 with Retry-After while it is down, recovers without a restart, and loses nothing acknowledged', { timeout: 180_000 }, async () => {
    collector = await startCollectorProcess(['--database-url', cluster.url()])
    const url = collector.url
    const answers: Array<{ answer: Answer; startedAt: number; endedAt: number }> = []
    const total = CLIENTS * BATCHES * BATCH_SIZE
    const { result, done } = startLoad({
      target: () => url,
      clients: CLIENTS,
      batches: BATCHES,
      batchSize: BATCH_SIZE,
      prefix: 'outage',
      deadline: Date.now() + 150_000,
      retryDelayMs: 200,
      pauseMs: 25,
      timeoutMs: CLIENT_TIMEOUT_MS,
      onAnswer: (answer, at) => answers.push({ answer, startedAt: at - answer.ms, endedAt: at }),
    })

    const outage = (async () => {
      const waitUntil = Date.now() + 60_000
      while (result.acked.size < total / 4) {
        if (Date.now() > waitUntil) throw new Error(`no progress before the outage: ${result.acked.size} acknowledged`)
        await sleep(20)
      }
      const ackedBefore = new Set(result.acked)
      cluster.stop('immediate')
      const downAt = Date.now()
      // While it is down: health says so, quickly.
      const health: Answer[] = []
      while (Date.now() - downAt < 3000) {
        health.push(await request(`${url}/healthz`, { timeoutMs: CLIENT_TIMEOUT_MS }))
        await sleep(250)
      }
      cluster.start()
      const upAt = Date.now()
      return { ackedBefore, downAt, upAt, health }
    })()

    // The collector must survive the outage: if it exits, fail now with its last words.
    const died = collector.exited.then(({ code, signal }) => {
      throw new Error(`the collector process exited (${code ?? signal}) during the outage:\n${collector!.stderr().slice(-3000)}`)
    })
    const [, { ackedBefore, downAt, upAt, health }] = await Promise.race([Promise.all([done, outage]), died])

    // After the restart /healthz comes back without restarting the collector.
    let healthy: Answer | undefined
    for (const until = Date.now() + 20_000; Date.now() < until; await sleep(200)) {
      healthy = await request(`${url}/healthz`, { timeoutMs: 5_000 })
      if (healthy.status === 200) break
    }
    expect(healthy?.status).toBe(200)
    expect(collector.child.exitCode).toBeNull()

    const statuses = Object.fromEntries(result.statuses)
    const during = answers.filter((a) => a.startedAt > downAt + 50 && a.endedAt < upAt)
    const slowest = Math.max(...answers.map((a) => a.answer.ms))
    console.log(
      `db-outage: ${total} events, ${result.attempts} requests, answers ${JSON.stringify(statuses)}; ` +
        `down ${upAt - downAt} ms, ${during.length} requests wholly inside the outage, slowest answer ${Math.round(slowest)} ms; ` +
        `healthz while down ${health.map((h) => h.status).join(',')}`,
    )

    // Never a 500, never a hang, never a dropped connection: only 200 and 503.
    expect(result.timeouts).toBe(0)
    expect(slowest).toBeLessThan(CLIENT_TIMEOUT_MS)
    expect(Object.keys(statuses).sort()).toEqual(expect.arrayContaining(['200']))
    for (const key of Object.keys(statuses)) expect(['200', '503']).toContain(key)
    for (const { answer } of answers) if (answer.status === 503) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(during.length).toBeGreaterThan(0)
    for (const { answer } of during) expect(answer.status).toBe(503)
    expect(health.length).toBeGreaterThan(0)
    for (const h of health) {
      expect(h.status).toBe(503)
      expect(h.headers.get('retry-after')).toBeTruthy()
    }

    // Nothing acknowledged is lost, nothing is stored twice, and the retries completed the rest.
    const client = new pg.Client({ connectionString: cluster.url() })
    await client.connect()
    try {
      const { rows } = await client.query<{ message_id: string }>('SELECT message_id FROM events')
      const stored = new Set(rows.map((row) => row.message_id))
      expect(rows.length).toBe(stored.size)
      for (const id of ackedBefore) expect(stored.has(id)).toBe(true)
      for (const id of result.acked) expect(stored.has(id)).toBe(true)
      expect(result.acked.size).toBe(total)
      expect(stored.size).toBe(total)
    } finally {
      await client.end()
    }
    const stopped = await collector.stop()
    expect(stopped.code).toBe(0)
    collector = undefined
  })
})
