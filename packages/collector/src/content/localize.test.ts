import { contentSchema } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { defaultText, localizeContent, textIn } from './localize'

const content = contentSchema.parse({
  defaultLocale: 'en',
  strings: { ja: { 'checklist.completed': '準備完了です' } },
  checklists: [{ id: 'c', title: { en: 'Get started', ja: 'はじめに' }, completedMessage: { en: 'Done!', ja: '完了！' }, items: [{ id: 'i', title: { en: 'Send an invoice', ja: '請求書を送る' }, doneWhen: { event: 'Invoice Sent' } }] }],
  prompts: [{ id: 'p', kind: 'modal', title: { en: 'Payroll', ja: '給与計算' }, body: 'Same in every language', cta: { label: { en: 'Try', ja: '試す' }, href: '/p' } }],
  tours: [{ id: 't', title: { en: 'Tour', 'ja-JP': 'ツアー' }, steps: [{ id: 's', title: 'S', body: { en: 'B', ja: '本文' } }] }],
  surveys: [{ id: 'nps', kind: 'nps', question: { en: 'Recommend us?', ja: 'おすすめしますか？' } }],
})

describe('localizeContent', () => {
  it('resolves every text for ja-JP along ja-JP → ja → en, with Japanese messages and the overrides', () => {
    const ja = localizeContent(content, 'ja-JP')
    expect(ja.checklists[0]!.title).toBe('はじめに')
    expect(ja.checklists[0]!.items[0]!.title).toBe('請求書を送る')
    expect(ja.checklists[0]!.completedMessage).toBe('完了！')
    expect(ja.prompts[0]!.body).toBe('Same in every language')
    expect(ja.prompts[0]!.cta.label).toBe('試す')
    expect(ja.tours[0]!.title).toBe('ツアー')
    expect(ja.tours[0]!.steps[0]!.body).toBe('本文')
    expect(ja.surveys[0]!.question).toBe('おすすめしますか？')
    expect(ja.messages['tour.next']).toBe('次へ')
    expect(ja.messages['checklist.completed']).toBe('準備完了です')
    expect(ja.locale).toBe('ja-JP')
  })

  it('gives a fr user, and a user without a locale, the default', () => {
    for (const wanted of ['fr-FR', null]) {
      const text = localizeContent(content, wanted)
      expect([text.checklists[0]!.title, text.tours[0]!.title, text.messages['tour.next'], text.locale]).toEqual(['Get started', 'Tour', 'Next', 'en'])
    }
  })

  it('a plain ja user does not get the ja-JP variant of a text', () => {
    expect(localizeContent(content, 'ja').tours[0]!.title).toBe('Tour')
  })

  it('leaves the content alone, and makes one copy per language whatever tags users send', () => {
    const before = JSON.stringify(content)
    const a = localizeContent(content, 'ja-JP')
    const b = localizeContent(content, 'ja-JP-x-custom')
    expect(JSON.stringify(content)).toBe(before)
    expect(a.checklists).toBe(b.checklists)
    expect(localizeContent(content, 'de').checklists).toBe(localizeContent(content, 'fr').checklists)
    expect(b.locale).toBe('ja-JP-x-custom')
  })
})

describe('textIn and defaultText', () => {
  it('picks the first locale of the chain a text has, by canonical tag', () => {
    expect(textIn({ EN: 'Hi', 'ja-jp': 'やあ' }, ['ja-JP', 'ja', 'en'])).toBe('やあ')
    expect(textIn('plain', ['ja'])).toBe('plain')
    expect(defaultText({ en: 'Hi', ja: 'やあ' }, { defaultLocale: 'ja' })).toBe('やあ')
  })
})
