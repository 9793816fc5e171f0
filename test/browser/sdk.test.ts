/**
 * The built goyo.js in real Chromium, loaded from the collector's /sdk/goyo.js into a page of
 * another origin, delivering to a real collector. Every test ends by checking the collector's
 * store: each event exactly once, nothing lost.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestCollector, type TestCollector } from '../_util/collector'
import { buildSdk, describeBrowser, eventually, launchChromium, servePages, SNIPPET } from '../_util/browser'

let collector: TestCollector
let site: Awaited<ReturnType<typeof servePages>>
let browser: Browser

declare global {
  interface Window {
    goyo: {
      track(event: string, properties?: Record<string, unknown>): void
      flush(): Promise<void>
      user: { anonymousId: string }
      __ext?: unknown
    }
    goyoErrors: Array<{ code: string; message: string }>
  }
}

function appPage(options: { before?: string; attrs?: string } = {}): string {
  return `<!doctype html><html><head><title>Ledgerly</title>
<script>${SNIPPET}window.goyoErrors=[];window.goyo.on('error',function(e){window.goyoErrors.push({code:e.code,message:e.message})});${options.before ?? ''}</script>
<script async src="${collector.url}/sdk/goyo.js" data-write-key="${collector.writeKey}" ${options.attrs ?? ''}></script>
</head><body><button id="new-invoice" data-goyo-feature="invoices.create">New invoice</button><input id="name" value="private"></body></html>`
}

async function open(context: BrowserContext, path = '/app', base = site.url): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${base}${path}`)
  await page.waitForFunction(() => !!window.goyo?.__ext, undefined, { timeout: 10_000 })
  return page
}

/** Stored events whose messageId starts with nothing special, grouped for assertions. */
async function stored() {
  return collector.storedEvents()
}

function expectNoDuplicates(ids: string[]): void {
  expect(ids.length).toBe(new Set(ids).size)
}

