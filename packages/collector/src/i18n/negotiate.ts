import { canonicalLocale, parentsOf } from '@goyo/schema'

/**
 * Picking a language: the user's preferences (an `Accept-Language` header, a `locale` trait,
 * `navigator.language`, …) against the locales a catalog has, falling back from the most specific
 * tag to its language (`ja-JP` → `ja`) and, when nothing matches, to the default.
 */

/** Longest header or tag list looked at: a header is a few dozen bytes, never kilobytes. */
const MAX_HEADER = 1_000
const MAX_TAGS = 20
const TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/

/**
 * The language tags of an `Accept-Language` header, most preferred first (RFC 9110 §12.5.4):
 * ordered by `q`, ties keeping the header's order; `q=0` ("not this one"), `*` and malformed
 * entries are left out.
 *
 * @example
 * acceptLanguageTags('en;q=0.5, ja-JP, ja;q=0.9') // ['ja-JP', 'ja', 'en']
 */
export function acceptLanguageTags(header: string | null | undefined): string[] {
  if (!header) return []
  const entries: Array<{ tag: string; q: number; order: number }> = []
  for (const [order, part] of header.slice(0, MAX_HEADER).split(',').slice(0, MAX_TAGS).entries()) {
    const [rawTag, ...params] = part.trim().split(';')
    const tag = rawTag?.trim() ?? ''
    if (!TAG.test(tag)) continue
    const qParam = params.map((p) => p.trim()).find((p) => /^q=/i.test(p))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    if (!(q > 0 && q <= 1)) continue
    entries.push({ tag, q, order })
  }
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((entry) => entry.tag)
}

/**
 * The supported locale a tag stands for, or null: the tag itself (any case), else the tag with
 * its last subtags dropped one by one (`zh-Hant-TW` → `zh-Hant` → `zh`), else a supported locale
 * of the same language (`en` → `en-GB` when only `en-GB` is supported).
 *
 * @example
 * matchLocale('ja-JP', ['en', 'ja']) // 'ja'
 */
export function matchLocale<L extends string>(tag: string, supported: readonly L[]): L | null {
  if (!TAG.test(tag)) return null
  const byLower = new Map(supported.map((locale) => [locale.toLowerCase(), locale]))
  const parts = tag.toLowerCase().split('-')
  for (let length = parts.length; length > 0; length--) {
    const found = byLower.get(parts.slice(0, length).join('-'))
    if (found) return found
  }
  return supported.find((locale) => locale.toLowerCase().split('-')[0] === parts[0]) ?? null
}

/**
 * The first of `preferences` (most preferred first; empty entries skipped) that a supported
 * locale matches ({@link matchLocale}), else `fallback`.
 *
 * @example
 * negotiateLocale(acceptLanguageTags(request.headers.get('accept-language')), ['en', 'ja'], 'en')
 * negotiateLocale([traits.locale, options.locale, navigator.language], ['en', 'ja'], content.defaultLocale)
 */
export function negotiateLocale<L extends string>(preferences: ReadonlyArray<string | null | undefined>, supported: readonly L[], fallback: L): L {
  for (const preference of preferences.slice(0, MAX_TAGS)) {
    if (!preference) continue
    const found = matchLocale(preference, supported)
    if (found) return found
  }
  return fallback
}

/**
 * A tag and its parents, most specific first (`ja-JP` → `ja-JP`, `ja`): defined with the other
 * tag helpers in the schema, where the content file's checks need it too.
 */
export { parentsOf }

/**
 * The order in which to look for a user's text, one layer per locale (content: `ja-JP` → `ja` →
 * `defaultLocale`): the wanted tags (most preferred first), each with its parents, then the
 * fallback's. Canonical tags; duplicates and non-tags are left out. Unlike {@link negotiateLocale},
 * which picks one supported locale, this keeps every step, so that a regional override
 * (`strings["ja-JP"]`) can sit on its language's catalog.
 *
 * @example
 * fallbackChain(['ja-JP'], 'en') // ['ja-JP', 'ja', 'en']
 * fallbackChain(['fr_CA', 'ja'], 'en') // ['fr-CA', 'fr', 'ja', 'en']
 */
export function fallbackChain(wanted: readonly string[], fallback: string): string[] {
  return [...new Set([...wanted.slice(0, MAX_TAGS).flatMap(parentsOf), ...parentsOf(fallback)])]
}

/**
 * Whether a locale is `target` or one of its variants: `ja-JP` is within `ja`, `ja` is not within
 * `ja-JP`. What a `locales` audience asks of a user's locale.
 *
 * @example
 * isWithin('ja-JP', 'ja') // true
 */
export function isWithin(locale: string, target: string): boolean {
  const wanted = canonicalLocale(target)
  return wanted !== null && parentsOf(locale).includes(wanted)
}
