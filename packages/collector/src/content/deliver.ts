import { EVENTS, type Content, type Frequency } from '@goyo/schema'
import type { ConditionFacts } from '../cs/conditions'
import { loadAccountFacts } from '../cs/facts'
import { decideTier } from '../cs/tiers'
import type { SqlClient } from '../store/sql'
import { holdoutPosition, inAudience, type AudienceContext } from './audience'
import { accountHistory, featureUsage, lastAccount, userHistory, userKeys, type History } from './targeting-data'

/** Who is asking for content. */
export interface ContentRequest {
  userId?: string
  anonymousId?: string
  groupId?: string
}

/** A checklist as the SDK renders it, with this user's progress. */
export interface DeliveredChecklist {
  id: string
  title: string
  description?: string
  completedMessage?: string
  items: Array<{ id: string; title: string; description?: string; href?: string; event: string; scope: 'user' | 'account'; done: boolean }>
  completed: boolean
  dismissed: boolean
}

/** `GET /v1/content`: what this user may see now. */
export interface ContentResponse {
  tier: string | null
  features: Content['features']
  milestones: Content['milestones']
  checklists: DeliveredChecklist[]
  prompts: Array<Omit<Content['prompts'][number], 'audience' | 'holdout' | 'frequency' | 'convertedWhen'> & { urls?: string[] }>
  surveys: Array<Omit<Content['surveys'][number], 'audience' | 'frequency' | 'resurveyDays'> & { urls?: string[] }>
  tours: Array<Omit<Content['tours'][number], 'audience' | 'frequency'> & { urls?: string[] }>
  /** How many more prompts and surveys may be shown today (null: no daily cap). */
  remainingToday: number | null
  theme: Content['theme']
}

/** A targeting side effect to record: eligibility (for lift) or a cap that held a show back. */
export type TargetingRecord =
  | { type: 'eligible'; promptId: string; accountId: string; userKey: string; holdout: boolean }
  | { type: 'suppressed'; promptId: string; reason: 'max_shows' | 'cooldown' | 'daily_cap' }


const DAY = 86_400_000

/**
 * Without a `frequency`, a prompt shows at most 3 times, a week apart: every delivery is a show,
 * and a show or a dismissal starts the cooldown, so nothing nags on every page.
 */
export const DEFAULT_FREQUENCY = { maxShows: 3, cooldownDays: 7 }

/** A tour viewed this recently is in progress: the page needs it to resume, whatever its caps say. */
export const TOUR_IN_PROGRESS_MS = 30 * 60_000

/**
 * A tour's own `frequency`, applied only when the content file gives one (a tour without it shows
 * until finished or closed): a start is a view of its first step; `maxShows` caps starts and
 * `cooldownDays` waits after the last view. A tour viewed in the last 30 minutes is never capped,
 * so a tour that spans pages or survives a reload can go on.
 */
function tourCapped(tour: Content['tours'][number], history: Map<string, History>, now: Date): boolean {
  const prefix = `${EVENTS.tourStepViewed}\u0000${tour.id}/`
  let lastView = 0
  for (const [key, entry] of history) if (key.startsWith(prefix)) lastView = Math.max(lastView, entry.lastAt.getTime())
  if (lastView > 0 && now.getTime() - lastView < TOUR_IN_PROGRESS_MS) return false
  const { maxShows, cooldownDays } = { ...DEFAULT_FREQUENCY, ...tour.frequency }
  const starts = history.get(`${prefix}${tour.steps[0]!.id}`)?.count ?? 0
  return starts >= maxShows || (lastView > 0 && now.getTime() - lastView < cooldownDays * DAY)
}

/**
 * Decides what one user may see: the account data part of targeting (tier, products, usage,
 * playbook enablement, holdout, caps across devices, checklist progress). It reads rollups only,
 * a handful of indexed queries, so the answer costs the same at any history size.
 * @returns the answer, and the targeting records the caller should write.
 */
