/**
 * Goyo in Japanese, in real Chromium (issue 16): with a Japanese browser and a content file in
 * English and Japanese, the checklist, every prompt kind, a tour and NPS show and say no English
 * word of Goyo's own (compared with the English catalog), pass axe-core, and break lines like
 * Japanese; the same page in an English browser is English. A user's `locale` trait wins over the
 * browser; a French user gets the default locale.
 */
import { contentSchema } from '@goyo/schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { englishIn } from '../../packages/sdk/src/test-util/text'
import { axeProblems } from '../_util/axe'
import { describeBrowser } from '../_util/browser'
import { startCustomerApp, type CustomerApp, type CustomerPage } from '../_util/customer-app'

const text = (en: string, ja: string) => ({ en, ja })

/** Every item on its own page, so that one visit shows one of them (with the checklist everywhere). */
const content = contentSchema.parse({
  defaultLocale: 'en',
  checklists: [
    {
      id: 'start',
      title: text('Get started', 'はじめに'),
      items: [
        { id: 'profile', title: text('Add your company details', '会社情報を登録する'), doneWhen: { event: 'Profile Completed' }, href: '/settings' },
        { id: 'invoice', title: text('Send your first invoice', '最初の請求書を送付する'), doneWhen: { event: 'Invoice Sent' } },
      ],
    },
  ],
  prompts: (['modal', 'slideout', 'banner'] as const).map((kind) => ({
    id: `payroll-${kind}`,
    kind,
    title: text('Pay your team from Ledgerly', 'チームへの給与支払いも Ledgerly で'),
    body: text('Save 3 hours a month with Payroll.', '給与計算機能で毎月 3 時間を節約できます。'),
    cta: { label: text('Start a free trial', '無料トライアルを始める'), href: '/payroll/trial' },
    audience: { urls: [`/${kind}`] },
  })),
  tours: [
    {
      id: 'invoice-tour',
      title: text('Your first invoice', 'はじめての請求書'),
      audience: { urls: ['/tour'] },
      steps: [
        { id: 'client', title: text('Pick a client', '取引先を選ぶ'), body: text('Choose who the invoice is for.', '請求先を選んでください。'), selector: '#client' },
        { id: 'send', title: text('Send it', '送付する'), body: text('Your client can pay online.', 'オンラインでお支払いいただけます。') },
      ],
    },
  ],
  surveys: [{ id: 'nps', kind: 'nps', question: text('How likely are you to recommend Ledgerly?', 'Ledgerly をすすめる可能性はどのくらいありますか？'), audience: { urls: ['/survey'] } }],
  milestones: { sent: { event: 'Invoice Sent' } },
})

/** The customer's page identifies `?u=` in account `?a=`, with the locale trait `?l=` when given. */
const PAGE: CustomerPage = {
  app: `(function(){var q=new URLSearchParams(location.search);goyo.identify(q.get('u'),q.get('l')?{locale:q.get('l')}:{});goyo.group(q.get('a'),{arr:1000})})();`,
  body: '<main><h1>Invoices</h1><label>Client <input id="client"></label></main>',
}

let app: CustomerApp | undefined
let browser: Browser
let run = 0

/** Opens `path` for a fresh user in a browser whose language is `browserLocale`. */
async function open(path: string, browserLocale: string, trait?: string): Promise<Page> {
  run++
  const context = await browser.newContext({ locale: browserLocale, viewport: { width: 375, height: 740 } })
  const page = await context.newPage()
  const answered = page.waitForResponse((response) => response.url().includes('/v1/content') && response.url().includes('userId='))
  await page.goto(`${app!.site.url}${path}?u=i18n-${run}&a=acct-${run}${trait ? `&l=${trait}` : ''}`)
  await answered
  // The widgets are drawn once the host says their language.
  await page.locator('#goyo-root[lang]').waitFor({ state: 'attached', timeout: 10_000 })
  return page
}

/** Everything Goyo's widgets show or say: text, and the accessible names and labels of every element. */
const spoken = (page: Page) =>
  page.evaluate(() => {
    const root = document.getElementById('goyo-root')!.shadowRoot!
    const parts = [root.textContent ?? '']
    for (const el of root.querySelectorAll('*')) for (const name of ['aria-label', 'title', 'placeholder', 'alt']) parts.push(el.getAttribute(name) ?? '')
    return parts.join(' ')
  })