describeBrowser('goyo.js in Chromium', () => {
  beforeAll(async () => {
    await buildSdk()
    collector = await startTestCollector()
    site = await servePages({ '/app': appPage(), '/spa': appPage(), '/noidb': appPage() })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await collector?.stop()
  })

  it('replays snippet calls queued before load, in order, then takes live calls; all arrive once', async () => {
    const queued = await browser.newContext()
    const pages = await servePages({
      '/queued': appPage({ before: `goyo.identify('u-queued',{role:'admin'});goyo.group('acct-queued',{plan:'pro'});goyo.track('Queued Event',{n:1});` }),
    })
    try {
      const page = await open(queued, '/queued', pages.url)
      expect(page.url().startsWith(collector.url)).toBe(false) // the app is another origin than the collector
      await page.evaluate(() => window.goyo.track('Live Event', { n: 2 }))
      await page.click('#new-invoice')
      await page.evaluate(() => window.goyo.flush())
      const events = await eventually(async () => {
        const all = (await stored()).filter((e) => e.userId === 'u-queued' || e.payload.anonymousId === undefined)
        const mine = all.filter((e) => e.userId === 'u-queued')
        return mine.some((e) => e.event === 'Feature Used') && mine
      }, 15_000, 'queued and live events')
      const sequence = events.map((e) => e.event ?? e.type)
      expect(sequence).toEqual(['identify', 'group', 'Queued Event', 'Live Event', 'Feature Used'])
      const live = events.find((e) => e.event === 'Live Event')!
      expect(live.accountId).toBe('acct-queued')
      expect(live.payload).toMatchObject({
        context: { groupId: 'acct-queued', library: { name: 'goyo' }, page: { path: '/queued', title: 'Ledgerly' } },
      })
      expect(JSON.stringify(events.map((e) => e.payload))).not.toContain('private') // no input values
      expect(events.find((e) => e.event === 'Feature Used')!.payload).toMatchObject({ properties: { feature: 'invoices.create' } })
      expectNoDuplicates((await stored()).map((e) => e.messageId))
      expect(await page.evaluate(() => window.goyoErrors)).toEqual([])
    } finally {
      await queued.close()
      await pages.close()
    }
  })

  it('sends one page view per SPA navigation (pushState then replaceState is one)', async () => {
    const context = await browser.newContext()
    try {
      const page = await open(context, '/spa')
      const anonymousId = await page.evaluate(() => window.goyo.user.anonymousId)
      await page.evaluate(() => {
        history.pushState(null, '', '/spa/invoices')
        history.replaceState(null, '', '/spa/invoices?tab=open')
        document.title = 'Invoices'
      })
      await page.waitForTimeout(50)
      await page.evaluate(() => history.pushState(null, '', '/spa/invoices?tab=open#row-3')) // an anchor: no page view
      await page.evaluate(() => window.goyo.flush())
      const pagesSeen = await eventually(async () => {
        const views = (await stored()).filter((e) => e.type === 'page' && e.anonymousId === anonymousId)
        return views.length >= 2 && views
      }, 10_000, 'page views')
      await page.waitForTimeout(300)
      const views = (await stored()).filter((e) => e.type === 'page' && e.anonymousId === anonymousId)
      expect(views.map((v) => (v.payload.context as { page: { path: string } }).page.path)).toEqual(['/spa', '/spa/invoices'])
      expect(pagesSeen.length).toBe(2)
      expect((views[1]!.payload.context as { page: { title: string; referrer: string } }).page).toMatchObject({
        title: 'Invoices',
        referrer: `${site.url}/spa`,
      })
    } finally {
      await context.close()
    }
  })

  it('a reload in the middle of sending loses nothing and stores nothing twice', { timeout: 90_000 }, async () => {
    const context = await browser.newContext()
    try {
      const page = await open(context)
      // Reload the moment the first batch is on the wire: the queue sends only after the events
      // are in IndexedDB, so this is "mid-send" however slow the machine is.
      await page.evaluate(() => window.goyo.flush()) // the page's own load events go first
      const firstBatch = page.waitForRequest(
        (request) => request.url().includes('/v1/batch') && request.method() === 'POST' && (request.postData() ?? '').includes('Reload Bulk'),
      )
      await page.evaluate(() => {
        for (let i = 0; i < 300; i++) window.goyo.track('Reload Bulk', { i })
        void window.goyo.flush()
      })
      await firstBatch
      await page.reload()
      await page.waitForFunction(() => !!window.goyo?.__ext)
      const bulk = await eventually(async () => {
        const events = (await stored()).filter((e) => e.event === 'Reload Bulk')
        return events.length >= 300 && events
      }, 45_000, '300 events after the reload') // generous: CI machines are slow under a full suite
      await page.waitForTimeout(500) // a late duplicate would show up here
      const after = (await stored()).filter((e) => e.event === 'Reload Bulk')
      expect(after.length).toBe(300)
      expect(new Set(bulk.map((e) => (e.payload.properties as { i: number }).i)).size).toBe(300)
      expectNoDuplicates(after.map((e) => e.messageId))
    } finally {
      await context.close()
    }
  })

  it('two tabs share one queue: every event is sent in exactly one request', async () => {
    const context = await browser.newContext()
    const sent: string[][] = []
    context.on('request', (request) => {
      if (!request.url().includes('/v1/batch') || request.method() !== 'POST') return
      const body = JSON.parse(request.postData() ?? '{}') as { batch?: Array<{ messageId: string }> }
      sent.push((body.batch ?? []).map((e) => e.messageId))
    })
    try {
      const [a, b] = [await open(context), await open(context)]
      await Promise.all(
        [a, b].map((page, tab) =>
          page.evaluate((tab) => {
            for (let i = 0; i < 80; i++) window.goyo.track('Two Tabs', { tab, i })
          }, tab),
        ),
      )
      await Promise.all([a.evaluate(() => window.goyo.flush()), b.evaluate(() => window.goyo.flush())])
      const events = await eventually(async () => {
        const all = (await stored()).filter((e) => e.event === 'Two Tabs')
        return all.length >= 160 && all
      }, 15_000, '160 events from two tabs')
      await a.waitForTimeout(500)
      expect(await a.evaluate(() => window.goyoErrors)).toEqual([])
      expect(await b.evaluate(() => window.goyoErrors)).toEqual([])
      expect((await stored()).filter((e) => e.event === 'Two Tabs')).toHaveLength(160)
      const twoTabIds = new Set(events.map((e) => e.messageId))
      const onTheWire = sent.flat().filter((id) => twoTabIds.has(id))
      expect(onTheWire).toHaveLength(160) // no event went out twice, not even concurrently
      expectNoDuplicates(onTheWire)
    } finally {
      await context.close()
    }
  })

  it('still delivers when IndexedDB is unavailable, and says so through on("error")', async () => {
    const context = await browser.newContext()
    await context.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('IndexedDB is blocked', 'SecurityError')
      }
    })
    try {
      const page = await open(context, '/noidb')
      await page.evaluate(() => {
        for (let i = 0; i < 120; i++) window.goyo.track('No IDB', { i })
      })
      await page.evaluate(() => window.goyo.flush())
      await eventually(async () => (await stored()).filter((e) => e.event === 'No IDB').length >= 120, 15_000, '120 events without IndexedDB')
      await page.waitForTimeout(300)
      const events = (await stored()).filter((e) => e.event === 'No IDB')
      expect(events).toHaveLength(120)
      expectNoDuplicates(events.map((e) => e.messageId))
      expect(await page.evaluate(() => window.goyoErrors.map((e) => e.code))).toEqual(['storage'])
    } finally {
      await context.close()
    }
  })
})
