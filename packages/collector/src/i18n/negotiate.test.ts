import { describe, expect, it } from 'vitest'
import { fallbackChain, isWithin, negotiate, parentsOf } from './negotiate'

describe('locale negotiation', () => {
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

  it('gives ja-JP the ja it has, a fr user the fallback, and never a variant to its language', () => {
    expect(negotiate(['ja-JP'], ['en', 'ja'], 'en')).toBe('ja')
    expect(negotiate(['fr-FR'], ['en', 'ja'], 'en')).toBe('en')
    expect(negotiate(['fr', 'ja'], ['en', 'ja'], 'en')).toBe('ja')
    expect(negotiate(['ja'], ['en', 'ja-JP'], 'en')).toBe('en')
    expect(negotiate(['JA_jp'], ['EN', 'ja-jp'], 'en')).toBe('ja-JP')
    expect(negotiate([], ['en', 'ja'], 'ja')).toBe('ja')
  })

  it('says whether a locale is a language or one of its variants (audiences)', () => {
    expect(isWithin('ja-JP', 'ja')).toBe(true)
    expect(isWithin('ja', 'ja')).toBe(true)
    expect(isWithin('ja', 'ja-JP')).toBe(false)
    expect(isWithin('jam', 'ja')).toBe(false)
    expect(isWithin('pt-BR', 'pt-br')).toBe(true)
    expect(isWithin('en', 'not a tag')).toBe(false)
  })
})
