import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseContent } from '../../packages/schema/src/index'
import { staticContent } from '../../packages/collector/src/content/source'
import { publicFiles } from '../../packages/collector/src/node'
import { describeBrowser, launchChromium } from '../_util/browser'
import { startTestCollector, testKeys, type TestCollector } from '../_util/collector'

/**
 * The Ledgerly demo as `npm start` serves it: the site from demo/site with the install's write
 * key, the content file from demo/goyo.content.json, and the built SDK from packages/sdk/dist.
 */
describeBrowser('the Ledgerly demo', () => {
  let collector: TestCollector
  let browser: Browser
  let site: string

  beforeAll(async () => {
    const keys = testKeys()
    site = mkdtempSync(join(tmpdir(), 'goyo-demo-'))
    cpSync(new URL('../../demo/site', import.meta.url), site, { recursive: true })
    const index = join(site, 'index.html')
    writeFileSync(index, readFileSync(index, 'utf8').replaceAll('%GOYO_WRITE_KEY%', keys.writeKey))
    const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
    collector = await startTestCollector({ keys, content: staticContent(parsed.content), publicFiles: publicFiles(site) })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await collector?.stop()
    rmSync(site, { recursive: true, force: true })
  })

  it('mounts the checklist for a tech-touch user with no console error, tracks SPA pages and tagged buttons, and shows nothing to high-touch', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    await page.goto(`${collector.url}/`)
    const launcher = page.locator('#goyo-root .launcher')
    await launcher.waitFor({ timeout: 15_000 })
    expect(await launcher.getAttribute('aria-label')).toBe('Get started with Ledgerly: 0 of 5 done')
    if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click()
    await expect.poll(() => page.locator('#goyo-root [data-goyo-item]').count(), { timeout: 5000 }).toBe(5)

    await page.getByRole('link', { name: 'Invoices', exact: true }).click()
    await page.locator('[data-goyo-feature="invoices.create"]').first().click()
    await expect
      .poll(async () => {
        const events = await collector.storedEvents()
        return {
          invoicesPage: events.some((e) => e.type === 'page' && (e.payload.properties as { path?: string })?.path === '/invoices'),
          feature: events.some((e) => e.event === 'Feature Used' && (e.payload.properties as { feature?: string })?.feature === 'invoices.create'),
          account: events.some((e) => e.type === 'group' && e.accountId === 'demo-tinyco'),
        }
      }, { timeout: 15_000 })
      .toEqual({ invoicesPage: true, feature: true, account: true })

    // Hana's account pays $90,000 a year: high-touch, so no checklist and no offers.
    await page.selectOption('#persona', 'hana')
    await page.waitForURL(`${collector.url}/`)
    await expect.poll(async () => (await collector.storedEvents()).some((e) => e.type === 'group' && e.accountId === 'demo-hugecorp'), { timeout: 15_000 }).toBe(true)
    await page.reload()
    await page.waitForTimeout(3000)
    expect(await page.locator('#goyo-root [data-goyo-item]').count()).toBe(0)
    expect(await page.locator('#goyo-root .launcher').count()).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  }, 90_000)

  it('speaks Japanese to the Tokyo persona, whose locale trait is ja, in an English browser', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    await context.addInitScript(() => localStorage.setItem('ledgerly.persona', 'yui'))
    const page = await context.newPage()
    await page.goto(`${collector.url}/`)
    expect(await page.evaluate(() => navigator.language)).toBe('en-US')
    const launcher = page.locator('#goyo-root .launcher')
    await launcher.waitFor({ timeout: 15_000 })
    await expect.poll(() => launcher.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Ledgerly をはじめましょう：5 件中 0 件完了')
    expect(await launcher.textContent()).toBe('5 件中 0 件完了')
    expect(await page.locator('#goyo-root').getAttribute('lang')).toBe('ja')
    await context.close()
  }, 60_000)

  // Regression: Tinyco, a tech-touch account minutes old, was scored red, got the rescue slideout
  // and so used up the day's one prompt: the README's Payroll cross-sell never showed.
  it('shows the Payroll cross-sell to a tech-touch user after ten new invoices at human speed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${collector.url}/`)
    await page.locator('#goyo-root .launcher').waitFor({ timeout: 15_000 })
    expect(await page.locator('#persona').inputValue()).toBe('tess')

    const prompt = page.getByRole('dialog', { name: 'Pay your team from Ledgerly' })
    let invoices = 0
    // Until the offer shows, at most ten: one click on "New invoice" is one use of invoices.create
    // and the audience asks for ten (two per invoice while a click and its page view both count).
    while (invoices < 10 && (await prompt.count()) === 0) {
      await page.getByRole('link', { name: 'Invoices', exact: true }).click()
      await page.getByRole('link', { name: 'New invoice' }).click()
      // The first-invoice tour greets a tech-touch user on this page; a person closes it.
      if (await page.locator('#goyo-root [role="dialog"]').count()) await page.keyboard.press('Escape')
      invoices++
      await page.locator('input[name="description"]').fill(`Design work #${invoices}`)
      await page.locator('input[name="amount"]').fill(String(100 * invoices))
      await page.locator('input[name="due"]').fill('2030-01-31')
      await page.getByRole('button', { name: 'Save & send' }).click()
      // About one invoice every few seconds, as a person types them.
      await page.waitForTimeout(2500)
    }
    await prompt.waitFor({ timeout: 15_000 })
    // Not before the audience held: ten uses of invoices.create by the account.
    const [uses] = await collector.store.sql.query<{ n: number }>(
      "SELECT coalesce(sum(count), 0)::int AS n FROM usage_daily WHERE account_id = 'demo-tinyco' AND kind = 'feature' AND name = 'invoices.create'",
    )
    expect(uses!.n).toBeGreaterThanOrEqual(10)
    expect(await page.locator('#goyo-root').getByText('Need a hand with Ledgerly?').count()).toBe(0)
    const [state] = await collector.store.sql.query<{ health_band: string; enabled: unknown }>("SELECT health_band, enabled FROM account_state WHERE account_id = 'demo-tinyco'")
    expect(state?.health_band).toBe('onboarding')
    expect(problems).toEqual([])
    await context.close()
  }, 150_000)
})
