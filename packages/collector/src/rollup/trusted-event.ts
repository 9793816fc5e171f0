import { trustedFields } from '../trust/trusted-fields'
import type { LoggedEvent } from './event'

/**
 * The event as the fold may apply it: traits and properties after the trust policy (no CS-owned
 * traits, no report numbers out of range), whichever way the event reached the fold, from this
 * process's request or read back from the log. The log itself keeps the payload as sent.
 */
export function trustedEvent(event: LoggedEvent): LoggedEvent {
  const { traits, properties, ignored } = trustedFields(event)
  return ignored.length === 0 ? event : { ...event, traits, properties }
}
