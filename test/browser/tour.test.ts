/**
 * Product tours in real Chromium: the built goyo.js gets a tour in the collector's content
 * answer, loads the built goyo-ui.js, and the tour walks step by step next to the page's
 * elements, as DESIGN.md ("What the page can rely on") and the README describe. The events must
 * reach the collector, and a tour the user finished must not come back, neither after a reload
 * of the tab (the UI's memory) nor in a new tab (the collector's history).
 */
import { contentSchema } from '@goyo/schema'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { STEP_WAIT_MS } from '../../packages/sdk/src/ui/tour/runner'
import type { TestCollector } from '../_util/collector'
import { axeProblems } from '../_util/axe'
import { describeBrowser, eventually } from '../_util/browser'
import { startCustomerApp, type CustomerApp, type CustomerPage } from '../_util/customer-app'

const content = contentSchema.parse({
  tours: [
    {
      id: 'invoice-tour',
      title: 'Your first invoice',
      priority: 10,
      audience: { urls: ['/app', '/csp/app'] },
      steps: [
        { id: 'welcome', title: 'Welcome to Ledgerly', body: 'A quick look around, in <b>four</b> steps.' },
        { id: 'new', title: 'Start an invoice', body: 'Every invoice starts here.', selector: '#new-invoice' },
        { id: 'missing', title: 'Not on this page', body: 'This step has nothing to point at.', selector: '#never-rendered' },
        { id: 'far', title: 'Further down', body: 'Scrolled into view for you.', selector: '#far' },
      ],
    },
    // Lower priority: it waits for the first tour to be finished, and never shows on the same page load.
    { id: 'reports-tour', title: 'Reports', priority: 1, audience: { urls: ['/app'] }, steps: [{ id: 'hello', title: 'Reports live here', body: 'Export them as CSV.' }] },
  ],
})

/** The page's window, as these tests use it (not declared globally: other suites declare `goyo` their own way). */
type TestWindow = { goyo: { flush(): Promise<void> }; goyoViolations: string[] }

let collector: TestCollector
let browser: Browser
let site: CustomerApp['site']
let app: CustomerApp | undefined
let run = 0

/** The customer's app, which identifies `?u=`. The canvases make the page tall, so `#far` starts out of view. */
const PAGE: CustomerPage = {
  app: `goyo.identify(new URLSearchParams(location.search).get('u'));`,
  body: `<main><h1>Invoices</h1><p><button id="new-invoice">New invoice</button></p><p><label>Customer <input id="customer"></label></p>
<div><canvas width="10" height="1600" aria-hidden="true"></canvas></div><p><button id="far">Far away</button></p><div><canvas width="10" height="800" aria-hidden="true"></canvas></div></main>`,
}

/** A fresh user for each test, so that their histories do not mix. */
function visitor(): string {
  return `tour-user-${++run}`
}

async function newContext(viewport = { width: 1280, height: 720 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport })
  await context.addInitScript(() => {
    const w = window as unknown as TestWindow
    w.goyoViolations = []
    document.addEventListener('securitypolicyviolation', (e) => w.goyoViolations.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  return context
}

/** Opens the app; console errors and uncaught exceptions are collected (there must be none). */
async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.goto(`${site.url}${path}`)
  return { page, problems }
}

/** Waits for the content answer of this load, and lets the UI draw what it brought. */
async function reload(page: Page): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().includes('/v1/content'))
  await page.reload()
  await answered
  await page.waitForTimeout(500)
}

const step = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name })
const anyStep = (page: Page) => page.locator('#goyo-root').getByRole('dialog')
/** Presses a key once the step has focus, which it takes right after it renders (keys go where focus is). */
async function pressInStep(page: Page, key: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => Boolean(document.getElementById('goyo-root')?.shadowRoot?.activeElement?.closest('[role="dialog"]')))).toBe(true)
  await page.keyboard.press(key)
}
const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!

/** The stored tour events of one user, as `[event, properties]`. */
async function tourEvents(userId: string): Promise<Array<[string | null, unknown]>> {
  return (await collector.storedEvents()).filter((e) => e.userId === userId && e.event?.startsWith('Tour ')).map((e) => [e.event, e.payload.properties])
}

