/**
 * The PM dashboard in real Chromium against a real collector holding a small seeded demo history
 * (seeded once): sign-in, then every page at 1280 and 1024 px with no sideways scrolling, table
 * headers in words, no console error and no serious or critical axe-core violation; with
 * `Accept-Language: ja` every page in Japanese, and the switch back to English (issues 15, 16).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parseContent } from '@goyo/schema'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { catalogStrings } from '../../packages/collector/src/i18n/catalog'
import { en } from '../../packages/collector/src/dashboard/i18n/en'
import { ja } from '../../packages/collector/src/dashboard/i18n/ja'
import { NAV } from '../../packages/collector/src/dashboard/layout'
import { seedDemo } from '../../packages/collector/src/demo/seed'
import { openStore } from '../../packages/collector/src/store/open'
import { describeBrowser, launchChromium } from '../_util/browser'
import { startTestCollector, type TestCollector } from '../_util/collector'

const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
// Screenshots for a human to look at (the design review); not compared.
const SHOTS = process.env.GOYO_SCREENSHOTS ?? '/tmp'

/**
 * The English strings a Japanese page must not show: every plain string of the English catalog
 * that its Japanese entry changes (the acronyms NPS, ARR, … read the same in both), except the
 * language switch, where each language is named in itself.
 */
const japanese = new Map(catalogStrings(ja))
const ENGLISH_ONLY = catalogStrings(en).filter(([key, text]) => japanese.get(key) !== text && text.length > 2 && key !== 'language.name').map(([, text]) => text)

let collector: TestCollector
let browser: Browser
let pages: string[]

/** The text of every heading, label, table header, tile label and button of the page's main part. */
const headingTexts = (page: Page) =>
  page.$$eval('main h1, main h2, main h3, main th, main label, main summary, main .kpi small:first-child, main button, main caption, nav.nav a', (nodes) =>
    nodes.map((node) => (node.textContent ?? '').replace(/[▲▼]/g, '').trim()).filter(Boolean))