export async function deliverContent(
  sql: SqlClient,
  content: Content,
  request: ContentRequest,
  now: Date,
): Promise<{ response: ContentResponse; records: TargetingRecord[] }> {
  const keys = await userKeys(sql, request)
  const accountId = request.groupId ?? (request.userId ? await lastAccount(sql, request.userId) : null)
  const [account] = accountId
    ? await sql.query<{ traits: Record<string, unknown> | string; tier: string | null; enabled: AudienceContext['enabled'] | string | null }>(
        'SELECT a.traits, s.tier, s.enabled FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id WHERE a.account_id = $1',
        [accountId],
      )
    : []
  const traits = account ? json<Record<string, unknown>>(account.traits) : {}
  // Full account facts only for audience rules on the account; the common `usage` audience needs
  // one small query instead (see featureUsage).
  const items = [...content.checklists, ...content.prompts, ...content.surveys, ...content.tours]
  const tierRulesUseUsage = JSON.stringify(content.tiers).includes('"usage"')
  let facts: ConditionFacts | null = null
  if (account && (items.some((item) => item.audience?.account) || (!account.tier && tierRulesUseUsage))) {
    facts = await loadAccountFacts(sql, accountId!, content, now)
  } else if (account) {
    facts = await featureUsage(sql, accountId!, content, items.flatMap((item) => (item.audience?.usage ? [item.audience.usage] : [])), traits, now)
  }
  // An account the engine has not evaluated yet (its first minutes) is placed by the rules now.
  const tier =
    account?.tier ??
    (content.tiers.length && account && facts
      ? decideTier(content.tiers, facts, { tier: null, candidate: null, candidateCount: 0 }, content.tierPolicy, now).tier
      : null)
  const context: AudienceContext = {
    tier,
    traits,
    facts,
    enabled: account?.enabled ? json(account.enabled) : { prompts: [], checklists: [] },
  }

  const history = await userHistory(sql, keys, content)
  const accountDone = accountId ? await accountHistory(sql, accountId, content) : new Map<string, Date>()
  const seen = (kind: string, name: string) => history.get(`${kind}\u0000${name}`)
  const records: TargetingRecord[] = []
  const unit = accountId ?? keys[0] ?? ''
  const userKey = keys[0] ?? ''

  const checklists: DeliveredChecklist[] = content.checklists
    .filter((checklist) => inAudience(checklist.audience, context, { kind: 'checklists', id: checklist.id }).pass)
    .map((checklist) => {
      const items = checklist.items.map((item) => {
        const scope = item.scope ?? 'user'
        const done =
          scope === 'account' ? accountDone.has(item.doneWhen.event) : seen('event', item.doneWhen.event) !== undefined || seen(EVENTS.checklistItemCompleted, `${checklist.id}/${item.id}`) !== undefined
        return { id: item.id, title: item.title, description: item.description, href: item.href, event: item.doneWhen.event, scope, done }
      })
      return {
        id: checklist.id,
        title: checklist.title,
        description: checklist.description,
        completedMessage: checklist.completedMessage,
        items,
        completed: items.every((item) => item.done),
        dismissed: seen(EVENTS.checklistDismissed, checklist.id) !== undefined,
      }
    })

  // The global cap counts distinct prompts and surveys shown to this user since midnight UTC.
  const midnight = new Date(now.toISOString().slice(0, 10) + 'T00:00:00Z')
  const shownToday = [...history.entries()].filter(([key, h]) => (key.startsWith(`${EVENTS.promptShown}\u0000`) || key.startsWith(`${EVENTS.surveyShown}\u0000`)) && h.lastAt >= midnight).length
  const dailyCap = content.frequency.maxPromptsPerDay
  let remaining = dailyCap === undefined ? Infinity : Math.max(0, dailyCap - shownToday)

  /** Caps on one prompt or survey, from its shows and dismissals on every device. */
  const capped = (id: string, shownKind: string, dismissedKind: string | null, frequency: Frequency | undefined): TargetingRecord | null => {
    const { maxShows, cooldownDays } = { ...DEFAULT_FREQUENCY, ...frequency }
    const shown = seen(shownKind, id)
    if ((shown?.count ?? 0) >= maxShows) return { type: 'suppressed', promptId: id, reason: 'max_shows' }
    const dismissed = dismissedKind ? seen(dismissedKind, id) : undefined
    const last = Math.max(shown?.lastAt.getTime() ?? 0, dismissed?.lastAt.getTime() ?? 0)
    if (last > 0 && now.getTime() - last < cooldownDays * DAY) return { type: 'suppressed', promptId: id, reason: 'cooldown' }
    if (remaining <= 0) return { type: 'suppressed', promptId: id, reason: 'daily_cap' }
    return null
  }

  const byPriority = <T extends { priority?: number }>(list: readonly T[]) => [...list].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))

  const prompts: ContentResponse['prompts'] = []
  for (const prompt of byPriority(content.prompts)) {
    if (!inAudience(prompt.audience, context, { kind: 'prompts', id: prompt.id }).pass) continue
    const heldOut = (prompt.holdout ?? 0) > 0 && holdoutPosition(prompt.id, unit) < prompt.holdout!
    if (accountId || userKey) records.push({ type: 'eligible', promptId: prompt.id, accountId: accountId ?? '', userKey, holdout: heldOut })
    if (heldOut) continue
    const cap = capped(prompt.id, EVENTS.promptShown, EVENTS.promptDismissed, prompt.frequency)
    if (cap) {
      records.push(cap)
      continue
    }
    remaining--
    const { audience, holdout, frequency, convertedWhen, ...visible } = prompt
    prompts.push({ ...visible, urls: audience?.urls })
  }

  const surveys: ContentResponse['surveys'] = []
  for (const survey of byPriority(content.surveys)) {
    if (!inAudience(survey.audience, context, null).pass) continue
    const answered = seen(EVENTS.surveyAnswered, survey.id)
    if (answered && now.getTime() - answered.lastAt.getTime() < (survey.resurveyDays ?? 90) * DAY) continue
    const cap = capped(survey.id, EVENTS.surveyShown, null, survey.frequency)
    if (cap) {
      records.push(cap)
      continue
    }
    remaining--
    const { audience, frequency, resurveyDays, ...visible } = survey
    surveys.push({ ...visible, urls: audience?.urls })
  }

  const tours: ContentResponse['tours'] = []
  for (const tour of byPriority(content.tours)) {
    if (!inAudience(tour.audience, context, null).pass) continue
    if (seen(EVENTS.tourCompleted, tour.id) || seen(EVENTS.tourDismissed, tour.id)) continue
    if (tour.frequency && tourCapped(tour, history, now)) continue
    const { audience, frequency, ...visible } = tour
    tours.push({ ...visible, urls: audience?.urls })
  }

  return {
    response: {
      tier,
      features: content.features,
      milestones: content.milestones,
      checklists,
      prompts,
      surveys,
      tours,
      remainingToday: remaining === Infinity ? null : Math.max(0, remaining),
      theme: content.theme,
    },
    records,
  }
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
