/**
 * The built goyo.js in Chromium, talking to a real collector through a fault proxy: of the
 * POST /v1/batch requests, 3 in 10 are answered 503 (Retry-After: 1) without reaching the
 * collector, and 1 in 10 is forwarded, stored, and then cut before the browser hears the answer.
 * With a reload in the middle and a second tab, every event the page tracked is stored exactly
 * once. Then the same with IndexedDB unavailable for the life of the page (memory queue only).
 * The faults follow a fixed pattern (never more than two failures in a row), so the SDK's
 * backoff stays short and the test bounded.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestCollector, type TestCollector } from '../_util/collector'
import { buildSdk, describeBrowser, eventually, launchChromium, servePages, SNIPPET } from '../_util/browser'

declare global {
  interface Window {
    tracked: string[]
  }
}

/** Sits between the page and the collector and breaks POST /v1/batch on a fixed pattern. */
async function faultProxy(target: string) {
  const agent = new Agent({ keepAlive: true })
  const stats = { batches: 0, refused: 0, cut: 0 }
  const server: Server = createServer((req, res) => {
    const isBatch = req.method === 'POST' && (req.url ?? '').startsWith('/v1/batch')
    const n = isBatch ? stats.batches++ : -1
    if (isBatch && [0, 3, 6].includes(n % 10)) {
      stats.refused++
      req.resume()
      const origin = req.headers.origin
      res.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': '1',
        ...(origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'Retry-After' } : {}),
      }).end('{"error":"unavailable"}')
      return
    }
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers, agent }, (answer) => {
      if (isBatch && n % 10 === 8) {
        // Stored by the collector; the browser sees a dropped connection.
        stats.cut++
        answer.resume()
        answer.on('end', () => req.socket.destroy())
        return
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()))
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () => new Promise<void>((resolve) => (agent.destroy(), server.closeAllConnections(), server.close(() => resolve()))),
  }
}

let collector: TestCollector
let proxy: Awaited<ReturnType<typeof faultProxy>>
let site: Awaited<ReturnType<typeof servePages>>
let browser: Browser

function appPage(): string {
  // goyo.js comes from the proxy, so the SDK sends to the proxy (its default api host).
  return `<!doctype html><html><head><title>Faults</title>
<script>${SNIPPET}window.tracked=[];window.goyo.on('event',function(e){if(e.event&&e.event.indexOf('Fault')===0)window.tracked.push(e.messageId)});</script>
<script async src="${proxy.url}/sdk/goyo.js" data-write-key="${collector.writeKey}"></script>
</head><body>faults</body></html>`
}

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${site.url}/app`)
  await page.waitForFunction(() => !!window.goyo?.__ext, undefined, { timeout: 10_000 })
  return page
}

const track = (page: Page, event: string, from: number, count: number) =>
  page.evaluate(({ event, from, count }) => {
    for (let i = from; i < from + count; i++) window.goyo.track(event, { i })
    return window.tracked.slice()
  }, { event, from, count })

/** Tracks in small rounds, each flushed at once, so that many batch requests meet the faults. */
async function trackInRounds(page: Page, event: string, from: number, rounds: number, perRound: number): Promise<string[]> {
  let ids: string[] = []
  for (let r = 0; r < rounds; r++) {
    ids = await track(page, event, from + r * perRound, perRound)
    await page.evaluate(() => void window.goyo.flush())
    await page.waitForTimeout(60)
  }
  return ids
}

/** Waits until every tracked id is stored, then a little longer for late duplicates. */
async function expectStoredOnce(event: string, tracked: string[]) {
  const wanted = new Set(tracked)
  expect(wanted.size).toBe(tracked.length)
  await eventually(async () => {
    const stored = new Set((await collector.storedEvents()).filter((e) => e.event === event).map((e) => e.messageId))
    return [...wanted].every((id) => stored.has(id))
  }, 60_000, `${wanted.size} "${event}" events stored`)
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  const ids = (await collector.storedEvents()).filter((e) => e.event === event).map((e) => e.messageId)
  expect(ids.length).toBe(new Set(ids).size) // nothing twice
  expect(new Set(ids)).toEqual(wanted) // exactly what the page tracked
}

describeBrowser('goyo.js through a fault proxy', () => {
  beforeAll(async () => {
    await buildSdk()
    collector = await startTestCollector({ rateLimit: false })
    proxy = await faultProxy(collector.url)
    site = await servePages({ '/app': appPage() })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await proxy?.close()
    await collector?.stop()
  })

  it('stores every event exactly once with 30 % 503s, 10 % cut after storing, a reload and a second tab', { timeout: 120_000 }, async () => {
    const context = await browser.newContext()
    try {
      const tracked: string[] = []
      const first = await open(context)
      await trackInRounds(first, 'Fault Event', 0, 6, 10)
      await track(first, 'Fault Event', 60, 30)
      await first.evaluate(() => void window.goyo.flush())
      await first.waitForTimeout(15) // a batch in flight (or refused), the rest queued
      tracked.push(...(await first.evaluate(() => window.tracked.slice())))
      await first.reload()
      await first.waitForFunction(() => !!window.goyo?.__ext)

      const second = await open(context)
      const [fromSecond, fromFirst] = await Promise.all([trackInRounds(second, 'Fault Event', 1000, 6, 10), trackInRounds(first, 'Fault Event', 100, 6, 10)])
      tracked.push(...fromSecond, ...fromFirst)

      expect(tracked).toHaveLength(210)
      await expectStoredOnce('Fault Event', tracked)
      console.log(`browser faults: ${JSON.stringify(proxy.stats)}`)
      expect(proxy.stats.refused).toBeGreaterThan(0)
      expect(proxy.stats.cut).toBeGreaterThan(0)
    } finally {
      await context.close()
    }
  })

  it('does the same with IndexedDB unavailable for the life of the page', { timeout: 120_000 }, async () => {
    const context = await browser.newContext()
    await context.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('IndexedDB is blocked', 'SecurityError')
      }
    })
    const before = { ...proxy.stats }
    try {
      const page = await open(context)
      const tracked = await trackInRounds(page, 'Fault NoIDB', 0, 15, 10)
      expect(tracked.filter((id) => id)).toHaveLength(150)
      await expectStoredOnce('Fault NoIDB', tracked)
      console.log(`browser faults without IndexedDB: ${proxy.stats.batches - before.batches} batch requests, ${proxy.stats.refused - before.refused} refused, ${proxy.stats.cut - before.cut} cut`)
      expect(proxy.stats.refused).toBeGreaterThan(before.refused)
      expect(proxy.stats.cut).toBeGreaterThan(before.cut)
    } finally {
      await context.close()
    }
  })
})
