import { EVENTS, type Content, type Frequency } from '@goyo/schema'
import { dayOf, startOfDay } from '../calendar/zone'
import { audienceChecks, holdoutPosition } from './audience'
import type { Check, ItemExplanation, ItemKind } from './checks'
import { describeCheck } from './explain-text'
import type { History } from './targeting-data'
import type { Targeting } from './targeting'

/** A targeting side effect to record: eligibility (for lift) or a cap that held a show back. */
export type TargetingRecord =
  | { type: 'eligible'; promptId: string; accountId: string; userKey: string; holdout: boolean }
  | { type: 'suppressed'; promptId: string; reason: 'max_shows' | 'cooldown' | 'daily_cap' }

/** Every item's explanation, by kind in delivery order, and the records delivery writes. */
export interface Explained {
  items: Record<ItemKind, ItemExplanation[]>
  records: TargetingRecord[]
  /** How many more prompts and surveys may be shown today after this answer (null: no daily cap). */
  remainingToday: number | null
}

const DAY = 86_400_000

/**
 * Without a `frequency`, a prompt shows at most 3 times, a week apart: every delivery is a show,
 * and a show or a dismissal starts the cooldown, so nothing nags on every page.
 */
export const DEFAULT_FREQUENCY = { maxShows: 3, cooldownDays: 7 }

/** A tour viewed this recently is in progress: the page needs it to resume, whatever its caps say. */
export const TOUR_IN_PROGRESS_MS = 30 * 60_000

const CAP_REASONS = { maxShows: 'max_shows', cooldown: 'cooldown', dailyCap: 'daily_cap' } as const

const check = (name: Check['check'], pass: boolean, value: unknown, wanted: unknown): Check => {
  const partial = { check: name, pass, value, wanted }
  return { ...partial, detail: describeCheck(partial) }
}

const iso = (ms: number): string => new Date(ms).toISOString()

const byPriority = <T extends { priority?: number }>(list: readonly T[]): T[] => [...list].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))

/**
 * Decides, for one user, every checklist, prompt, survey and tour, check by check: the account
 * data part of targeting (audience, holdout, caps across devices, finished tours, resurveys).
 * Delivery keeps the eligible ones, so what is explained is what is delivered: one code path.
 * Pure: the targeting data comes in (see loadTargeting), decisions go out.
 */
