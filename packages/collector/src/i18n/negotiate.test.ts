import { describe, expect, it } from 'vitest'
import { acceptLanguageTags, fallbackChain, isWithin, matchLocale, negotiateLocale, parentsOf } from './negotiate'

const SUPPORTED = ['en', 'ja'] as const

describe('acceptLanguageTags', () => {
  it('orders by q, keeping the header order on ties', () => {
    expect(acceptLanguageTags('en;q=0.5, ja-JP, ja;q=0.9')).toEqual(['ja-JP', 'ja', 'en'])
    expect(acceptLanguageTags('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de'])
  })

  it('leaves out q=0, wildcards, malformed tags and q values out of range', () => {
    expect(acceptLanguageTags('ja;q=0, en')).toEqual(['en'])
    expect(acceptLanguageTags('*, <script>, en;q=2, de;q=abc, fr;Q=0.3')).toEqual(['fr'])
    expect(acceptLanguageTags('')).toEqual([])
    expect(acceptLanguageTags(undefined)).toEqual([])
  })

  it('reads a bounded number of entries from a huge header', () => {
    expect(acceptLanguageTags(Array.from({ length: 5_000 }, () => 'xx').join(',')).length).toBeLessThanOrEqual(20)
  })
})

describe('matchLocale', () => {
  it('falls back from a region or script to the language, in any case', () => {
    expect(matchLocale('ja-JP', SUPPORTED)).toBe('ja')
    expect(matchLocale('JA', SUPPORTED)).toBe('ja')
    expect(matchLocale('en-Latn-US', SUPPORTED)).toBe('en')
  })

  it('matches a regional locale from its language, and nothing for another language', () => {
    expect(matchLocale('en', ['en-GB', 'ja-JP'])).toBe('en-GB')
    expect(matchLocale('zh-Hant-TW', ['zh-Hant', 'zh'])).toBe('zh-Hant')
    expect(matchLocale('fr', SUPPORTED)).toBeNull()
    expect(matchLocale('not a tag', SUPPORTED)).toBeNull()
  })
})

describe('negotiateLocale', () => {
  it('takes the first preference a locale matches, else the fallback', () => {
    expect(negotiateLocale(['fr-FR', 'ja-JP', 'en'], SUPPORTED, 'en')).toBe('ja')
    expect(negotiateLocale([null, undefined, '', 'ja'], SUPPORTED, 'en')).toBe('ja')
    expect(negotiateLocale(['fr', 'de'], SUPPORTED, 'en')).toBe('en')
    expect(negotiateLocale([], SUPPORTED, 'ja')).toBe('ja')
  })
})

describe('fallbackChain', () => {
  it('walks from a regional tag to its language, then to the fallback', () => {
    expect(parentsOf('ja-JP')).toEqual(['ja-JP', 'ja'])
    expect(parentsOf('zh-hant-tw')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh'])
    expect(parentsOf('en-US-u-ca-gregory')).toEqual(['en-US-u-ca-gregory', 'en-US-u-ca', 'en-US', 'en'])
    expect(fallbackChain(['ja-JP'], 'en')).toEqual(['ja-JP', 'ja', 'en'])
    expect(fallbackChain(['fr_CA', 'ja'], 'en')).toEqual(['fr-CA', 'fr', 'ja', 'en'])
    expect(fallbackChain(['en-GB'], 'en')).toEqual(['en-GB', 'en'])
  })

  it('leaves out what is not a language tag', () => {
    expect(parentsOf('日本語')).toEqual([])
    expect(fallbackChain(['', '*', 'x!'], 'en')).toEqual(['en'])
  })
})

describe('isWithin', () => {
  it('says whether a locale is a language or one of its variants (locales audiences)', () => {
    expect(isWithin('ja-JP', 'ja')).toBe(true)
    expect(isWithin('ja', 'ja')).toBe(true)
    expect(isWithin('ja', 'ja-JP')).toBe(false)
    expect(isWithin('jam', 'ja')).toBe(false)
    expect(isWithin('pt-BR', 'pt-br')).toBe(true)
    expect(isWithin('en', 'not a tag')).toBe(false)
  })
})
