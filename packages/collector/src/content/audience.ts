import type { Audience, Content } from '@goyo/schema'
import { evaluate, type ConditionFacts } from '../cs/conditions'
import { isWithin } from '../i18n/negotiate'
import type { Check, ItemKind } from './checks'
import { describeCheck } from './explain-text'

/** What the server knows when it decides whether an audience includes a user. */
export interface AudienceContext {
  tier: string | null
  traits: Record<string, unknown>
  /** The user's locale (see Targeting.locale). */
  locale: string
  /** Account facts for usage and account rules; null for a user without an account. */
  facts: ConditionFacts | null
  /** Prompts and checklists a playbook enabled for this account. */
  enabled: { prompts: string[]; checklists: string[] }
}

/** The account's products, from a `products` trait that is an array or a comma-separated string. */
export function productsOf(traits: Record<string, unknown>): string[] {
  const products = traits.products
  if (Array.isArray(products)) return products.map(String)
  if (typeof products === 'string') return products.split(',').map((p) => p.trim()).filter(Boolean)
  return []
}

/** The content file's playbooks that can enable an item (`enablePrompt` / `enableChecklist`). */
export function playbooksEnabling(content: Content, kind: ItemKind, id: string): string[] {
  return content.playbooks
    .filter((playbook) => playbook.do.some((action) => (kind === 'prompts' && 'enablePrompt' in action && action.enablePrompt === id) || (kind === 'checklists' && 'enableChecklist' in action && action.enableChecklist === id)))
    .map((playbook) => playbook.id)
}

const check = (name: Check['check'], pass: boolean, value: unknown, wanted: unknown): Check => {
  const partial = { check: name, pass, value, wanted }
  return { ...partial, detail: describeCheck(partial) }
}

/**
 * The audience's checks, in order, each with what it found: what needs account data. What needs
 * the page (the URL, an element on it, whether the user is typing) is left to the SDK. Every part
 * is checked even after one fails, so an explanation lists everything that stands in the way. Pure.
 * @param item the kind and id of the item, for `requiresPlaybook`.
 */
export function audienceChecks(audience: Audience | undefined, context: AudienceContext, item: { kind: ItemKind; id: string }, content: Content): Check[] {
  if (!audience) return []
  const checks: Check[] = []
  if (audience.requiresPlaybook) {
    const enabled = (item.kind === 'prompts' || item.kind === 'checklists') && context.enabled[item.kind].includes(item.id)
    checks.push(check('playbook', enabled, enabled, playbooksEnabling(content, item.kind, item.id)))
  }
  if (audience.tiers) checks.push(check('tier', context.tier !== null && audience.tiers.includes(context.tier), context.tier, audience.tiers))
  const products = productsOf(context.traits)
  if (audience.lacksProduct) {
    const has = products.includes(audience.lacksProduct)
    checks.push(check('lacksProduct', !has, has, audience.lacksProduct))
  }
  if (audience.hasProduct) {
    const has = products.includes(audience.hasProduct)
    checks.push(check('hasProduct', has, has, audience.hasProduct))
  }
  if (audience.usage) {
    const { feature, atLeast, withinDays } = audience.usage
    const uses = context.facts?.usage('featureUses', feature, withinDays) ?? 0
    checks.push(check('usage', uses >= atLeast, uses, audience.usage))
  }
  if (audience.locales) checks.push(check('locale', audience.locales.some((target) => isWithin(context.locale, target)), context.locale, audience.locales))
  if (audience.account) {
    const verdict = context.facts ? evaluate(audience.account, context.facts) : { pass: false, reason: 'no account' }
    checks.push(check('account', verdict.pass, verdict.reason, audience.account))
  }
  return checks
}

/**
 * A stable number in [0, 1) for a prompt and an account: the same account is in or out of a
 * prompt's holdout on every request, every device and every replica (FNV-1a, then scaled).
 */
export function holdoutPosition(promptId: string, unitId: string): number {
  const text = `${promptId}\u0000${unitId}`
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  // One more avalanche round so that ids differing in the last character spread evenly.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  return (hash >>> 0) / 2 ** 32
}
