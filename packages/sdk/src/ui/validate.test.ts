import { afterEach, describe, expect, it, vi } from 'vitest'
import { validContent } from './validate'

afterEach(() => vi.restoreAllMocks())

const tour = { id: 'invoice-tour', title: 'Your first invoice', priority: 2, urls: ['/invoices/new'], steps: [{ id: 'client', title: 'Pick a client', body: 'Choose.', selector: '#c', url: '/invoices/new' }] }

describe('validContent', () => {
  it('keeps well-formed tours, and an answer without tours (older collectors) has an empty list', () => {
    expect(validContent({ tours: [tour] }).tours).toEqual([tour])
    expect(validContent({}).tours).toEqual([])
  })

  it('skips malformed tours whole, with a warning, and never throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const bad = [
      null,
      'tour',
      { ...tour, id: '' },
      { ...tour, steps: [] },
      { ...tour, steps: 'nope' },
      { ...tour, steps: [{ id: 's', title: 'T' }] }, // no body
      { ...tour, steps: [tour.steps[0], null] },
      { ...tour, steps: [{ ...tour.steps[0], selector: 7 }] },
      { ...tour, urls: '/invoices/new' }, // not a list
      { ...tour, urls: [3] },
      { ...tour, priority: 'high' },
    ]
    expect(validContent({ tours: [...bad, tour] }).tours).toEqual([tour])
    expect(warn).toHaveBeenCalledTimes(bad.length)
    expect(validContent({ tours: { 0: tour } }).tours).toEqual([])
  })

  it('also refuses prompts and surveys whose urls are not a list of patterns', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const prompt = { id: 'p', kind: 'modal', title: 'T', body: 'B', cta: { label: 'Go' } }
    const survey = { id: 's', kind: 'nps', question: 'Q?' }
    const content = validContent({ prompts: [{ ...prompt, urls: '/x' }, prompt], surveys: [{ ...survey, urls: [null] }, survey] })
    expect(content.prompts).toEqual([prompt])
    expect(content.surveys).toEqual([survey])
  })
})

describe('validContent: locale and messages', () => {
  it('keeps a language tag and well-formed messages, and leaves out the rest', () => {
    const content = validContent({
      locale: 'ja-JP',
      messages: { 'tour.next': '次へ', 'checklist.launcher': { one: '{done} step', other: '{done} steps' }, bad: 3, plural: { one: 'x' }, nested: { other: 'x', one: { deep: 1 } }, gone: null },
    })
    expect(content.locale).toBe('ja-JP')
    expect(content.messages).toEqual({ 'tour.next': '次へ', 'checklist.launcher': { one: '{done} step', other: '{done} steps' } })
  })

  it('refuses a locale that could be anything but a language tag, and survives no messages at all', () => {
    for (const locale of ['ja" onload="x', '', 42, 'a'.repeat(20)]) expect(validContent({ locale }).locale).toBeUndefined()
    expect(validContent({ messages: 'nope' }).messages).toEqual({})
    expect(validContent({}).messages).toEqual({})
  })
})
