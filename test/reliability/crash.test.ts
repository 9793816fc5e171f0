/**
 * SIGKILL during sustained load: the collector (the real bin, embedded store in a folder) is
 * killed twice while six clients send batches, and restarted on the same folder. Clients retry
 * every failure with the same messageIds. Whatever got a 2xx before a kill must be stored after
 * it, and in the end every event is stored exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../packages/collector/src/store/open'
import { overview as readOverview } from '../../packages/collector/src/reports/overview'
import type { StoredEvent } from '../../packages/collector/src/store/store'
import { sleep, startLoad, startCollectorProcess, type CollectorProcess } from '../_util/processes'

const CLIENTS = 6
const BATCHES = 30
const BATCH_SIZE = 20
const KILLS = 2

describe('collector killed with SIGKILL under load (embedded store)', () => {
  let dataDir: string
  let current: CollectorProcess | undefined

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'goyo-crash-'))
  })
  afterAll(async () => {
    await current?.kill()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps every acknowledged event, stores none twice, and retries complete the rest', { timeout: 180_000 }, async () => {
    current = await startCollectorProcess(['--data', dataDir])
    let url = current.url
    const deadline = Date.now() + 150_000
    const total = CLIENTS * BATCHES * BATCH_SIZE
    const { result, done } = startLoad({ target: () => url, clients: CLIENTS, batches: BATCHES, batchSize: BATCH_SIZE, prefix: 'crash', deadline, retryDelayMs: 100, timeoutMs: 20_000 })

    const ackedBeforeKill: Set<string>[] = []
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        // Let a share of the load land on this process first (bounded wait), then kill it mid-load.
        const target = ((k + 1) * total) / (KILLS + 2)
        const waitUntil = Date.now() + 60_000
        while (result.acked.size < target) {
          if (Date.now() > waitUntil) throw new Error(`no progress before kill ${k + 1}: ${result.acked.size} acknowledged`)
          await sleep(20)
        }
        ackedBeforeKill.push(new Set(result.acked))
        await current!.kill()
        current = await startCollectorProcess(['--data', dataDir])
        url = current.url
      }
    })()
    await Promise.all([done, killer])

    // Stop the last collector cleanly, then read the folder directly.
    const stopped = await current.stop()
    expect(stopped.code).toBe(0)
    current = undefined
    const store = await openStore({ dataDir })
    let events: StoredEvent[] = []
    try {
      for (;;) {
        const page = await store.listEvents({ afterSeq: events.at(-1)?.seq ?? 0, limit: 5000 })
        events = events.concat(page)
        if (page.length < 5000) break
      }
      const overview = await readOverview(store.sql, {}, 'UTC')
      expect(overview.events).toBe(events.length)
    } finally {
      await store.close()
    }
    const ids = events.map((event) => event.messageId)
    const distinct = new Set(ids)
    console.log(
      `crash: ${total} events, ${result.attempts} requests, answers ${JSON.stringify(Object.fromEntries(result.statuses))}, ` +
        `acknowledged before the kills ${ackedBeforeKill.map((a) => a.size).join(' / ')}, stored ${ids.length} (${distinct.size} distinct)`,
    )
    expect(ids.length).toBe(distinct.size) // none twice
    for (const before of ackedBeforeKill) for (const id of before) expect(distinct.has(id)).toBe(true)
    for (const id of result.acked) expect(distinct.has(id)).toBe(true)
    expect(result.acked.size).toBe(total) // the retries completed everything
    expect(distinct.size).toBe(total)
    expect(result.statuses.get('500') ?? 0).toBe(0)
  })
})
