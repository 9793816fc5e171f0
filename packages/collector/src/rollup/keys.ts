import { EVENTS } from '@goyo/schema'
import type { LoggedEvent } from './event'

/** What an event counts as in the usage rollups: a kind and a name (see migration 002). */
export interface UsageKey {
  kind: string
  name: string
}

/** Goyo's object events, and the property that names their object. */
const OBJECT_EVENTS: Record<string, (properties: Record<string, unknown>) => unknown> = {
  [EVENTS.promptShown]: (p) => p.prompt,
  [EVENTS.promptClicked]: (p) => p.prompt,
  [EVENTS.promptDismissed]: (p) => p.prompt,
  [EVENTS.promptConverted]: (p) => p.prompt,
  [EVENTS.checklistCompleted]: (p) => p.checklist,
  [EVENTS.checklistDismissed]: (p) => p.checklist,
  [EVENTS.checklistItemCompleted]: (p) => (p.checklist === undefined ? undefined : `${String(p.checklist)}/${String(p.item)}`),
  [EVENTS.surveyShown]: (p) => p.survey,
  [EVENTS.surveyAnswered]: (p) => p.survey,
  // Per step, like checklist items: views of a tour's first step count its starts (content/deliver.ts).
  [EVENTS.tourStepViewed]: (p) => (p.tour === undefined ? undefined : `${String(p.tour)}/${String(p.step)}`),
  [EVENTS.tourCompleted]: (p) => p.tour,
  [EVENTS.tourDismissed]: (p) => p.tour,
}

const MAX_NAME = 200

/** A name cut to MAX_NAME characters, never in the middle of a surrogate pair. */
function boundedName(value: string): string {
  if (value.length <= MAX_NAME) return value
  const code = value.charCodeAt(MAX_NAME - 1)
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_NAME - 1 : MAX_NAME)
}

/**
 * The keys one event adds to: every track event counts under its name; `Feature Used` also under
 * its feature, `Milestone Reached` under its milestone, Goyo's object events under their object;
 * page views under their path. identify, group and alias are not usage.
 */
export function usageKeys(event: Pick<LoggedEvent, 'type' | 'event' | 'name' | 'properties'>): UsageKey[] {
  const properties = event.properties ?? undefined
  if (event.type === 'page' || event.type === 'screen') {
    const path = (properties?.path as string | undefined) ?? event.name ?? ''
    return [{ kind: 'page', name: boundedName(String(path)) }]
  }
  if (event.type !== 'track' || event.event === null) return []
  const keys: UsageKey[] = [{ kind: 'event', name: event.event }]
  const props = properties ?? {}
  const feature = featureOf(event)
  if (feature !== null) keys.push({ kind: 'feature', name: feature })
  else if (event.event === EVENTS.milestoneReached && typeof props.milestone === 'string') {
    keys.push({ kind: 'milestone', name: boundedName(props.milestone) })
  } else {
    const object = OBJECT_EVENTS[event.event]?.(props)
    if (typeof object === 'string' || typeof object === 'number') {
      keys.push({ kind: event.event, name: boundedName(String(object)) })
    }
  }
  return keys
}

/** The feature a `Feature Used` event names, as the rollups key it; null for any other event. */
export function featureOf(event: Pick<LoggedEvent, 'type' | 'event' | 'properties'>): string | null {
  if (event.type !== 'track' || event.event !== EVENTS.featureUsed) return null
  const feature = event.properties?.feature
  return typeof feature === 'string' ? boundedName(feature) : null
}

/**
 * Whether `user_firsts` keeps a person's first and last time for a kind: events, milestones and
 * Goyo's objects (time to value, checklists, caps and conversions read them). Page paths and
 * features are counted per day only; nothing asks for their first time, and they are most rows.
 */
export const keepsFirsts = (kind: string) => kind !== 'page' && kind !== 'feature'

/** A user's rollup key before identity links: their userId, else their anonymous id marked as such. */
export function userKey(event: Pick<LoggedEvent, 'userId' | 'anonymousId'>): string | null {
  if (event.userId !== null) return event.userId
  return event.anonymousId === null ? null : anonymousKey(event.anonymousId)
}

/** The rollup key of an anonymous visitor not (yet) linked to a user. */
export const anonymousKey = (anonymousId: string) => `anon:${anonymousId}`

/**
 * The calendar day an instant falls on in the rollups' time zone: the one place rollups cut days
 * (usage_daily, account_days, the day bitmaps). The fold passes the zone stored with the rollups
 * (`lockFoldState`); a new `GOYO_TIMEZONE` rebuilds them from the log (store/rebuild.ts).
 */
export { dayOf } from '../calendar/zone'
