import { contentSchema } from '@goyo/schema'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { describeBrowser, launchChromium, servePages, SNIPPET } from '../_util/browser'
import { startTestCollector, type TestCollector } from '../_util/collector'

const ATTACK = '<img src=x onerror="window.__goyoXss=1"><b>bold</b><script>window.__goyoXss=2</script>'

/**
 * Content is data: a PM (or anyone who can edit the content file) writing HTML or script into a
 * title or body must see it shown as text, never run, in the real widgets.
 */
describeBrowser('content with HTML or script', () => {
  let collector: TestCollector
  let browser: Browser
  let site: { url: string; close(): Promise<void> }

  beforeAll(async () => {
    collector = await startTestCollector({
      content: staticContent(contentSchema.parse({
        tiers: [{ id: 'tech-touch' }],
        checklists: [{
          id: 'xss', title: `Start ${ATTACK}`,
          items: [{ id: 'one', title: `Item ${ATTACK}`, doneWhen: { event: 'Never Happens' } }],
        }],
        prompts: [{ id: 'xss-prompt', kind: 'banner', title: `Offer ${ATTACK}`, body: `Body ${ATTACK}`, cta: { label: `Go ${ATTACK}`.slice(0, 60), event: 'Clicked' }, holdout: 0 }],
      })),
    })
    site = await servePages({
      '/': `<!doctype html><html><head><script>${SNIPPET}</script>
        <script async src="${collector.url}/sdk/goyo.js" data-write-key="${collector.writeKey}"></script></head>
        <body><h1>Host page</h1><script>goyo.identify('xss-user', {}); goyo.group('xss-account', { arr: 900 })</script></body></html>`,
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await collector?.stop()
  })

  it('renders titles, bodies and labels as text in the checklist and the prompt', async () => {
    const page = await browser.newPage()
    await page.goto(`${site.url}/`)
    const root = page.locator('#goyo-root')
    await root.locator('.launcher').waitFor({ timeout: 15_000 })
    if ((await root.locator('.launcher').getAttribute('aria-expanded')) !== 'true') await root.locator('.launcher').click()
    await root.locator('[data-goyo-item="one"]').waitFor({ timeout: 10_000 })
    await page.getByText(/Offer <img/).first().waitFor({ timeout: 10_000 })
    const inside = await page.evaluate(() => {
      const shadow = document.getElementById('goyo-root')!.shadowRoot!
      return {
        images: shadow.querySelectorAll('img').length,
        bold: shadow.querySelectorAll('b').length,
        scripts: shadow.querySelectorAll('script').length,
        text: shadow.textContent ?? '',
        ran: (window as unknown as { __goyoXss?: number }).__goyoXss ?? null,
      }
    })
    expect(inside).toMatchObject({ images: 0, bold: 0, scripts: 0, ran: null })
    expect(inside.text).toContain('Item <img src=x onerror="window.__goyoXss=1"><b>bold</b>')
    expect(inside.text).toContain('Body <img src=x')
    await page.close()
  }, 60_000)
})
