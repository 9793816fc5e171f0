import type { Kv } from '../lib/kv'
import { randomHex } from '../lib/id'

/** Storage keys. Kept short and stable: renaming one forgets every visitor. */
export const KEYS = { anonymousId: 'goyo_aid', userId: 'goyo_uid', groupId: 'goyo_gid' } as const

/** Who the events are about. */
export interface Identity {
  readonly anonymousId: string
  readonly userId: string | null
  readonly groupId: string | null
  _setUser(userId: string): void
  _setGroup(groupId: string): void
  /** Forgets user, account and anonymous id, and starts a fresh anonymous id. */
  reset(): void
}

/**
 * Reads or creates the identity. The anonymous id is random and first-party; it is created once
 * and reused across reloads for as long as storage keeps it.
 *
 * @example
 * const identity = createIdentity(createKv(() => true))
 * identity.setUser('u_42')
 */
export function createIdentity(kv: Kv): Identity {
  let anonymousId = kv.get(KEYS.anonymousId) || randomHex(16)
  let userId = kv.get(KEYS.userId)
  let groupId = kv.get(KEYS.groupId)
  kv.set(KEYS.anonymousId, anonymousId)
  return {
    get anonymousId() {
      return anonymousId
    },
    get userId() {
      return userId
    },
    get groupId() {
      return groupId
    },
    _setUser(id) {
      userId = id
      kv.set(KEYS.userId, id)
    },
    _setGroup(id) {
      groupId = id
      kv.set(KEYS.groupId, id)
    },
    reset() {
      kv.remove(KEYS.userId)
      kv.remove(KEYS.groupId)
      userId = groupId = null
      anonymousId = randomHex(16)
      kv.set(KEYS.anonymousId, anonymousId)
    },
  }
}