const flush = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).goyo.flush())

describeBrowser('product tours in Chromium', () => {
  beforeAll(async () => {
    app = await startCustomerApp(content, PAGE)
    ;({ collector, site, browser } = app)
  }, 120_000)

  afterAll(() => app?.stop())

  it('walks the tour with Next, Back and Done next to the elements, skips a step whose element never comes, and the events reach the collector', async () => {
    const user = visitor()
    const context = await newContext()
    try {
      const { page, problems } = await open(context, `/app?u=${user}`)
      // Step 1: no selector, centred, with text from content as text.
      const welcome = step(page, 'Welcome to Ledgerly Step 1 of 4')
      await welcome.waitFor({ timeout: 10_000 })
      expect(await welcome.locator('p', { hasText: 'quick look' }).textContent()).toBe('A quick look around, in <b>four</b> steps.')
      expect(await page.locator('#goyo-root b').count()).toBe(0)
      const centred = await welcome.boundingBox()
      expect(Math.abs(centred!.x + centred!.width / 2 - 640)).toBeLessThan(2)
      expect(Math.abs(centred!.y + centred!.height / 2 - 360)).toBeLessThan(2)
      // It took focus, so the keyboard works at once; there is no Back on the first step.
      expect(await page.evaluate(() => document.getElementById('goyo-root')?.shadowRoot?.activeElement?.getAttribute('role'))).toBe('dialog')
      expect(await welcome.getByRole('button', { name: 'Back' }).count()).toBe(0)

      // Step 2: next to (below) its button, with a ring around the button.
      await page.keyboard.press('Tab') // the close button
      await page.keyboard.press('Tab') // Next
      await page.keyboard.press('Enter')
      const start = step(page, 'Start an invoice Step 2 of 4')
      await start.waitFor()
      const button = await box(page, '#new-invoice')
      const card = (await start.boundingBox())!
      expect(card.y).toBeGreaterThanOrEqual(button.y + button.height)
      expect(card.y - (button.y + button.height)).toBeLessThan(20)
      const ring = await box(page, '#goyo-root .spot')
      expect(ring.x).toBeLessThan(button.x)
      expect(ring.x + ring.width).toBeGreaterThan(button.x + button.width)
      expect(await axeProblems(page)).toEqual([])

      // Back, then Next again.
      await start.getByRole('button', { name: 'Back' }).click()
      await step(page, 'Welcome to Ledgerly Step 1 of 4').waitFor()
      await pressInStep(page, 'ArrowRight')
      await step(page, 'Start an invoice Step 2 of 4').waitFor()

      // Step 3 points at nothing: after a short wait it is skipped, and the last step shows.
      const before = Date.now()
      await step(page, 'Start an invoice Step 2 of 4').getByRole('button', { name: 'Next' }).click()
      const far = step(page, 'Further down Step 4 of 4')
      await far.waitFor({ timeout: STEP_WAIT_MS + 5000 })
      expect(Date.now() - before).toBeGreaterThanOrEqual(STEP_WAIT_MS - 200)
      expect(await step(page, /Not on this page/).count()).toBe(0)

      // Its element was far down the page: scrolled into view, and the step stays next to it on scroll and resize.
      const near = async () => {
        const target = await box(page, '#far')
        const dialog = (await far.boundingBox())!
        return { gap: Math.round(dialog.y - (target.y + target.height)), inView: dialog.y >= 0 && dialog.y + dialog.height <= 720 && target.y >= 0 && target.y <= 720 }
      }
      expect(await near()).toEqual({ gap: 12, inView: true })
      await page.evaluate(() => window.scrollBy(0, -120))
      await expect.poll(near).toEqual({ gap: 12, inView: true })
      await page.setViewportSize({ width: 420, height: 720 })
      await expect.poll(async () => {
        const dialog = (await far.boundingBox())!
        return dialog.x >= 0 && dialog.x + dialog.width <= 420
      }).toBe(true)

      await far.getByRole('button', { name: 'Done' }).click()
      await expect.poll(() => anyStep(page).count()).toBe(0)
      // One thing per page load: the other tour does not start after this one.
      await page.waitForTimeout(500)
      expect(await anyStep(page).count()).toBe(0)

      await flush(page)
      const events = await eventually(async () => {
        const stored = await tourEvents(user)
        return stored.some(([event]) => event === 'Tour Completed') && stored
      }, 10_000, 'Tour Completed stored')
      expect(events).toEqual([
        ['Tour Step Viewed', { tour: 'invoice-tour', step: 'welcome' }],
        ['Tour Step Viewed', { tour: 'invoice-tour', step: 'new' }],
        ['Tour Step Viewed', { tour: 'invoice-tour', step: 'welcome' }],
        ['Tour Step Viewed', { tour: 'invoice-tour', step: 'new' }],
        ['Tour Step Viewed', { tour: 'invoice-tour', step: 'far' }],
        ['Tour Completed', { tour: 'invoice-tour' }],
      ])
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  }, 60_000)

  it('Escape dismisses; the tour does not come back after a reload nor in a new tab, and the next tour by priority takes its turn', async () => {
    const user = visitor()
    const context = await newContext()
    try {
      const { page, problems } = await open(context, `/app?u=${user}`)
      await step(page, 'Welcome to Ledgerly Step 1 of 4').waitFor({ timeout: 10_000 })
      await pressInStep(page, 'ArrowRight')
      await step(page, 'Start an invoice Step 2 of 4').waitFor()
      await pressInStep(page, 'Escape')
      await expect.poll(() => anyStep(page).count()).toBe(0)
      // Focus went back to the page (it was on the body before the tour), not left on a removed dialog.
      expect(await page.evaluate(() => document.getElementById('goyo-root')?.shadowRoot?.activeElement ?? null)).toBeNull()
      await flush(page)
      await eventually(async () => (await tourEvents(user)).some(([event]) => event === 'Tour Dismissed'), 10_000, 'Tour Dismissed stored')
      expect((await tourEvents(user)).at(-1)).toEqual(['Tour Dismissed', { tour: 'invoice-tour', step: 'new' }])

      await reload(page)
      await step(page, 'Reports live here Step 1 of 1').waitFor({ timeout: 5000 })
      expect(await step(page, /Welcome to Ledgerly/).count()).toBe(0)

      // A new tab has none of this tab's memory: only the collector's history keeps the tour away.
      const { page: second, problems: secondProblems } = await open(context, `/app?u=${user}`)
      await step(second, 'Reports live here Step 1 of 1').waitFor({ timeout: 10_000 })
      expect(await step(second, /Welcome to Ledgerly/).count()).toBe(0)
      expect([...problems, ...secondProblems]).toEqual([])
    } finally {
      await context.close()
    }
  }, 60_000)

  it("positions steps on a phone-sized page with Content-Security-Policy style-src 'self', without a violation", async () => {
    const context = await newContext({ width: 375, height: 740 })
    try {
      const { page } = await open(context, `/csp/app?u=${visitor()}`)
      await step(page, 'Welcome to Ledgerly Step 1 of 4').waitFor({ timeout: 10_000 })
      await pressInStep(page, 'ArrowRight')
      const start = step(page, 'Start an invoice Step 2 of 4')
      await start.waitFor()
      const button = await box(page, '#new-invoice')
      const card = (await start.boundingBox())!
      // The coordinates came through the constructable stylesheet: below the button, inside the narrow viewport.
      expect(card.y).toBeGreaterThanOrEqual(button.y + button.height)
      expect(card.x).toBeGreaterThanOrEqual(0)
      expect(card.x + card.width).toBeLessThanOrEqual(375)
      expect(await start.evaluate((el) => getComputedStyle(el).position)).toBe('fixed')
      expect(await page.evaluate(() => (window as unknown as TestWindow).goyoViolations)).toEqual([])
    } finally {
      await context.close()
    }
  }, 60_000)
})
