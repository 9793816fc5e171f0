import type { ConsentState, WireEvent } from '../types'

/** Events held in memory while consent is pending; beyond this the oldest go. */
const PENDING_LIMIT = 200

/** The consent gate between `track()` and the queue. See {@link createConsentGate}. */
export interface ConsentGate {
  readonly state: ConsentState
  /** Lets the event through, holds it in memory (pending) or drops it (denied). */
  _admit(event: WireEvent): void
  /** Records the user's choice; granting releases what was held, denying discards it. */
  set(granted: boolean): void
}

/**
 * While consent is `pending`, events wait in memory only (never on disk, never on the network),
 * so that the page view of a visitor who accepts the banner a few seconds later still counts.
 * `denied` drops them. The caller deletes the durable queue and the stored ids on denial.
 *
 * @example
 * const gate = createConsentGate('pending', (event) => queue.push(event))
 * gate.set(true) // held events go to the queue now
 */
export function createConsentGate(initial: ConsentState, sink: (event: WireEvent) => void): ConsentGate {
  let state = initial
  let held: WireEvent[] = []
  return {
    get state() {
      return state
    },
    _admit(event) {
      if (state === 'granted') sink(event)
      else if (state === 'pending' && held.push(event) > PENDING_LIMIT) held.shift()
    },
    set(granted) {
      state = granted ? 'granted' : 'denied'
      const release = held
      held = []
      if (granted) release.forEach(sink)
    },
  }
}
