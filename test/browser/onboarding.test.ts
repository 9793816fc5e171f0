/**
 * Onboarding in real Chromium: the built goyo.js asks the real collector for content, loads the
 * built goyo-ui.js, and the widgets behave as DESIGN.md ("What the page can rely on") says.
 * Targeting (tiers, usage, caps, holdout) is the collector's and tested there; these tests check
 * that the page shows what the server decided, ticks items at once, and stays accessible and
 * CSP-clean.
 */
import { contentSchema } from '@goyo/schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TestCollector } from '../_util/collector'
import { axeProblems } from '../_util/axe'
import { describeBrowser, eventually } from '../_util/browser'
import { startCustomerApp, type CustomerApp, type CustomerPage } from '../_util/customer-app'

const content = contentSchema.parse({
  features: { 'invoices.create': { selectors: ['#new-invoice'] } },
  milestones: { 'first-invoice-sent': { event: 'Invoice Sent' } },
  tiers: [{ id: 'high-touch', when: { trait: 'arr', gte: 50000 } }, { id: 'low-touch', when: { trait: 'arr', gte: 5000 } }, { id: 'tech-touch' }],
  checklists: [
    {
      id: 'getting-started',
      title: 'Get started',
      audience: { tiers: ['tech-touch'] },
      completedMessage: 'You are all set!',
      items: [
        { id: 'profile', title: 'Complete your profile', doneWhen: { event: 'Profile Completed' }, href: '/settings' },
        { id: 'invoice', title: 'Send your first invoice', doneWhen: { event: 'Invoice Sent' } },
      ],
    },
  ],
  prompts: [
    {
      id: 'payroll-cross-sell',
      kind: 'modal',
      title: 'Pay your team from Ledgerly',
      body: 'Accounts that send 10 invoices a month save 3 hours with Payroll.',
      cta: { label: 'Start a free trial', href: '/payroll/trial' },
      dismissLabel: 'Not now',
      audience: { tiers: ['tech-touch'], usage: { feature: 'invoices.create', atLeast: 10, withinDays: 30 } },
      frequency: { maxShows: 3, cooldownDays: 7 },
      holdout: 0,
    },
  ],
  // Only on /survey, so that it never competes with the prompt in the other tests.
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend Ledgerly?', audience: { tiers: ['tech-touch'], urls: ['/survey'] } }],
  theme: { '--goyo-accent': '#4338ca' },
})

let collector: TestCollector
let browser: Browser
let site: CustomerApp['site']
let app: CustomerApp | undefined
let run = 0

declare global {
  interface Window {
    // As in sdk.test.ts (global declarations must agree).
    goyo: { track(event: string, properties?: Record<string, unknown>): void; flush(): Promise<void>; user: { anonymousId: string }; __ext?: unknown }
    goyoViolations: string[]
    axe: {
      run(context: unknown, options: unknown): Promise<Record<'violations' | 'passes', Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }>>>
    }
  }
}

/** The customer's app: every path serves the same page, which identifies `?u=` in account `?a=` with `?arr=`. */
const PAGE: CustomerPage = {
  app: `(function(){var q=new URLSearchParams(location.search);goyo.identify(q.get('u'));goyo.group(q.get('a'),{arr:Number(q.get('arr'))})})();`,
  body: '<main><h1>Invoices</h1><button id="new-invoice">New invoice</button><label>Customer <input id="customer"></label></main>',
}

/** A fresh user in a fresh account for each test, so that their histories do not mix. */
function visitor(arr: number) {
  run++
  return `u=u-${run}&a=acct-${run}&arr=${arr}`
}

/** Waits until the collector stored ten uses of the tagged feature for the current test's account. */
async function tenUses(): Promise<void> {
  const account = `acct-${run}`
  await eventually(async () => (await collector.storedEvents()).filter((e) => e.event === 'Feature Used' && e.accountId === account).length >= 10, 10_000, `ten uses in ${account}`)
}

