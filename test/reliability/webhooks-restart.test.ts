/**
 * Playbook webhooks at process level: a collector child process with a content file whose
 * playbook posts to a local receiver. An account goes red while the receiver is down (the first
 * attempt fails), the collector is stopped with SIGTERM, the receiver comes up, and the collector
 * restarts on the same data: exactly one delivery for the one firing, signed with the secret key.
 *
 * Timing (engine defaults): evaluation 5 s after the event, webhook checks every 1 s, a retry
 * 2.5–5 s after a failure, and the daily pass 10 s after boot (which must not fire it again).
 */
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../packages/collector/src/store/open'
import { freePort, getJson, postBatch, PROCESS_KEYS, sleep, startCollectorProcess, type CollectorProcess } from '../_util/processes'

const DAY = 86_400_000

interface Delivery {
  body: string
  signature: string | undefined
  delivery: string | undefined
  at: number
}

async function receiver(port: number, deliveries: Delivery[]) {
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      deliveries.push({ body, signature: req.headers['x-goyo-signature'] as string | undefined, delivery: req.headers['x-goyo-delivery'] as string | undefined, at: Date.now() })
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(200)
  }
}

describe('playbook webhook across a receiver outage and a collector restart (processes)', () => {
  let dir: string
  let collector: CollectorProcess | undefined
  let closeReceiver: (() => Promise<void>) | undefined

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'goyo-webhooks-'))
  })
  afterAll(async () => {
    await collector?.kill()
    await closeReceiver?.()
    await rm(dir, { recursive: true, force: true })
  })

  it('delivers exactly once per firing, signed, after the receiver comes back', { timeout: 120_000 }, async () => {
    const port = await freePort()
    const hook = `http://127.0.0.1:${port}/hook`
    const contentFile = join(dir, 'goyo.content.json')
    await writeFile(contentFile, JSON.stringify({
      features: { 'invoices.create': {}, 'reports.export': { events: ['Report Exported'] } },
      milestones: { 'first-invoice-sent': { event: 'Invoice Sent' } },
      tiers: [{ id: 'tech-touch', targetDays: 7 }],
      health: {
        measures: [
          { id: 'breadth', weight: 0.4, keyFeatures: ['invoices.create', 'reports.export'] },
          { id: 'activeUsers', weight: 0.3 },
          { id: 'valueReached', weight: 0.3, milestone: 'first-invoice-sent' },
        ],
        bands: { red: 40, yellow: 70 },
      },
      playbooks: [{ id: 'at-risk', when: { health: { below: 40 } }, do: [{ webhook: hook }] }],
    }))
    const dataDir = join(dir, 'data')
    const args = ['--data', dataDir, '--content', contentFile]
    collector = await startCollectorProcess(args)

    // An account created and first seen 30 days ago, one known user, no usage since, the
    // milestone long past due: red (health scores only windows the account was seen through).
    const sent = await postBatch(collector.url, [{
      type: 'group', userId: 'idle-admin', groupId: 'idle', messageId: 'wh-group-1', timestamp: new Date(Date.now() - 30 * DAY).toISOString(),
      traits: { name: 'Idle Co', createdAt: new Date(Date.now() - 30 * DAY).toISOString(), arr: 900 },
    }])
    expect(sent.status).toBe(200)

    // The engine evaluates it (debounced 5 s) and the playbook fires; the receiver is down.
    const url = collector.url
    await until('the playbook to fire', 30_000, async () => {
      const account = await getJson<{ timeline: Array<{ kind: string }> }>(url, '/v1/accounts/idle')
      return account.timeline.some((entry) => entry.kind === 'playbook_fired')
    })
    await sleep(2_500) // at least one delivery attempt (every 1 s) hits the closed port
    expect((await collector.stop()).code).toBe(0)

    const deliveries: Delivery[] = []
    closeReceiver = await receiver(port, deliveries)
    collector = await startCollectorProcess(args)
    const bootedAt = Date.now()
    await until('the webhook delivery', 30_000, async () => deliveries.length > 0)
    // Past the daily pass (10 s after boot) and a few webhook rounds: no second delivery.
    await sleep(Math.max(0, bootedAt + 13_000 - Date.now()))
    expect((await collector.stop()).code).toBe(0)
    collector = undefined

    expect(deliveries).toHaveLength(1)
    const [delivery] = deliveries
    const expected = createHmac('sha256', PROCESS_KEYS.secretKey).update(delivery!.body).digest('hex')
    expect(delivery!.signature).toBe(`sha256=${expected}`)
    expect(delivery!.delivery).toMatch(/^\d+$/)
    const body = JSON.parse(delivery!.body)
    expect(body).toMatchObject({ playbook: 'at-risk', account: { id: 'idle', name: 'Idle Co' } })
    expect(body.health.band).toBe('red')

    // The outbox shows the failed attempt before the restart and the one delivery after it.
    const store = await openStore({ dataDir })
    try {
      const rows = await store.sql.query<{ attempts: number; delivered_at: Date | null; last_error: string | null }>('SELECT attempts, delivered_at, last_error FROM webhook_outbox')
      expect(rows).toHaveLength(1)
      expect(rows[0]!.attempts).toBeGreaterThanOrEqual(2)
      expect(rows[0]!.delivered_at).not.toBeNull()
    } finally {
      await store.close()
    }
  })
})
