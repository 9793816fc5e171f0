/**
 * "Why didn't it show?" in real Chromium (issue 17): what the collector delivered appears on
 * screen when it should, out of the way of the host page and of each other, and preview links
 * show one item to anyone for an hour without counting anywhere.
 *
 * - SPA: after a tour step had shown, a URL-targeted prompt never appeared on later client-side
 *   routes until a full reload.
 * - The banner covered the host page's header; at 375 px the NPS card covered the checklist; the
 *   checklist panel opened by itself on every page.
 */
import { contentSchema } from '@goyo/schema'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createPreviewToken, PREVIEW_TTL_MS } from '../../packages/collector/src/content/preview-token'
import { describeBrowser, eventually } from '../_util/browser'
import { startCustomerApp, type CustomerApp, type CustomerPage } from '../_util/customer-app'

const often = { maxShows: 100, cooldownDays: 0 }
const content = contentSchema.parse({
  tiers: [{ id: 'high-touch', when: { trait: 'arr', gte: 50000 } }, { id: 'tech-touch' }],
  checklists: [
    {
      id: 'setup',
      title: 'Set up Ledgerly',
      audience: { tiers: ['tech-touch'] },
      items: [
        { id: 'client', title: 'Add a client', doneWhen: { event: 'Client Added' } },
        { id: 'invoice', title: 'Send an invoice', doneWhen: { event: 'Invoice Sent' } },
      ],
    },
  ],
  tours: [{ id: 'welcome', title: 'Welcome', audience: { urls: ['/app'] }, steps: [{ id: 'hello', title: 'Welcome to Ledgerly', body: 'One step, centred.' }] }],
  prompts: [
    { id: 'billing-tip', kind: 'slideout', title: 'Pay invoices faster', body: 'Turn on card payments.', cta: { label: 'Set up', href: '/billing/cards' }, audience: { urls: ['/billing'] }, frequency: often },
    { id: 'upgrade', kind: 'banner', title: 'Your trial ends soon', body: 'Pick a plan to keep your invoices.', cta: { label: 'See plans', href: '/plans' }, audience: { urls: ['/banner'] }, frequency: often },
    { id: 'vip-offer', kind: 'modal', title: 'A gift for big accounts', body: 'Only high-touch accounts get this.', cta: { label: 'Claim', href: '/vip' }, audience: { tiers: ['high-touch'] }, frequency: often },
  ],
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend Ledgerly?', audience: { urls: ['/nps'] }, frequency: often }],
})

/**
 * The customer's single-page app: `?u=` identifies the user in account `?a=`; links with
 * `data-route` change the route client-side (pushState), as a router would. The header is in the
 * page's flow at its top, where a banner must not cover it.
 */
const PAGE: CustomerPage = {
  app: `(function(){var q=new URLSearchParams(location.search);if(q.get('u')){goyo.identify(q.get('u'));goyo.group(q.get('a'),{arr:Number(q.get('arr')||900)})}
document.addEventListener('click',function(e){var t=e.target.closest&&e.target.closest('[data-route]');if(t){e.preventDefault();history.pushState(null,'',t.getAttribute('data-route'))}})})();`,
  body: `<header id="host-header" style="height:56px;margin:0;background:#eee">Ledgerly <a href="/billing" data-route="/billing" id="to-billing">Billing</a></header>
<main><h1>Invoices</h1><table id="host-table"><tr><td>INV-1</td><td>$120</td></tr></table></main>`,
  scriptAttributes: 'data-debug',
}

let app: CustomerApp | undefined
let run = 0

/** A fresh user in a fresh tech-touch account for each test, so that their histories do not mix. */
const visitor = (arr = 900) => (run++, `u=screen-${run}&a=screen-acct-${run}&arr=${arr}`)

async function open(path: string, viewport = { width: 1280, height: 720 }): Promise<{ page: Page; context: BrowserContext; logs: string[]; problems: string[] }> {
  const context = await app!.browser.newContext({ viewport })
  const page = await context.newPage()
  const logs: string[] = []
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.text().startsWith('[goyo]')) logs.push(message.text())
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  const answered = page.waitForResponse((response) => /\/v1\/(content|preview)/.test(response.url()))
  await page.goto(`${app!.site.url}${path}`)
  await answered
  await page.waitForTimeout(300)
  return { page, context, logs, problems }
}