describeBrowser('dashboard in Chromium', () => {
  beforeAll(async () => {
    const store = await openStore({})
    await seedDemo({ store, content, accounts: 30, days: 40, seed: 1 })
    collector = await startTestCollector({ store, content: staticContent(content), engine: { autoStart: false, log: () => {} } })
    browser = await launchChromium()
    const [account] = await store.sql.query<{ account_id: string }>("SELECT account_id FROM account_state WHERE health_band IN ('red', 'yellow') ORDER BY account_id LIMIT 1")
    pages = [...NAV.map((item) => item.path), `/dashboard/accounts/${account!.account_id}`]
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await collector?.stop()
  })

  /** A signed-in context (Bearer, as an API client would), recording every console error and uncaught exception. */
  async function context(options: { width: number; language?: string }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width, height: 900 },
      locale: options.language?.split(',')[0] ?? 'en-US',
      // The dashboard's CSP allows no script; axe is injected by the test, not by the page.
      bypassCSP: true,
      extraHTTPHeaders: { authorization: `Bearer ${collector.secretKey}`, ...(options.language ? { 'accept-language': options.language } : {}) },
    })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    return { context, page, errors }
  }

  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE })
    return page.evaluate(async () => {
      type Rule = { id: string; impact?: string; nodes: Array<{ target: unknown }> }
      const result = await (window as unknown as { axe: { run(node: Node): Promise<{ passes: Rule[]; violations: Rule[] }> } }).axe.run(document)
      if (result.passes.length === 0) return ['axe checked nothing']
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
    })
  }

  for (const width of [1280, 1024]) {
    it(`renders every page at ${width} px: no sideways scrolling, headers in words, no console error, axe clean`, async () => {
      const { context: ctx, page, errors } = await context({ width })
      try {
        for (const path of pages) {
          const response = await page.goto(`${collector.url}${path}`)
          expect(response?.status(), path).toBe(200)
          expect(await page.locator('main h1').first().textContent(), path).toBeTruthy()
          const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
          expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(innerWidth)
          const headers = await page.$$eval('th', (nodes) => nodes.map((node) => (node.textContent ?? '').replace(/[▲▼]/g, '').trim()))
          expect(headers.filter((text) => /^[a-z]+([A-Z][a-z0-9]*)+$|^[a-z]+_[a-z_]+$/.test(text)), `${path} camelCase headers`).toEqual([])
          expect(await page.locator('svg.chart__svg, .chart__empty, table').count(), `${path} charts and tables`).toBeGreaterThan(0)
          // Every label is drawn inside its chart: the last x label used to be cut off at the right edge.
          const clipped = await page.$$eval('svg.chart__svg', (svgs) =>
            svgs.flatMap((svg) => {
              const width = (svg as SVGSVGElement).viewBox.baseVal.width
              return [...svg.querySelectorAll('text')].filter((text) => {
                const box = (text as SVGTextElement).getBBox()
                return box.x < -0.5 || box.x + box.width > width + 0.5
              }).map((text) => text.textContent)
            }))
          expect(clipped, `${path} clipped chart labels`).toEqual([])
          expect(await axeViolations(page), path).toEqual([])
          if (width === 1280) await page.screenshot({ path: `${SHOTS}/goyo-dashboard${path.replace(/^\/dashboard/, '').replace(/\W+/g, '-') || '-overview'}.png`, fullPage: true })
        }
        expect(errors).toEqual([])
      } finally {
        await ctx.close()
      }
    }, 180_000)
  }

  it('renders every page in Japanese with Accept-Language: ja, and the switch changes it back to English', async () => {
    const { context: ctx, page, errors } = await context({ width: 1280, language: 'ja-JP,ja;q=0.9' })
    try {
      for (const path of pages) {
        await page.goto(`${collector.url}${path}`)
        expect(await page.getAttribute('html', 'lang'), path).toBe('ja')
        const texts = await headingTexts(page)
        // A single word of the catalog may be part of a customer's data (an account named "… Group").
        const english = texts.filter((text) => ENGLISH_ONLY.some((phrase) => text === phrase || (phrase.includes(' ') && text.includes(phrase))))
        expect(english, `${path} English left`).toEqual([])
        expect(await page.locator('main h1').first().textContent(), path).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]|^NPS$|^[\w .&'-]+$/)
      }
      await page.goto(`${collector.url}/dashboard/revenue`)
      expect(await page.locator('main h1').textContent()).toBe(ja.revenue.title)
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'English' }).click()])
      expect(new URL(page.url()).pathname).toBe('/dashboard/revenue')
      expect(await page.getAttribute('html', 'lang')).toBe('en')
      expect(await page.locator('main h1').textContent()).toBe(en.revenue.title)
      // The cookie remembers it, whatever the browser asks for.
      await page.goto(`${collector.url}/dashboard/nps`)
      expect(await page.locator('main h1').textContent()).toBe(en.nps.title)
      expect(errors).toEqual([])
    } finally {
      await ctx.close()
    }
  }, 180_000)

  it('signs in with the secret key and downloads a CSV of a page, with the byte-order mark', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await ctx.newPage()
    try {
      await page.goto(`${collector.url}/dashboard/adoption`)
      expect(new URL(page.url()).pathname).toBe('/dashboard/login')
      await page.fill('input[name=key]', collector.writeKey)
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')])
      expect(await page.textContent('[role=alert]')).toContain('write key')
      await page.fill('input[name=key]', collector.secretKey)
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')])
      expect(new URL(page.url()).pathname).toBe('/dashboard/adoption')
      const session = (await ctx.cookies()).find((cookie) => cookie.name === 'goyo_session')
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' })
      expect(session!.value).not.toContain(collector.secretKey)
      const href = await page.locator('a.csv').first().getAttribute('href')
      const download = await page.request.get(`${collector.url}${href}`)
      expect(download.headers()['content-type']).toContain('text/csv')
      const body = await download.body()
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(body.subarray(3).toString('utf8').split('\r\n')[0]).toContain('Adoption among active accounts')
    } finally {
      await ctx.close()
    }
  }, 60_000)

  it('refuses a browser without the key', async () => {
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    try {
      await page.goto(`${collector.url}/dashboard/prompts`)
      expect(new URL(page.url()).pathname).toBe('/dashboard/login')
      expect(await page.locator('svg').count()).toBe(0)
      const csv = await page.request.get(`${collector.url}/dashboard/csv/at-risk`, { maxRedirects: 0 })
      expect(csv.status()).toBe(302)
      const withWriteKey = await page.request.get(`${collector.url}/dashboard/csv/at-risk`, { headers: { authorization: `Bearer ${collector.writeKey}` } })
      expect(withWriteKey.status()).toBe(403)
    } finally {
      await ctx.close()
    }
  })
})
