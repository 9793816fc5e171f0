import { integerParameter, textParameter } from '@goyo/schema'
import { z } from 'zod'
import { HttpError } from '../http/errors'
import { parseWith } from '../http/query'

/**
 * The dashboard's URL parameters. Its forms submit every field, empty ones included, so empty
 * values mean "not set"; everything else is bounded like the API's parameters and unknown keys
 * are refused (the page then shows what to fix). The reports check the values themselves
 * (dates, tiers of the content) when they run.
 */

/** Drops empty form fields and trims the rest. */
function filled(query: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [key, value] of Object.entries(query)) if (value.trim() !== '') kept[key] = value.trim()
  return kept
}

const filter = textParameter(200).optional()

const reportPageQuery = z.strictObject({
  from: filter, to: filter, tier: filter, feature: filter, milestone: filter, interval: filter, product: filter, group: filter, cursor: filter,
})

const accountsPageQuery = z.strictObject({
  tier: textParameter(100).optional(),
  band: z.enum(['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient']).optional(),
  q: textParameter(100).optional(),
  // A column of the list, `-` first for descending (account-pages.ts ACCOUNT_SORTS); `name` is
  // the account column's name in links made before the columns sorted.
  sort: z.string().regex(/^-?(account|name|tier|health|band|arr|plan|activeUsers|lastSeen)$/, 'is not a column of the list')
    .transform((sort) => sort.replace(/name$/, 'account')).optional(),
  page: integerParameter(1, 10_000).optional(),
})

// The account page's "What does this account see?" panel: whom to explain, and a preview link's item and URL.
const accountPageQuery = z.strictObject({
  user: textParameter(200).optional(),
  item: textParameter(300).optional(),
  url: textParameter(2000).optional(),
})

/** The account page's panel parameters. */
export function accountPageParams(query: Record<string, string>): Record<string, string> {
  return parseWith(accountPageQuery, filled(query)) as Record<string, string>
}

/** The filters of a report page or its CSV download. */
export function reportPageParams(query: Record<string, string>): Record<string, string> {
  return parseWith(reportPageQuery, filled(query)) as Record<string, string>
}

/** The filters of the accounts list; `tier` must be a tier of the content. */
export function accountsPageParams(query: Record<string, string>, tiers: readonly string[]): Record<string, string> {
  const parsed = parseWith(accountsPageQuery, filled(query))
  if (parsed.tier !== undefined && !tiers.includes(parsed.tier)) {
    const message = `no tier "${parsed.tier}" in the content file`
    throw new HttpError(400, 'invalid_query', `tier: ${message}`, { parameter: 'tier', issues: [{ path: 'tier', message }] })
  }
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]))
}
