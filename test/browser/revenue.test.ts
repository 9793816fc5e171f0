/**
 * The dashboard's revenue page in real Chromium against a real collector: the MRR bridge chart,
 * the tiles, the negative-churn flags and the CSV behind the table, with no console error.
 */
import { contentSchema } from '@goyo/schema'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { openStore } from '../../packages/collector/src/store/open'
import { describeBrowser, launchChromium } from '../_util/browser'
import { startTestCollector, type TestCollector } from '../_util/collector'

/**
 * Three accounts over January–June 2025 (month-end MRR):
 *   A 100 100 150 150 150 150   upsell in March
 *   B 200 200 200 260 260 260   cross-sell in April (payroll added)
 *   C   0  50  50  50   0   0   new in February, churned in May
 * Net revenue churn is negative in March (−50/350) and April (−60/400) only.
 */
let seq = 0
const group = (account: string, timestamp: string, traits: Record<string, unknown>) =>
  ({ type: 'group', userId: `billing-${account}`, groupId: account, timestamp, traits, messageId: `b${++seq}` })
const HISTORY = [
  group('A', '2025-01-05T10:00:00Z', { mrr: 100, products: ['invoicing'] }),
  group('A', '2025-03-10T10:00:00Z', { mrr: 150 }),
  group('B', '2025-01-10T10:00:00Z', { mrr: 200, products: ['invoicing'] }),
  group('B', '2025-04-10T10:00:00Z', { mrr: 260, products: ['invoicing', 'payroll'] }),
  group('C', '2025-02-01T10:00:00Z', { mrr: 50, products: ['invoicing'] }),
  { type: 'track', userId: 'billing-C', event: 'Subscription Cancelled', timestamp: '2025-05-01T10:00:00Z', context: { groupId: 'C' }, messageId: `b${++seq}` },
]
const content = contentSchema.parse({
  prompts: [{ id: 'payroll', kind: 'modal', title: 'Payroll', body: 'Try payroll', cta: { label: 'Try', href: '/payroll' }, convertedWhen: { event: 'Payroll Trial Started', withinDays: 14 } }],
})

let collector: TestCollector
let browser: Browser

describeBrowser('dashboard revenue page in Chromium', () => {
  beforeAll(async () => {
    const store = await openStore({})
    collector = await startTestCollector({ store, content: staticContent(content), engine: { autoStart: false, log: () => {} } })
    const res = await fetch(`${collector.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${collector.writeKey}:`)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: HISTORY }),
    })
    expect(res.status).toBe(200)
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await collector?.stop()
  })

  it('renders the MRR bridge, the tiles and the negative-churn months, with no console error', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${collector.secretKey}` } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))

    const response = await page.goto(`${collector.url}/dashboard/revenue?from=2025-01-01&to=2025-06-30`)
    expect(response?.status()).toBe(200)
    expect(await page.locator('h1').first().textContent()).toBe('Revenue')
    expect(await page.locator('svg.bridge').count()).toBe(1)
    expect(await page.locator('svg.bridge .bridge__month').count()).toBe(6)
    const flagged = await page.locator('svg.bridge .bridge__month:has(.bridge__negative)').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-month')))
    expect(flagged).toEqual(['2025-03', '2025-04'])
    // June, the latest month with paying accounts: S 410, nothing moved, NRR 100 %.
    const tiles = await page.locator('.kpi').allTextContents()
    expect(tiles.join(' ')).toContain('100.0%')
    expect(tiles.join(' ')).toContain('410')
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(6)

    const csv = await page.locator('a.csv').first().getAttribute('href')
    expect(csv).toMatch(/^\/dashboard\/csv\/revenue\?/)
    const download = await context.request.get(`${collector.url}${csv}`)
    expect(download.status()).toBe(200)
    const lines = (await download.text()).split('\r\n').filter(Boolean)
    expect(lines).toHaveLength(7)
    // March: S 350 (A 100 + B 200 + C 50), upsell 50, ending 400, net churn −50/350.
    expect(lines[3]).toMatch(/^2025-03,350,0,0,50,50,0,0,0,400,3,0,3,0,0,0,0,-0\.1429,1,1\.1429,true$/)
    expect(errors).toEqual([])
    await context.close()
  })
})
