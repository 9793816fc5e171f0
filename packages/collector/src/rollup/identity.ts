import type { LoggedEvent } from './event'
import { anonymousKey } from './keys'

/** An anonymous id that turned out to be a user. */
export interface IdentityLink {
  anonymousId: string
  userId: string
}

/**
 * The links an event makes: any call that carries both a userId and an anonymousId (identify, as
 * the SDKs send it after sign-in, and every later call of that device), and alias, which names the
 * previous id outright. Once linked, an anonymous id's activity, earlier and later, is the user's.
 */
export function identityLinks(event: Pick<LoggedEvent, 'type' | 'userId' | 'anonymousId' | 'previousId'>): IdentityLink[] {
  const links: IdentityLink[] = []
  if (event.userId === null) return links
  if (event.anonymousId !== null) links.push({ anonymousId: event.anonymousId, userId: event.userId })
  if (event.type === 'alias' && event.previousId !== null && event.previousId !== event.userId) {
    links.push({ anonymousId: event.previousId, userId: event.userId })
  }
  return links
}

/**
 * Who did an event, as every rollup keys people: the userId; else the user the anonymous id is
 * linked to; else the anonymous id itself (`anon:<id>`). Null for an event with neither id.
 */
export function personKey(
  event: Pick<LoggedEvent, 'userId' | 'anonymousId'>,
  linkedUser: (anonymousId: string) => string | undefined,
): string | null {
  if (event.userId !== null) return event.userId
  if (event.anonymousId === null) return null
  return linkedUser(event.anonymousId) ?? anonymousKey(event.anonymousId)
}

/** Whether a rollup key is an identified user's (not an anonymous visitor's, not empty). */
export const isIdentified = (key: string) => key !== '' && !key.startsWith('anon:')
