/**
 * Two collector processes on one PostgreSQL database (a throwaway cluster), started together (so
 * they race for the migrations), behind a small round-robin proxy that also fails requests: one
 * in nine answered 502 without forwarding, one in nine forwarded and then cut after the replica
 * answered (stored, but the client saw a failure). Clients retry through the proxy with the same
 * messageIds. Nothing is stored twice, and both replicas report the same numbers.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeCluster,
  getJson,
  runLoad,
  startCluster,
  startCollectorProcess,
  type Cluster,
  type CollectorProcess,
} from '../_util/processes'

const CLIENTS = 6
const BATCHES = 25
const BATCH_SIZE = 20

/** A round-robin HTTP proxy over `targets` that fails some requests on purpose. */
async function roundRobinProxy(targets: string[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 })
  let count = 0
  const stats = { forwarded: [0, 0], refused: 0, cut: 0 }
  const server: Server = createServer((req, res) => {
    const n = count++
    if (n % 9 === 4) {
      stats.refused++
      req.resume()
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"bad_gateway"}')
      return
    }
    const index = n % targets.length
    stats.forwarded[index]!++
    const target = new URL(req.url ?? '/', targets[index])
    const upstream = httpRequest(target, { method: req.method, headers: req.headers, agent }, (answer) => {
      if (n % 9 === 7) {
        // The replica answered (and committed); the client never hears it.
        stats.cut++
        answer.resume()
        answer.on('end', () => req.socket.destroy())
        return
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end()
      else res.destroy()
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describeCluster('two collector replicas on one PostgreSQL behind a round-robin proxy', () => {
  let cluster: Cluster
  let replicas: CollectorProcess[] = []
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>> | undefined

  beforeAll(async () => {
    cluster = await startCluster()
  }, 120_000)
  afterAll(async () => {
    await proxy?.close()
    await Promise.all(replicas.map((replica) => replica.kill()))
    await cluster?.destroy()
  })

  it('stores every event once and both replicas report the same', { timeout: 150_000 }, async () => {
    // Started together on an empty database: each migration must still be applied once.
    replicas = await Promise.all([0, 1].map(() => startCollectorProcess(['--database-url', cluster.url()])))
    proxy = await roundRobinProxy(replicas.map((replica) => replica.url))
    const total = CLIENTS * BATCHES * BATCH_SIZE
    const result = await runLoad({
      target: () => proxy!.url,
      clients: CLIENTS,
      batches: BATCHES,
      batchSize: BATCH_SIZE,
      prefix: 'replica',
      deadline: Date.now() + 120_000,
      retryDelayMs: 50,
      timeoutMs: 20_000,
    })
    console.log(`replicas: ${total} events, ${result.attempts} requests, answers ${JSON.stringify(Object.fromEntries(result.statuses))}, proxy ${JSON.stringify(proxy.stats)}`)
    expect(proxy.stats.forwarded[0]).toBeGreaterThan(0)
    expect(proxy.stats.forwarded[1]).toBeGreaterThan(0)
    expect(proxy.stats.cut).toBeGreaterThan(0)
    expect(result.acked.size).toBe(total)
    for (const key of Object.keys(Object.fromEntries(result.statuses))) expect(['200', '502', 'network']).toContain(key)

    const client = new pg.Client({ connectionString: cluster.url() })
    await client.connect()
    try {
      const { rows } = await client.query<{ message_id: string }>('SELECT message_id FROM events')
      const stored = new Set(rows.map((row) => row.message_id))
      expect(rows.length).toBe(stored.size)
      expect(stored.size).toBe(total)
      for (const id of result.acked) expect(stored.has(id)).toBe(true)
      const migrations = await client.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT name)::int AS d FROM goyo_migrations')
      expect(migrations.rows[0]!.n).toBe(migrations.rows[0]!.d)
      // Both replicas fold the log (after their own commits and on a timer): each event is in
      // every rollup once, whichever replica folded it. A report folds what is left first.
      await getJson(replicas[0]!.url, '/v1/reports/stickiness')
      const rollups = await client.query<{ usage: number; firsts: number; days: number }>(
        `SELECT (SELECT sum(count) FROM usage_daily WHERE kind = 'event')::int AS usage,
                (SELECT sum(count) FROM user_firsts WHERE kind = 'event')::int AS firsts,
                (SELECT sum(events) FROM account_days)::int AS days`,
      )
      expect(rollups.rows[0]).toEqual({ usage: total, firsts: total, days: total })
    } finally {
      await client.end()
    }

    const [overviewA, overviewB] = await Promise.all(replicas.map((replica) => getJson<{ events: number; users: number; accounts: number }>(replica.url, '/v1/reports/overview')))
    expect(overviewA).toEqual(overviewB)
    expect(overviewA!.events).toBe(total)
    expect(overviewA!.users).toBe(CLIENTS * 7)
    expect(overviewA!.accounts).toBe(4)
    type Row = { event: string; count: number; users: number; accounts: number }
    const sorted = (rows: Row[]) => [...rows].sort((a, b) => a.event.localeCompare(b.event))
    const [eventsA, eventsB] = await Promise.all(replicas.map((replica) => getJson<Row[]>(replica.url, '/v1/reports/events')))
    expect(sorted(eventsA!)).toEqual(sorted(eventsB!))
    expect(eventsA!.reduce((sum, row) => sum + row.count, 0)).toBe(total)

    for (const replica of replicas) expect((await replica.stop()).code).toBe(0)
    replicas = []
  })
})
