import type { Audience } from '@goyo/schema'
import { evaluate, type ConditionFacts } from '../cs/conditions'

/** What the server knows when it decides whether an audience includes a user. */
export interface AudienceContext {
  tier: string | null
  traits: Record<string, unknown>
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

/**
 * Whether a user is in an audience, judged on what needs account data. What needs the page (the
 * URL, an element on it, whether the user is typing) is left to the SDK. Pure.
 * @param enabledAs the kind and id of the item, for `requiresPlaybook`.
 */
export function inAudience(audience: Audience | undefined, context: AudienceContext, enabledAs: { kind: 'prompts' | 'checklists'; id: string } | null): { pass: boolean; reason: string } {
  if (!audience) return { pass: true, reason: 'everyone' }
  if (audience.requiresPlaybook && (!enabledAs || !context.enabled[enabledAs.kind].includes(enabledAs.id))) {
    return { pass: false, reason: 'not enabled by a playbook' }
  }
  if (audience.tiers && (context.tier === null || !audience.tiers.includes(context.tier))) {
    return { pass: false, reason: `tier ${context.tier ?? 'none'} not in ${audience.tiers.join(', ')}` }
  }
  const products = productsOf(context.traits)
  if (audience.lacksProduct && products.includes(audience.lacksProduct)) return { pass: false, reason: `has ${audience.lacksProduct}` }
  if (audience.hasProduct && !products.includes(audience.hasProduct)) return { pass: false, reason: `lacks ${audience.hasProduct}` }
  if (audience.usage) {
    const { feature, atLeast, withinDays } = audience.usage
    const uses = context.facts?.usage('featureUses', feature, withinDays) ?? 0
    if (uses < atLeast) return { pass: false, reason: `${feature} used ${uses} times in ${withinDays} days, ${atLeast} needed` }
  }
  if (audience.account) {
    if (!context.facts) return { pass: false, reason: 'no account' }
    const verdict = evaluate(audience.account, context.facts)
    if (!verdict.pass) return { pass: false, reason: verdict.reason }
  }
  return { pass: true, reason: 'in audience' }
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
