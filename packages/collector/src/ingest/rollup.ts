import { EVENTS } from '@goyo/schema'
import type { NormalizedEvent } from './normalize'
import { cleanString } from './sanitize'

/** What an event counts as in the rollups: a kind and a name (see migration 002). */
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

/**
 * The keys one event adds to: every track event counts under its name; `Feature Used` also under
 * its feature, `Milestone Reached` under its milestone, Goyo's object events under their object;
 * page views under their path. identify, group and alias are not usage.
 */
export function usageKeys(event: NormalizedEvent): UsageKey[] {
  const properties = event.properties ?? undefined
  if (event.type === 'page' || event.type === 'screen') {
    const path = (properties?.path as string | undefined) ?? event.name ?? ''
    return [{ kind: 'page', name: cleanString(String(path).slice(0, MAX_NAME)) }]
  }
  if (event.type !== 'track' || event.event === null) return []
  const keys: UsageKey[] = [{ kind: 'event', name: event.event }]
  const props = properties ?? {}
  if (event.event === EVENTS.featureUsed && typeof props.feature === 'string') {
    keys.push({ kind: 'feature', name: cleanString(props.feature.slice(0, MAX_NAME)) })
  } else if (event.event === EVENTS.milestoneReached && typeof props.milestone === 'string') {
    keys.push({ kind: 'milestone', name: cleanString(props.milestone.slice(0, MAX_NAME)) })
  } else {
    const object = OBJECT_EVENTS[event.event]?.(props)
    if (typeof object === 'string' || typeof object === 'number') {
      keys.push({ kind: event.event, name: cleanString(String(object).slice(0, MAX_NAME)) })
    }
  }
  return keys
}

/** A user's rollup key: their userId, else their anonymous id marked as such. */
export function userKey(event: Pick<NormalizedEvent, 'userId' | 'anonymousId'>): string | null {
  if (event.userId !== null) return event.userId
  return event.anonymousId === null ? null : `anon:${event.anonymousId}`
}