const root = (page: Page) => page.locator('#goyo-root')
type Box = { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** The boxes of every Goyo surface on screen (launcher, panel, cards, dialogs). */
async function surfaces(page: Page): Promise<Array<{ name: string; box: Box }>> {
  return page.evaluate(() =>
    [...(document.getElementById('goyo-root')?.shadowRoot?.querySelectorAll('.launcher, .panel, .slideout, .banner, .modal, .tour') ?? [])].map((el) => {
      const r = el.getBoundingClientRect()
      return { name: el.className, box: { x: r.x, y: r.y, width: r.width, height: r.height } }
    }),
  )
}

describeBrowser('on screen, out of the way (Chromium)', () => {
  beforeAll(async () => {
    app = await startCustomerApp(content, PAGE)
  }, 120_000)
  afterAll(() => app?.stop())

  it('after a tour, a client-side route change to a prompt’s URL shows the prompt', async () => {
    const { page, context, problems } = await open(`/app?${visitor()}`)
    try {
      const step = page.getByRole('dialog', { name: /Welcome to Ledgerly/ })
      await step.waitFor({ timeout: 10_000 })
      await page.getByRole('button', { name: 'Done' }).click()
      await expect.poll(() => step.count()).toBe(0)
      await page.click('#to-billing') // pushState('/billing'): no reload
      const tip = page.getByRole('complementary', { name: 'Pay invoices faster' })
      await tip.waitFor({ timeout: 5000 })
      expect(await page.evaluate(() => location.pathname)).toBe('/billing')
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('the banner pushes the host header down instead of covering it, and leaves no gap when dismissed', async () => {
    const before = await open(`/app?${visitor(90000)}`) // high-touch: no checklist, no tour here
    const headerTop = await before.page.locator('#host-header').evaluate((el) => el.getBoundingClientRect().top)
    await before.context.close()
    const { page, context } = await open(`/banner?${visitor(90000)}`)
    try {
      const banner = page.getByRole('complementary', { name: 'Your trial ends soon' })
      await banner.waitFor({ timeout: 10_000 })
      const bannerBox = (await banner.boundingBox())!
      const header = (await page.locator('#host-header').boundingBox())!
      expect(bannerBox.height).toBeGreaterThan(20)
      expect(overlap(bannerBox, header)).toBe(false)
      expect(header.y).toBeGreaterThanOrEqual(bannerBox.y + bannerBox.height - 0.5)
      // The header and the table can still be clicked: nothing of Goyo lies over them.
      expect(await page.evaluate(() => document.elementFromPoint(20, document.getElementById('host-header')!.getBoundingClientRect().top + 10)?.id)).toBe('host-header')
      await banner.getByRole('button', { name: 'Dismiss' }).click()
      await expect.poll(() => banner.count()).toBe(0)
      await expect.poll(() => page.locator('#host-header').evaluate((el) => el.getBoundingClientRect().top)).toBe(headerTop)
    } finally {
      await context.close()
    }
  })

  it('at 375 px the NPS card and a slideout never overlap the checklist', async () => {
    for (const path of ['/nps', '/billing']) {
      const { page, context } = await open(`${path}?${visitor()}`, { width: 375, height: 740 })
      try {
        await root(page).locator('.launcher').waitFor({ timeout: 10_000 })
        await root(page).locator('.slideout').waitFor({ timeout: 5000 })
        const shown = await surfaces(page)
        expect(shown.map((s) => s.name.split(' ').find((c) => ['launcher', 'panel', 'slideout'].includes(c))).sort(), path).toEqual(['launcher', 'slideout'])
        for (const a of shown) for (const b of shown) if (a !== b) expect(overlap(a.box, b.box), `${a.name} over ${b.name} on ${path}`).toBe(false)
        // Once the card is gone the checklist has room again.
        await root(page).locator('.slideout').getByRole('button', { name: /Dismiss/ }).first().click()
        await root(page).locator('.panel').waitFor({ timeout: 5000 })
      } finally {
        await context.close()
      }
    }
  })

  it('the checklist panel opens by itself on the first visit only, and again when an item was just done', async () => {
    const who = visitor()
    const { page, context } = await open(`/app?${who}`)
    try {
      // The tour has the screen first; after it, the first visit opens the panel.
      await page.getByRole('button', { name: 'Done' }).click({ timeout: 10_000 })
      await root(page).locator('.panel').waitFor({ timeout: 5000 })
      const answered = page.waitForResponse((response) => response.url().includes('/v1/content'))
      await page.reload()
      await answered
      await root(page).locator('.launcher').waitFor({ timeout: 10_000 })
      await page.waitForTimeout(300)
      expect(await root(page).locator('.panel').count()).toBe(0)
      expect(await root(page).locator('.launcher').getAttribute('aria-expanded')).toBe('false')
      await page.evaluate(() => (window as unknown as { goyo: { track(e: string): void } }).goyo.track('Client Added'))
      await root(page).locator('.panel').waitFor({ timeout: 5000 })
      expect(await root(page).locator('[data-goyo-item="client"]').getAttribute('data-done')).toBe('true')
    } finally {
      await context.close()
    }
  })

  it('a preview link shows one item to anyone now, and its events count nowhere', async () => {
    const token = await createPreviewToken(app!.collector.secretKey, { kind: 'prompts', id: 'vip-offer' }, Date.now())
    const { page, context, logs } = await open(`/app?${visitor()}&goyo_preview=${token}`) // tech-touch: outside the audience
    const batches: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/v1/batch')) batches.push(request.postData() ?? '')
    })
    try {
      const offer = page.getByRole('dialog', { name: 'A gift for big accounts' })
      await offer.waitFor({ timeout: 10_000 })
      expect(await page.getByRole('dialog', { name: /Welcome to Ledgerly/ }).count()).toBe(0) // only the previewed item
      await page.keyboard.press('Escape')
      await expect.poll(() => offer.count()).toBe(0)
      await page.evaluate(() => (window as unknown as { goyo: { flush(): Promise<void> } }).goyo.flush())
      await eventually(async () => batches.some((body) => body.includes('Prompt Dismissed')), 10_000, 'the preview events sent')
      const sent = batches.flatMap((body) => (JSON.parse(body) as { batch: Array<{ event?: string; context: { preview?: boolean } }> }).batch)
      expect(sent.filter((e) => e.event?.startsWith('Prompt ')).map((e) => [e.event, e.context.preview])).toEqual([
        ['Prompt Shown', true],
        ['Prompt Dismissed', true],
      ])
      const stored = await app!.collector.storedEvents()
      expect(stored.some((e) => e.type === 'page')).toBe(true) // the page view itself counts
      expect(stored.filter((e) => (e.payload.properties as { prompt?: string } | undefined)?.prompt === 'vip-offer')).toEqual([])
      // Closed by the user, it says so if asked why it is gone; no refusal, no other item.
      expect(logs).toEqual(['[goyo] vip-offer: already shown since this page loaded'])
    } finally {
      await context.close()
    }
  })

  it('an expired or tampered preview link shows nothing, and data-debug says why', async () => {
    const expired = await createPreviewToken(app!.collector.secretKey, { kind: 'prompts', id: 'vip-offer' }, Date.now() - PREVIEW_TTL_MS - 1000)
    const forged = await createPreviewToken('sk_not_this_workspace', { kind: 'prompts', id: 'vip-offer' }, Date.now())
    for (const [token, why] of [
      [expired, 'preview_expired'],
      [forged, 'preview_tampered'],
    ] as const) {
      const { page, context, logs } = await open(`/app?${visitor()}&goyo_preview=${token}`)
      try {
        await page.waitForTimeout(500)
        expect(await root(page).count(), why).toBe(0)
        expect(logs.some((line) => line.startsWith('[goyo] content refused')), JSON.stringify(logs)).toBe(true)
        const detail = await page.evaluate(async (url) => (await fetch(url)).json(), `${app!.collector.url}/v1/preview?writeKey=${app!.collector.writeKey}&token=${token}`)
        expect(detail.error).toBe(why)
      } finally {
        await context.close()
      }
    }
  })

  it('with data-debug, says why a delivered prompt is not on screen (once per page)', async () => {
    const { page, context, logs } = await open(`/app?${visitor()}`)
    try {
      await page.getByRole('dialog', { name: /Welcome to Ledgerly/ }).waitFor({ timeout: 10_000 })
      expect(logs).toContain('[goyo] billing-tip: not for this page (shows on /billing)')
      expect(logs.filter((line) => line.includes('billing-tip'))).toHaveLength(1)
    } finally {
      await context.close()
    }
  })
})
