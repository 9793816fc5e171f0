import { contentSchema } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { PANEL_TEXT } from '../content/explain-text'
import { verifyPreviewToken } from '../content/preview-token'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

const NOW = Date.parse('2026-06-01T09:00:00Z')
const content = contentSchema.parse({
  features: { 'invoices.create': {} },
  tiers: [{ id: 'high-touch', when: { trait: 'arr', gte: 50000 } }, { id: 'tech-touch' }],
  checklists: [{ id: 'setup', title: 'Set up', audience: { tiers: ['tech-touch'] }, items: [{ id: 'i', title: 'x', doneWhen: { event: 'Tour Completed' } }] }],
  prompts: [{ id: 'payroll', kind: 'modal', title: 'T', body: 'B', cta: { label: 'Go', href: '/x' }, audience: { usage: { feature: 'invoices.create', atLeast: 10, withinDays: 30 }, urls: ['/invoices'] } }],
})

describe.each(storeCases)('the "What does this account see?" panel on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const page = async (query: string) => {
    const res = await api.report(`/dashboard/accounts/acct?${query}`)
    expect(res.status).toBe(200)
    return res.text()
  }

  beforeEach(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false })
    const res = await api.post('/v1/batch', {
      batch: [
        { type: 'group', userId: 'ada', groupId: 'acct', traits: { arr: 900 }, messageId: 'g1', timestamp: new Date(NOW - 60_000).toISOString() },
        { type: 'group', userId: 'bob', groupId: 'acct', traits: { arr: 900 }, messageId: 'g2', timestamp: new Date(NOW - 120_000).toISOString() },
      ],
    })
    expect(res.status).toBe(200)
  })
  afterEach(() => store.close())

  it('explains each item for the chosen user (the most recent one by default), check by check', async () => {
    const html = await page('')
    expect(html).toContain(PANEL_TEXT.title)
    expect(html).toMatch(/<option value="ada" selected>/)
    expect(html).toContain('data-item="setup" data-eligible="true"')
    expect(html).toContain('data-item="payroll" data-eligible="false"')
    expect(html).toContain('<li data-check="usage" data-pass="false">✗ usage of invoices.create in 30 days: 0, wanted at least 10</li>')
    expect(html).toContain(PANEL_TEXT.onPages(['/invoices']))
    expect(await page('user=bob')).toMatch(/<option value="bob" selected>/)
    // A user of another account is not offered: the first one of this account is explained.
    expect(await page('user=mallory')).toMatch(/<option value="ada" selected>/)
  })

  it('makes a preview link for an item and a page of the app, and refuses a bad address', async () => {
    const html = await page(`user=ada&item=prompts:payroll&url=${encodeURIComponent('https://app.example.com/invoices?tab=1')}`)
    const href = /<a href="([^"]+)" rel="noopener" target="_blank" data-preview-link>/.exec(html)?.[1]?.replace(/&amp;/g, '&')
    expect(href).toBeDefined()
    const link = new URL(href!)
    expect(link.origin + link.pathname + '?tab=' + link.searchParams.get('tab')).toBe('https://app.example.com/invoices?tab=1')
    expect(await verifyPreviewToken(api.keys.secretKey, link.searchParams.get('goyo_preview')!, NOW)).toMatchObject({ kind: 'prompts', id: 'payroll' })
    expect(await page('user=ada&item=prompts:payroll&url=javascript:alert(1)')).toContain(PANEL_TEXT.previewBadUrl)
    expect(await page('user=ada&item=tours:payroll&url=https://app.example.com/')).toContain(PANEL_TEXT.previewUnknownItem)
  })

  it('says so when the account has no identified user', async () => {
    await api.post('/v1/batch', { batch: [{ type: 'group', anonymousId: 'anon-1', groupId: 'empty', traits: {}, messageId: 'g3' }] })
    const html = await (await api.report('/dashboard/accounts/empty')).text()
    expect(html).toContain(PANEL_TEXT.noUsers)
  })
})