export function explainTargeting(content: Content, targeting: Targeting, now: Date): Explained {
  const { history, accountId, keys, audience } = targeting
  const seen = (kind: string, name: string): History | undefined => history.get(`${kind}\u0000${name}`)
  const records: TargetingRecord[] = []
  const unit = accountId ?? keys[0] ?? ''
  const userKey = keys[0] ?? ''
  const explained = (id: string, checks: Check[], urls?: string[]): ItemExplanation => ({ id, eligible: checks.every((c) => c.pass), checks, page: urls ? { urls } : {} })

  // The global cap counts distinct prompts and surveys shown to this user since midnight in the
  // workspace time zone, and those this answer delivers before the item at hand (highest priority first).
  const midnight = startOfDay(dayOf(now, targeting.timeZone), targeting.timeZone)
  const usedToday: string[] = []
  for (const [key, entry] of history) {
    const [kind, name] = key.split('\u0000') as [string, string]
    if ((kind === EVENTS.promptShown || kind === EVENTS.surveyShown) && entry.lastAt >= midnight) usedToday.push(name)
  }
  const dailyCap = content.frequency.maxPromptsPerDay

  /** The caps on one prompt or survey, from its shows and dismissals on every device. */
  const capChecks = (id: string, shownKind: string, dismissedKind: string | null, frequency: Frequency | undefined): Check[] => {
    const { maxShows, cooldownDays } = { ...DEFAULT_FREQUENCY, ...frequency }
    const shown = seen(shownKind, id)
    const dismissed = dismissedKind ? seen(dismissedKind, id) : undefined
    const last = Math.max(shown?.lastAt.getTime() ?? 0, dismissed?.lastAt.getTime() ?? 0)
    const cooling = last > 0 && now.getTime() - last < cooldownDays * DAY
    const checks = [
      check('maxShows', (shown?.count ?? 0) < maxShows, shown?.count ?? 0, maxShows),
      check('cooldown', !cooling, cooling ? iso(last + cooldownDays * DAY) : null, cooldownDays),
    ]
    if (dailyCap !== undefined) checks.push(check('dailyCap', usedToday.length < dailyCap, [...usedToday], dailyCap))
    return checks
  }
  /** The first cap that holds a show back, as delivery records it. */
  const suppression = (id: string, checks: Check[]): TargetingRecord | null => {
    const failed = checks.find((c) => c.check in CAP_REASONS && !c.pass)
    return failed ? { type: 'suppressed', promptId: id, reason: CAP_REASONS[failed.check as keyof typeof CAP_REASONS] } : null
  }

  const checklists = content.checklists.map((checklist) =>
    explained(checklist.id, audienceChecks(checklist.audience, audience, { kind: 'checklists', id: checklist.id }, content), checklist.audience?.urls),
  )

  const prompts = byPriority(content.prompts).map((prompt) => {
    const checks = audienceChecks(prompt.audience, audience, { kind: 'prompts', id: prompt.id }, content)
    const inAudience = checks.every((c) => c.pass)
    const holdout = prompt.holdout ?? 0
    let heldOut = false
    if (holdout > 0) {
      const position = holdoutPosition(prompt.id, unit)
      heldOut = position < holdout
      checks.push(check('holdout', !heldOut, position, holdout))
    }
    if (inAudience && (accountId || userKey)) records.push({ type: 'eligible', promptId: prompt.id, accountId: accountId ?? '', userKey, holdout: heldOut })
    const caps = capChecks(prompt.id, EVENTS.promptShown, EVENTS.promptDismissed, prompt.frequency)
    const capped = inAudience && !heldOut ? suppression(prompt.id, caps) : null
    if (capped) records.push(capped)
    checks.push(...caps)
    const item = explained(prompt.id, checks, prompt.audience?.urls)
    if (item.eligible) usedToday.push(prompt.id)
    return item
  })

  const surveys = byPriority(content.surveys).map((survey) => {
    const checks = audienceChecks(survey.audience, audience, { kind: 'surveys', id: survey.id }, content)
    const answered = seen(EVENTS.surveyAnswered, survey.id)
    const resurveyDays = survey.resurveyDays ?? 90
    checks.push(check('answered', !answered || now.getTime() - answered.lastAt.getTime() >= resurveyDays * DAY, answered ? answered.lastAt.toISOString() : null, resurveyDays))
    const caps = capChecks(survey.id, EVENTS.surveyShown, null, survey.frequency)
    const capped = checks.every((c) => c.pass) ? suppression(survey.id, caps) : null
    if (capped) records.push(capped)
    checks.push(...caps)
    const item = explained(survey.id, checks, survey.audience?.urls)
    if (item.eligible) usedToday.push(survey.id)
    return item
  })

  const tours = byPriority(content.tours).map((tour) => {
    const checks = audienceChecks(tour.audience, audience, { kind: 'tours', id: tour.id }, content)
    const finished = seen(EVENTS.tourCompleted, tour.id) ? 'completed' : seen(EVENTS.tourDismissed, tour.id) ? 'dismissed' : null
    checks.push(check('finished', finished === null, finished, null))
    if (tour.frequency) checks.push(...tourCaps(tour, history, now))
    return explained(tour.id, checks, tour.audience?.urls)
  })

  const remainingToday = dailyCap === undefined ? null : Math.max(0, dailyCap - usedToday.length)
  return { items: { checklists, prompts, surveys, tours }, records, remainingToday }
}

/**
 * A tour's own `frequency`, applied only when the content file gives one (a tour without it shows
 * until finished or closed): a start is a view of its first step; `maxShows` caps starts and
 * `cooldownDays` waits after the last view. A tour viewed in the last 30 minutes is never capped,
 * so a tour that spans pages or survives a reload can go on.
 */
function tourCaps(tour: Content['tours'][number], history: Map<string, History>, now: Date): Check[] {
  const prefix = `${EVENTS.tourStepViewed}\u0000${tour.id}/`
  let lastView = 0
  for (const [key, entry] of history) if (key.startsWith(prefix)) lastView = Math.max(lastView, entry.lastAt.getTime())
  const inProgress = lastView > 0 && now.getTime() - lastView < TOUR_IN_PROGRESS_MS
  const { maxShows, cooldownDays } = { ...DEFAULT_FREQUENCY, ...tour.frequency }
  const starts = history.get(`${prefix}${tour.steps[0]!.id}`)?.count ?? 0
  const cooling = lastView > 0 && now.getTime() - lastView < cooldownDays * DAY
  return [
    check('maxShows', inProgress || starts < maxShows, starts, maxShows),
    check('cooldown', inProgress || !cooling, cooling ? iso(lastView + cooldownDays * DAY) : null, cooldownDays),
  ]
}