async function openPage(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } })
  await context.addInitScript(() => {
    window.goyoViolations = []
    document.addEventListener('securitypolicyviolation', (e) => window.goyoViolations.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const page = await context.newPage()
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) void page.evaluate((text) => window.goyoViolations.push(text), message.text()).catch(() => {})
  })
  // Clicks count as feature uses once the content (with the features' selectors) has arrived.
  await untilContent(page, () => page.goto(`${site.url}${path}`))
  return page
}

/** Navigates, waits for the content answer of this load, and lets the UI draw what it brought. */
async function untilContent(page: Page, navigate: () => Promise<unknown>): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().includes('/v1/content'))
  await navigate()
  await answered
  await page.waitForTimeout(300)
}

const reload = (page: Page) => untilContent(page, () => page.reload())

const launcher = (page: Page) => page.locator('#goyo-root .launcher')
const item = (page: Page, id: string) => page.locator(`#goyo-root [data-goyo-item="${id}"]`)
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Pay your team from Ledgerly' })

describeBrowser('onboarding widgets in Chromium', () => {
  beforeAll(async () => {
    app = await startCustomerApp(content, PAGE)
    ;({ collector, site, browser } = app)
  }, 120_000)

  afterAll(() => app?.stop())

  it('a tech-touch account sees the checklist; Invoice Sent ticks its item at once, and it stays ticked after a reload', async () => {
    const page = await openPage(`/app?${visitor(1000)}`)
    try {
      await launcher(page).waitFor({ timeout: 10_000 })
      await expect.poll(() => launcher(page).getAttribute('aria-label')).toBe('Get started: 0 of 2 done')
      expect(await item(page, 'invoice').getAttribute('data-done')).toBe('false')

      const before = Date.now()
      await page.evaluate(() => window.goyo.track('Invoice Sent'))
      await expect.poll(() => item(page, 'invoice').getAttribute('data-done'), { timeout: 1000 }).toBe('true')
      expect(Date.now() - before).toBeLessThan(1000)
      expect(await launcher(page).textContent()).toBe('1 of 2')

      await page.evaluate(() => window.goyo.flush())
      const stored = await eventually(async () => {
        const events = await collector.storedEvents()
        return events.some((e) => e.event === 'Checklist Item Completed') && events
      }, 10_000, 'Checklist Item Completed stored')
      const completed = stored.find((e) => e.event === 'Checklist Item Completed')!
      expect(completed.payload.properties).toEqual({ checklist: 'getting-started', item: 'invoice' })

      // After a reload the panel stays on its launcher (it opened by itself once); the progress holds.
      await reload(page)
      await launcher(page).waitFor()
      await expect.poll(() => launcher(page).getAttribute('aria-label')).toBe('Get started: 1 of 2 done')
      expect(await launcher(page).getAttribute('aria-expanded')).toBe('false')
      await launcher(page).click()
      expect(await item(page, 'invoice').getAttribute('data-done')).toBe('true')
      expect(await item(page, 'profile').getAttribute('data-done')).toBe('false')
    } finally {
      await page.context().close()
    }
  })

  it('after ten uses of a tagged feature the cross-sell modal shows on the next load; Escape dismisses it and the cooldown keeps it away', async () => {
    const page = await openPage(`/app?${visitor(2000)}`)
    try {
      await launcher(page).waitFor({ timeout: 10_000 })
      expect(await dialog(page).count()).toBe(0)
      for (let i = 0; i < 10; i++) await page.click('#new-invoice')
      await page.evaluate(() => window.goyo.flush())
      await tenUses()

      await reload(page)
      await dialog(page).waitFor({ timeout: 5000 })
      expect(await dialog(page).getAttribute('aria-modal')).toBe('true')
      // Focus moved into the dialog (the first control)
      expect(await page.evaluate(() => document.getElementById('goyo-root')?.shadowRoot?.activeElement?.textContent)).toBe('×')
      await page.keyboard.press('Escape')
      await expect.poll(() => dialog(page).count()).toBe(0)
      await page.evaluate(() => window.goyo.flush())
      await eventually(async () => (await collector.storedEvents()).some((e) => e.event === 'Prompt Dismissed'), 10_000, 'Prompt Dismissed stored')
      const names = (await collector.storedEvents()).filter((e) => e.event?.startsWith('Prompt ')).map((e) => [e.event, e.payload.properties])
      expect(names).toEqual([
        ['Prompt Shown', { prompt: 'payroll-cross-sell', variant: 'treated' }],
        ['Prompt Dismissed', { prompt: 'payroll-cross-sell', variant: 'treated' }],
      ])

      await reload(page)
      await launcher(page).waitFor()
      expect(await dialog(page).count()).toBe(0)
    } finally {
      await page.context().close()
    }
  })

  it('a high-touch account sees neither the checklist nor the prompt', async () => {
    const page = await openPage(`/app?${visitor(90000)}`)
    try {
      for (let i = 0; i < 10; i++) await page.click('#new-invoice')
      await page.evaluate(() => window.goyo.flush())
      await tenUses()
      await reload(page)
      await page.waitForTimeout(500)
      expect(await page.locator('#goyo-root').count()).toBe(0)
      expect(await page.evaluate(() => [...document.scripts].some((s) => s.src.includes('goyo-ui.js')))).toBe(false) // not even loaded
    } finally {
      await page.context().close()
    }
  })

  it('asks the NPS question on its page, and sends the answer', async () => {
    const page = await openPage(`/survey?${visitor(1000)}`)
    try {
      const scale = page.getByRole('radiogroup', { name: 'How likely are you to recommend Ledgerly?' })
      await scale.waitFor({ timeout: 10_000 })
      await page.getByRole('radio', { name: '9' }).click()
      await page.getByLabel('Anything to add? (optional)').fill('Fast invoicing')
      await page.getByRole('button', { name: 'Send' }).click()
      await page.evaluate(() => window.goyo.flush())
      const answer = await eventually(async () => (await collector.storedEvents()).find((e) => e.event === 'Survey Answered'), 10_000, 'Survey Answered')
      expect(answer.payload.properties).toEqual({ survey: 'nps', score: 9, comment: 'Fast invoicing' })
      expect((await collector.storedEvents()).some((e) => e.event === 'Survey Shown')).toBe(true)
    } finally {
      await page.context().close()
    }
  })

  it("works on a page with Content-Security-Policy script-src 'self'; style-src 'self', without a violation", async () => {
    const page = await openPage(`/csp/app?${visitor(1000)}`)
    try {
      await launcher(page).waitFor({ timeout: 10_000 })
      // The stylesheet applied: the launcher is fixed in a corner, styled from the shadow root
      expect(await launcher(page).evaluate((el) => getComputedStyle(el).position)).toBe('fixed')
      expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(67, 56, 202)') // the theme's accent
      await page.evaluate(() => window.goyo.track('Invoice Sent'))
      await expect.poll(() => item(page, 'invoice').getAttribute('data-done')).toBe('true')
      expect(await page.evaluate(() => window.goyoViolations)).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  it('axe-core finds no serious or critical violation in #goyo-root (modal prompt shown, then the checklist open)', async () => {
    const page = await openPage(`/app?${visitor(3000)}`)
    try {
      await launcher(page).waitFor({ timeout: 10_000 })
      for (let i = 0; i < 10; i++) await page.click('#new-invoice')
      await page.evaluate(() => window.goyo.flush())
      await tenUses()
      await reload(page)
      await dialog(page).waitFor({ timeout: 5000 })
      const check = () => axeProblems(page)
      expect(await check()).toEqual([])
      await page.keyboard.press('Escape')
      await expect.poll(() => dialog(page).count()).toBe(0)
      // The modal had the screen to itself; now the checklist is back, on its launcher: open it.
      await launcher(page).click()
      await item(page, 'invoice').waitFor()
      expect(await check()).toEqual([])
    } finally {
      await page.context().close()
    }
  })
})
