/**
 * Account traits that only customer success sets, through `PATCH /v1/accounts/:id/traits` with
 * the secret key. The engine reads them as a CS decision (`tierOverride` places the account in a
 * tier "set by CS" until `tierOverrideUntil`), so the public write key must never set them: ingest
 * keeps them in the raw event and never applies them (issue 19, finding 3).
 */
export const CS_OWNED_TRAITS = ['tierOverride', 'tierOverrideUntil'] as const

export type CsOwnedTrait = (typeof CS_OWNED_TRAITS)[number]

const OWNED = new Set<string>(CS_OWNED_TRAITS)

/** Whether a trait may be set only by customer success. */
export const isCsOwnedTrait = (name: string): name is CsOwnedTrait => OWNED.has(name)

/**
 * The traits an ingested `identify` or `group` may apply: the same object when it names no
 * CS-owned trait, else a copy without them. Pure.
 *
 * @example
 * withoutCsOwnedTraits({ arr: 1, tierOverride: 'high-touch' }) // { traits: { arr: 1 }, removed: ['tierOverride'] }
 */
export function withoutCsOwnedTraits(traits: Record<string, unknown>): { traits: Record<string, unknown>; removed: CsOwnedTrait[] } {
  const removed = CS_OWNED_TRAITS.filter((name) => Object.hasOwn(traits, name))
  if (removed.length === 0) return { traits, removed }
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(traits)) {
    // defineProperty keeps a key named "__proto__" an ordinary key, as the sanitiser does.
    if (!OWNED.has(key)) Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return { traits: kept, removed }
}
