import { describe, expect, it } from 'vitest'
import { jsonLines, parseContent } from './json-lines'
import { canonicalLocale } from './locales'

/** A checklist and a prompt whose texts are the given values. */
const withTexts = (title: unknown, body: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      checklists: [{ id: 'c', title, items: [{ id: 'i', title: 'Plain', doneWhen: { event: 'Invoice Sent' } }] }],
      prompts: [{ id: 'p', kind: 'banner', title: 'Plain', body, cta: { label: { en: 'Go', ja: '進む' }, href: '/x' } }],
      milestones: { m: { event: 'Invoice Sent' } },
      ...extra,
    },
    null,
    1,
  )

describe('content in several languages', () => {
  it('accepts a string or a { locale: text } map for every text, with en as the default locale', () => {
    const result = parseContent(withTexts({ en: 'Get started', ja: 'はじめに' }, { en: 'Body', ja: '本文' }))
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.content.defaultLocale).toBe('en')
    expect(result.content.checklists[0]!.title).toEqual({ en: 'Get started', ja: 'はじめに' })
    expect(result.warnings).toEqual([])
  })

  it('refuses, by line and path, a map without the default locale, and a map that is empty or not text', () => {
    const source = withTexts({ ja: 'はじめに' }, {}, { defaultLocale: 'en' })
    const result = parseContent(source)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const lines = jsonLines(source)
    expect(result.issues).toContainEqual({ path: 'prompts[0].body', message: 'needs at least one locale', line: lines.get('prompts[0].body') })
    const bad = parseContent(withTexts({ en: 'x', 'not a tag!': 'y' }, 'Body'))
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.issues.map((issue) => issue.path)).toContain('checklists[0].title.not a tag!')

    const missing = parseContent(withTexts({ ja: 'はじめに' }, 'Body'))
    expect(missing.ok).toBe(false)
    if (!missing.ok) {
      expect(missing.issues).toEqual([{ path: 'checklists[0].title', message: 'has no "en" text, the defaultLocale', line: jsonLines(withTexts({ ja: 'はじめに' }, 'Body')).get('checklists[0].title') }])
    }
  })

  it('takes another default locale, and compares tags in their canonical form', () => {
    const result = parseContent(withTexts({ JA_jp: 'はじめに', en: 'Get started' }, { 'ja-JP': '本文', en: 'Body' }, { defaultLocale: 'ja-jp', strings: { 'ja-JP': { 'tour.next': '次' } } }))
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    // The cta label has `ja`, the default's parent, not `ja-JP` itself: the same language, so neither an error nor a warning.
    expect(result.content.defaultLocale).toBe('ja-jp')
    expect(result.warnings).toEqual([])
  })

  it('warns, with the line, about a map that lacks a locale other texts have', () => {
    const source = withTexts({ en: 'Get started', ja: 'はじめに' }, { en: 'Body' })
    const result = parseContent(source)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.warnings).toEqual([{ path: 'prompts[0].body', message: 'has no "ja" text, which other texts have (ja gets en)', line: jsonLines(source).get('prompts[0].body') }])
  })

  it('warns about a language that neither Goyo nor strings has every message of', () => {
    const source = withTexts({ en: 'Get started', fr: 'Commencer' }, { en: 'Body', fr: 'Corps' }, { prompts: [] })
    const result = parseContent(source)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.warnings.map((w) => w.path)).toEqual([''])
    expect(result.warnings[0]!.message).toMatch(/^Goyo has no "fr" messages and strings\.fr lacks 17 of them \(checklist\.launcher, /)
    const partial = parseContent(withTexts({ en: 'Get started', fr: 'Commencer' }, 'Body', { prompts: [], strings: { fr: { 'tour.next': 'Suivant' } } }))
    if (!partial.ok) throw new Error(JSON.stringify(partial.issues))
    expect(partial.warnings.map((w) => [w.path, w.message.slice(0, 50)])).toEqual([['strings.fr', 'Goyo has no "fr" messages and strings.fr lacks 16 ']])
    // A regional variant of a built-in language needs nothing more.
    const regional = parseContent(withTexts({ en: 'Get started', 'ja-JP': 'はじめに' }, 'Body', { prompts: [] }))
    expect(regional.ok && regional.warnings).toEqual([])
  })

  it('checks message overrides: known keys, known placeholders, plural forms with other', () => {
    const good = parseContent(withTexts('T', 'B', { strings: { en: { 'checklist.launcher': { one: '{done} of {count} step', other: '{done} of {count} steps' }, 'tour.next': 'Continue' } } }))
    expect(good.ok).toBe(true)
    const source = withTexts('T', 'B', { strings: { en: { 'Tour.Next': 'x', 'tour.progress': 'Step {step} of {total}', 'checklist.launcher': { one: 'x' }, 'survey.send': '' } } })
    const result = parseContent(source)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const byPath = Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message]))
    expect(byPath['strings.en.checklist.launcher.other']).toBe('required')
    expect(byPath['strings.en.survey.send']).toBe('must not be empty')
    // Key and placeholder checks need the rest valid, as every cross-check does.
    const keys = parseContent(withTexts('T', 'B', { strings: { en: { 'Tour.Next': 'x', 'tour.progress': 'Step {step} of {total}' } } }))
    expect(keys.ok).toBe(false)
    if (!keys.ok) {
      expect(keys.issues.map((issue) => [issue.path, issue.message])).toEqual([
        ['strings.en.Tour.Next', 'unknown message "Tour.Next": did you mean "tour.next"?'],
        ['strings.en.tour.progress', 'unknown placeholder {total}: this message has {step}, {count}'],
      ])
    }
  })

  it('accepts locales audiences of language tags only', () => {
    const audience = (locales: unknown) => parseContent(JSON.stringify({ surveys: [{ id: 's', kind: 'nps', question: 'Q', audience: { locales } }] }))
    expect(audience(['ja', 'pt-BR']).ok).toBe(true)
    expect(audience([]).ok).toBe(false)
    expect(audience(['日本語']).ok).toBe(false)
  })
})

describe('canonicalLocale', () => {
  it('canonicalises tags as Intl does, and reads _ as -', () => {
    expect(canonicalLocale('EN_us')).toBe('en-US')
    expect(canonicalLocale('zh-hant-tw')).toBe('zh-Hant-TW')
    expect(canonicalLocale('ja')).toBe('ja')
  })

  it('returns null for anything that is not a language tag', () => {
    for (const bad of ['', 'x', '日本語', 'en US', 'a'.repeat(40), 42, null, undefined, { en: 1 }]) expect(canonicalLocale(bad), String(bad)).toBeNull()
  })
})
