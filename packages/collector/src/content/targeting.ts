import { canonicalLocale, type Content } from '@goyo/schema'
import type { ConditionFacts } from '../cs/conditions'
import { loadAccountFacts } from '../cs/facts'
import { decideTier } from '../cs/tiers'
import { readRollupZone } from '../store/rebuild'
import type { SqlClient } from '../store/sql'
import type { AudienceContext } from './audience'
import { accountHistory, featureUsage, userHistory, userKeys, userProfile, type History } from './targeting-data'

/** Who is asking for content. */
export interface ContentRequest {
  userId?: string
  anonymousId?: string
  groupId?: string
  /** The page's locale (the SDK's `locale` option, else the browser's); a `locale` trait of the user wins over it. */
  locale?: string
}

/**
 * Everything the collector knows about one user that targeting looks at, read once per request:
 * the account's tier, traits, usage and playbook enablement, and the user's history of shows,
 * dismissals, answers and checklist events on every device.
 */
export interface Targeting {
  /** The user's rollup keys; the first one is this user's. */
  keys: string[]
  accountId: string | null
  /**
   * The user's locale, canonical: the `locale` trait of their last `identify`, else the page's,
   * else the content's default.
   */
  locale: string
  audience: AudienceContext
  /** By `kind\u0000name` (see targeting-data.ts). */
  history: Map<string, History>
  /** Events anyone in the account did, for checklist items with `scope: "account"`. */
  accountDone: Map<string, Date>
  /** The workspace time zone (the rollups'): where today's cap begins. */
  timeZone: string
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

/**
 * Reads what targeting needs from the rollups only: a handful of indexed queries, so the answer
 * costs the same at any history size.
 */
export async function loadTargeting(sql: SqlClient, content: Content, request: ContentRequest, now: Date): Promise<Targeting> {
  const keys = await userKeys(sql, request)
  const user = request.userId ? await userProfile(sql, request.userId) : null
  const accountId = request.groupId ?? user?.accountId ?? null
  const locale = canonicalLocale(user?.locale) ?? canonicalLocale(request.locale) ?? canonicalLocale(content.defaultLocale) ?? content.defaultLocale
  const [account] = accountId
    ? await sql.query<{ traits: Record<string, unknown> | string; tier: string | null; enabled: AudienceContext['enabled'] | string | null }>(
        'SELECT a.traits, s.tier, s.enabled FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id WHERE a.account_id = $1',
        [accountId],
      )
    : []
  const traits = account ? json<Record<string, unknown>>(account.traits) : {}
  // Full account facts only for audience rules on the account; the common `usage` audience needs
  // one small query instead (see featureUsage).
  const items = [...content.checklists, ...content.prompts, ...content.surveys, ...content.tours]
  const tierRulesUseUsage = JSON.stringify(content.tiers).includes('"usage"')
  let facts: ConditionFacts | null = null
  if (account && (items.some((item) => item.audience?.account) || (!account.tier && tierRulesUseUsage))) {
    facts = await loadAccountFacts(sql, accountId!, content, now)
  } else if (account) {
    facts = await featureUsage(sql, accountId!, content, items.flatMap((item) => (item.audience?.usage ? [item.audience.usage] : [])), traits, now)
  }
  // An account the engine has not evaluated yet (its first minutes) is placed by the rules now.
  const tier =
    account?.tier ??
    (content.tiers.length && account && facts
      ? decideTier(content.tiers, facts, { tier: null, candidate: null, candidateCount: 0 }, content.tierPolicy, now).tier
      : null)
  return {
    keys,
    accountId,
    locale,
    audience: { tier, traits, facts, locale, enabled: account?.enabled ? json(account.enabled) : { prompts: [], checklists: [] } },
    history: await userHistory(sql, keys, content),
    accountDone: accountId ? await accountHistory(sql, accountId, content) : new Map<string, Date>(),
    timeZone: (await readRollupZone(sql)).timeZone,
  }
}