describeBrowser('Goyo in Japanese, in Chromium', () => {
  beforeAll(async () => {
    app = await startCustomerApp(content, PAGE)
    browser = app.browser
  }, 120_000)
  afterAll(() => app?.stop())

  it('the checklist says its state in Japanese, wraps like Japanese, and passes axe-core', async () => {
    const page = await open('/app', 'ja-JP')
    try {
      expect(await page.evaluate(() => navigator.language)).toBe('ja-JP')
      expect(await page.locator('#goyo-root').getAttribute('lang')).toBe('ja-JP')
      const launcher = page.getByRole('button', { name: 'はじめに：2 件中 0 件完了' })
      expect(await launcher.textContent()).toBe('2 件中 0 件完了')
      if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click()
      await page.evaluate(() => (window as unknown as { goyo: { track(e: string): void } }).goyo.track('Invoice Sent'))
      await expect.poll(() => page.locator('#goyo-root [data-goyo-item="invoice"]').textContent()).toBe('最初の請求書を送付する （完了）')
      expect(await page.getByRole('button', { name: 'はじめに：2 件中 1 件完了' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: 'はじめにを閉じる' }).count()).toBe(1)
      expect(englishIn(await spoken(page))).toEqual([])
      // Phrases, not characters, are the unit of line breaking.
      const style = await page.locator('#goyo-root [data-goyo-item="invoice"] .title').evaluate((el) => {
        const computed = getComputedStyle(el)
        return [computed.wordBreak, computed.lineBreak, computed.overflowWrap]
      })
      expect(style).toEqual(['auto-phrase', 'strict', 'anywhere'])
      expect(await axeProblems(page)).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  it.each(['modal', 'slideout', 'banner'] as const)('a %s prompt has no English word of Goyo\'s and passes axe-core', async (kind) => {
    const page = await open(`/${kind}`, 'ja-JP')
    try {
      const region = page.locator('#goyo-root').getByText('チームへの給与支払いも Ledgerly で')
      await region.waitFor({ timeout: 10_000 })
      expect(await page.getByRole('button', { name: '閉じる', exact: true }).count()).toBe(1)
      if (kind === 'modal') expect(await page.getByRole('dialog', { name: 'チームへの給与支払いも Ledgerly で' }).count()).toBe(1)
      expect(englishIn(await spoken(page))).toEqual([])
      expect(await axeProblems(page)).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  it('a tour names its steps and buttons in Japanese and passes axe-core', async () => {
    const page = await open('/tour', 'ja-JP')
    try {
      const step = page.getByRole('dialog', { name: '取引先を選ぶ ステップ 1（全 2 ステップ）' })
      await step.waitFor({ timeout: 10_000 })
      expect(englishIn(await spoken(page))).toEqual([])
      expect(await axeProblems(page)).toEqual([])
      await page.getByRole('button', { name: '次へ' }).click()
      await page.getByRole('dialog', { name: '送付する ステップ 2（全 2 ステップ）' }).waitFor()
      expect(await page.getByRole('button', { name: '戻る' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: 'はじめての請求書を閉じる' }).count()).toBe(1)
      expect(englishIn(await spoken(page))).toEqual([])
      await page.getByRole('button', { name: '完了', exact: true }).click()
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    } finally {
      await page.context().close()
    }
  })

  it('NPS asks, labels its scale and its comment in Japanese, and passes axe-core', async () => {
    const page = await open('/survey', 'ja-JP')
    try {
      const scale = page.getByRole('radiogroup', { name: 'Ledgerly をすすめる可能性はどのくらいありますか？' })
      await scale.waitFor({ timeout: 10_000 })
      await page.getByRole('radio', { name: '9' }).click()
      expect(await page.getByLabel('ご意見・ご感想があればお聞かせください（任意）').count()).toBe(1)
      expect(await page.getByRole('button', { name: '送信する' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: 'アンケートを閉じる' }).count()).toBe(1)
      expect(englishIn(await spoken(page))).toEqual([])
      expect(await axeProblems(page)).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  it('the same page in an English browser is English', async () => {
    const page = await open('/tour', 'en-US')
    try {
      expect(await page.locator('#goyo-root').getAttribute('lang')).toBe('en-US')
      await page.getByRole('dialog', { name: 'Pick a client Step 1 of 2' }).waitFor({ timeout: 10_000 })
      expect(await page.getByRole('button', { name: 'Dismiss Your first invoice' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: 'Next' }).count()).toBe(1)
      expect(await spoken(page)).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    } finally {
      await page.context().close()
    }
  })

  it("a user whose locale trait is ja gets Japanese in an English browser; a fr user gets the default", async () => {
    const japanese = await open('/app', 'en-US', 'ja')
    try {
      await expect.poll(() => japanese.locator('#goyo-root .launcher').getAttribute('aria-label')).toBe('はじめに：2 件中 0 件完了')
    } finally {
      await japanese.context().close()
    }
    const french = await open('/app', 'fr-FR', 'fr')
    try {
      expect(await french.locator('#goyo-root .launcher').getAttribute('aria-label')).toBe('Get started: 0 of 2 done')
      expect(await french.locator('#goyo-root').getAttribute('lang')).toBe('en')
    } finally {
      await french.context().close()
    }
  })
})
