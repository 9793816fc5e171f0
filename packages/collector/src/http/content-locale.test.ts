import { contentSchema, type ContentInput } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

/** A content file in English and Japanese, with one survey for Japanese speakers only. */
const CONTENT: ContentInput = {
  defaultLocale: 'en',
  strings: { ja: { 'tour.done': '閉じる' } },
  checklists: [{ id: 'start', title: { en: 'Get started', ja: 'はじめに' }, items: [{ id: 'i', title: { en: 'Send an invoice', ja: '請求書を送る' }, doneWhen: { event: 'Invoice Sent' } }] }],
  surveys: [{ id: 'nps-ja', kind: 'nps', question: 'Ledgerly をおすすめしますか？', audience: { locales: ['ja'] } }],
  milestones: { m: { event: 'Invoice Sent' } },
}

describe.each(storeCases)('content in the user\'s locale on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  let seq = 0

  const send = async (...events: Record<string, unknown>[]) => {
    const res = await api.post('/v1/batch', { batch: events.map((e) => ({ messageId: `m${++seq}`, ...e })) })
    expect(res.status).toBe(200)
  }
  const get = (query: string, headers: Record<string, string> = {}) =>
    api.request(`/v1/content?${query}`, { headers: { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}`, ...headers } })
  const content = async (query: string) => {
    const res = await get(query)
    expect(res.status).toBe(200)
    return res.json()
  }

  beforeEach(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(contentSchema.parse(CONTENT)), rateLimit: false })
  })
  afterEach(() => store.close())

  it('answers in the locale the page sends, with the messages of that locale only', async () => {
    const ja = await content('anonymousId=a1&locale=ja-JP')
    expect(ja.locale).toBe('ja-JP')
    expect(ja.checklists[0].title).toBe('はじめに')
    expect(ja.checklists[0].items[0].title).toBe('請求書を送る')
    expect(ja.messages['tour.next']).toBe('次へ')
    expect(ja.messages['tour.done']).toBe('閉じる')
    expect(JSON.stringify(ja)).not.toContain('Get started')

    const en = await content('anonymousId=a1&locale=en-US')
    expect([en.locale, en.checklists[0].title, en.messages['tour.next']]).toEqual(['en-US', 'Get started', 'Next'])
    expect(JSON.stringify(en)).not.toContain('はじめに')
  })

  it('gives a fr user, and a page that sends no locale, the default', async () => {
    for (const query of ['anonymousId=a2&locale=fr-FR', 'anonymousId=a2']) {
      const answer = await content(query)
      expect([answer.locale, answer.checklists[0].title, answer.messages['tour.next']], query).toEqual(['en', 'Get started', 'Next'])
    }
  })

  it("follows the user's locale trait from identify over the browser's, on every device", async () => {
    await send({ type: 'identify', userId: 'u-ja', anonymousId: 'a3', traits: { locale: 'ja' } })
    const answer = await content('userId=u-ja&anonymousId=another-device&locale=en-US')
    expect([answer.locale, answer.checklists[0].title, answer.messages['tour.back']]).toEqual(['ja', 'はじめに', '戻る'])
    // A new identify changes it; a trait that is no language tag is ignored.
    await send({ type: 'identify', userId: 'u-ja', traits: { locale: 'en_GB' } })
    expect((await content('userId=u-ja&locale=ja')).locale).toBe('en-GB')
    await send({ type: 'identify', userId: 'u-ja', traits: { locale: { lang: 'ja' } } })
    expect((await content('userId=u-ja&locale=ja')).locale).toBe('ja')
  })

  it('delivers an item for locales: ["ja"] to ja and ja-JP users only', async () => {
    const surveys = async (query: string) => (await content(query)).surveys.map((s: { id: string }) => s.id)
    expect(await surveys('anonymousId=a4&locale=ja-JP')).toEqual(['nps-ja'])
    expect(await surveys('anonymousId=a4&locale=ja')).toEqual(['nps-ja'])
    expect(await surveys('anonymousId=a4&locale=en')).toEqual([])
    expect(await surveys('anonymousId=a4')).toEqual([])
    const explain = await api.report('/v1/admin/explain?anonymousId=a4&locale=en-US')
    const body = await explain.json()
    expect(body.locale).toBe('en-US')
    expect(body.surveys[0].checks[0]).toMatchObject({ check: 'locale', pass: false, value: 'en-US', wanted: ['ja'], detail: 'locale is en-US, wanted ja' })
  })

  it('varies the ETag with the locale: an answer cached in one language never validates for another', async () => {
    const en = await get('anonymousId=a5&locale=en')
    const etag = en.headers.get('etag')!
    expect((await get('anonymousId=a5&locale=en', { 'if-none-match': etag })).status).toBe(304)
    const ja = await get('anonymousId=a5&locale=ja', { 'if-none-match': etag })
    expect(ja.status).toBe(200)
    expect(ja.headers.get('etag')).not.toBe(etag)
    expect(ja.headers.get('etag')).toContain('-ja-')
  })

  it('refuses a locale that is no language tag, naming the parameter', async () => {
    const res = await get(`anonymousId=a6&locale=${encodeURIComponent('<script>')}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ parameter: 'locale' })
  })
})
