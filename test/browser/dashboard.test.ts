/**
 * The PM dashboard in real Chromium against a real collector holding a seeded demo history: the
 * login form, every page with its SVG charts and no console error, and refusal without the key.
 */
import { readFileSync } from 'node:fs'
import { parseContent } from '@goyo/schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { NAV } from '../../packages/collector/src/dashboard/layout'
import { seedDemo } from '../../packages/collector/src/demo/seed'
import { openStore } from '../../packages/collector/src/store/open'
import { describeBrowser, launchChromium } from '../_util/browser'
import { startTestCollector, type TestCollector } from '../_util/collector'

const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content
// Screenshots for a human to look at (the design review of issue 6); not compared.
const SHOTS = process.env.GOYO_SCREENSHOTS ?? '/tmp'

let collector: TestCollector
let browser: Browser

describeBrowser('dashboard in Chromium', () => {
  beforeAll(async () => {
    const store = await openStore({})
    await seedDemo({ store, content, accounts: 40, days: 45, seed: 1 })
    collector = await startTestCollector({ store, content: staticContent(content), engine: { autoStart: false, log: () => {} } })
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await collector?.stop()
  })

  /** A page that records every console error and uncaught exception. */
  async function watchedPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    return { page, errors }
  }

  async function signIn(page: Page, key: string) {
    await page.fill('input[name=key]', key)
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')])
  }

  it('signs in with the secret key and renders every page with its charts and no console error', async () => {
    const { page, errors } = await watchedPage()
    await page.goto(`${collector.url}/dashboard`)
    expect(new URL(page.url()).pathname).toBe('/dashboard/login')

    await signIn(page, collector.writeKey)
    expect(await page.textContent('[role=alert]')).toContain('write key')
    await signIn(page, 'sk_wrong')
    expect(await page.textContent('[role=alert]')).toContain('not this workspace')
    // The wrong keys above answered 401/403; those documents' own statuses are not page errors.
    errors.length = 0

    await signIn(page, collector.secretKey)
    expect(new URL(page.url()).pathname).toBe('/dashboard')
    const cookies = await page.context().cookies()
    const session = cookies.find((cookie) => cookie.name === 'goyo_session')
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' })
    expect(session!.value).not.toContain(collector.secretKey)
    await page.screenshot({ path: `${SHOTS}/goyo-dashboard-overview.png`, fullPage: true })

    for (const item of NAV) {
      const response = await page.goto(`${collector.url}${item.path}`)
      expect(response?.status(), item.path).toBe(200)
      expect(await page.locator('h1').first().textContent(), item.path).toBeTruthy()
      expect(await page.locator('svg.chart__svg').count(), `${item.path} charts`).toBeGreaterThan(0)
      expect(await page.locator('table').count(), `${item.path} tables`).toBeGreaterThan(0)
    }

    await page.goto(`${collector.url}/dashboard/accounts?sort=health`)
    await Promise.all([page.waitForNavigation(), page.locator('table a[href^="/dashboard/accounts/"]').first().click()])
    expect(await page.locator('svg.chart__svg').count()).toBeGreaterThan(0)
    expect(await page.textContent('main')).toContain('Timeline')
    await page.screenshot({ path: `${SHOTS}/goyo-dashboard-account.png`, fullPage: true })

    // A period filter and a CSV download of the same table.
    await page.goto(`${collector.url}/dashboard/adoption?from=2020-01-01&to=2020-01-31`)
    expect(await page.locator('svg.chart__svg').count()).toBeGreaterThan(0)
    // The page's CSP allows no fetch; the download goes with the browser context's cookies.
    const download = await page.request.get(`${collector.url}/dashboard/csv/adoption`)
    expect(download.headers()['content-type']).toContain('text/csv')
    expect((await download.text()).split('\r\n')[0]).toContain('feature')

    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('refuses a browser without the key', async () => {
    const { page } = await watchedPage()
    await page.goto(`${collector.url}/dashboard/prompts`)
    expect(new URL(page.url()).pathname).toBe('/dashboard/login')
    expect(await page.locator('svg').count()).toBe(0)
    const csv = await page.request.get(`${collector.url}/dashboard/csv/at-risk`, { maxRedirects: 0 })
    expect(csv.status()).toBe(302)
    expect(csv.headers().location).toMatch(/^\/dashboard\/login/)
    const withWriteKey = await page.request.get(`${collector.url}/dashboard/csv/at-risk`, { headers: { authorization: `Bearer ${collector.writeKey}` } })
    expect(withWriteKey.status()).toBe(403)
    await page.context().close()
  })
})
