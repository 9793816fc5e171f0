import { canonicalLocale, parentsOf } from '@goyo/schema'

export { parentsOf }

/**
 * Locale negotiation: which of the locales on offer a user gets. Pure functions on language tags
 * (BCP 47, as `navigator.language` and `Accept-Language` write them); tags compare in their
 * canonical form, so `ja_jp`, `JA-JP` and `ja-JP` are one locale.
 */

/**
 * The order in which to look for a user's text: the wanted locales (most preferred first), each
 * with its parents, then the fallback. Duplicates and non-tags are left out.
 *
 * @example
 * fallbackChain(['ja-JP'], 'en') // ['ja-JP', 'ja', 'en']
 * fallbackChain(['fr-CA', 'ja'], 'en') // ['fr-CA', 'fr', 'ja', 'en']
 */
export function fallbackChain(wanted: readonly string[], fallback: string): string[] {
  return [...new Set([...wanted.flatMap(parentsOf), ...parentsOf(fallback)])]
}

/**
 * The first locale of the chain of `wanted` that `available` offers, else `fallback`. Matching is
 * by exact tag or parent: `ja-JP` gets `ja`, but `ja` never gets `ja-JP` (a regional variant
 * may say things a user of another region would not).
 *
 * @example
 * negotiate(['ja-JP', 'en'], ['en', 'ja'], 'en') // 'ja'
 * negotiate(['fr'], ['en', 'ja'], 'en') // 'en'
 */
export function negotiate(wanted: readonly string[], available: readonly string[], fallback: string): string {
  const offered = new Set(available.map((tag) => canonicalLocale(tag) ?? tag))
  return fallbackChain(wanted, fallback).find((tag) => offered.has(tag)) ?? fallback
}

/**
 * Whether a locale is `target` or one of its variants: `ja-JP` is within `ja`, `ja` is not
 * within `ja-JP`. For audiences that target languages.
 *
 * @example
 * isWithin('ja-JP', 'ja') // true
 */
export function isWithin(locale: string, target: string): boolean {
  const wanted = canonicalLocale(target)
  return wanted !== null && parentsOf(locale).includes(wanted)
}
