import { EVENTS } from '@goyo/schema'

/**
 * How close a tagged click and its feature's own event must be to be one action. A click handler
 * tracks its event within milliseconds; 5 s also covers a slow network round trip in between
 * (click, request, then `track` on success) without merging two deliberate uses.
 */
export const ONE_ACTION_WINDOW_MS = 5_000

/** For each feature with `events` in the content file, those events (the rest need no dedupe). */
export type FeatureEvents = ReadonlyMap<string, ReadonlySet<string>>

/** The features whose `events` list names an event. */
export function featuresOfEvent(featureEvents: FeatureEvents, event: string): string[] {
  const features: string[] = []
  for (const [feature, events] of featureEvents) if (events.has(event)) features.push(feature)
  return features
}

/** One person's `Feature Used` click or listed event, as the one-action rule sees it. */
export interface ActionEvent {
  messageId: string
  /** The rollup key of the person (after identity links). */
  person: string
  at: number
  /** `Feature Used`, or the track event's name. */
  event: string
  /** The feature a `Feature Used` names. */
  feature: string | null
}

/**
 * One user action is one feature use (issue 13, item 9). A feature can be defined by selectors or
 * URLs (the SDK sends `Feature Used {feature}` for a click or a page view) and by `events` (the
 * app's own track calls). A click on a tagged button whose handler also tracks the listed event
 * would be two uses; so a `Feature Used {F}` **adds no use when the same person tracked one of F's
 * events within {@link ONE_ACTION_WINDOW_MS} before or after it**: the listed event is the use.
 * A click alone and an event alone are one use each.
 *
 * The rule is a property of each click and the events around it, whatever order they arrive in,
 * so the fold can apply it to each new event and retract a click it already counted.
 *
 * @returns the messageIds of the clicks that add no use.
 */
export function absorbedClicks(events: readonly ActionEvent[], featureEvents: FeatureEvents): Set<string> {
  const absorbed = new Set<string>()
  if (featureEvents.size === 0) return absorbed
  const listed = new Map<string, number[]>()
  for (const event of events) {
    if (event.event === EVENTS.featureUsed) continue
    for (const feature of featuresOfEvent(featureEvents, event.event)) {
      const key = `${event.person}\u0000${feature}`
      const times = listed.get(key)
      if (times) times.push(event.at)
      else listed.set(key, [event.at])
    }
  }
  for (const click of events) {
    if (click.event !== EVENTS.featureUsed || click.feature === null) continue
    const times = listed.get(`${click.person}\u0000${click.feature}`)
    if (times?.some((at) => Math.abs(at - click.at) <= ONE_ACTION_WINDOW_MS)) absorbed.add(click.messageId)
  }
  return absorbed
}
