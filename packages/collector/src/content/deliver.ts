import { EVENTS, type Catalog, type Content } from '@goyo/schema'
import type { SqlClient } from '../store/sql'
import type { Explanation } from './checks'
import { explainTargeting, type Explained, type TargetingRecord } from './explain'
import { localizeContent, type LocalizedContent, type Resolved } from './localize'
import { loadTargeting, type ContentRequest, type Targeting } from './targeting'

export type { ContentRequest } from './targeting'
export type { TargetingRecord } from './explain'
export { DEFAULT_FREQUENCY, TOUR_IN_PROGRESS_MS } from './explain'

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

/** Items as the content file has them, with their texts in the user's locale. */
type Items = Resolved<Pick<Content, 'prompts' | 'surveys' | 'tours'>>

/** `GET /v1/content`: what this user may see now, in their locale. */
export interface ContentResponse {
  tier: string | null
  features: Content['features']
  milestones: Content['milestones']
  checklists: DeliveredChecklist[]
  prompts: Array<Omit<Items['prompts'][number], 'audience' | 'holdout' | 'frequency' | 'convertedWhen'> & { urls?: string[] }>
  surveys: Array<Omit<Items['surveys'][number], 'audience' | 'frequency' | 'resurveyDays'> & { urls?: string[] }>
  tours: Array<Omit<Items['tours'][number], 'audience' | 'frequency'> & { urls?: string[] }>
  /** How many more prompts and surveys may be shown today (null: no daily cap). */
  remainingToday: number | null
  theme: Content['theme']
  /** The locale the texts and messages are in, for `lang` and `Intl` (`ja-JP`, or `en` for a user whose language the content lacks). */
  locale: string
  /** The widgets' own words in that locale: the built-in catalog with the content file's `strings` over it. */
  messages: Catalog
}

/**
 * Decides what one user may see: the account data part of targeting (tier, products, usage,
 * playbook enablement, holdout, caps across devices, checklist progress). It explains every item
 * (see explainTargeting) and keeps the eligible ones, so `GET /v1/admin/explain` can never
 * disagree with what was delivered. Texts come in the user's locale (see localizeContent).
 * @returns the answer, and the targeting records the caller should write.
 */
export async function deliverContent(
  sql: SqlClient,
  content: Content,
  request: ContentRequest,
  now: Date,
): Promise<{ response: ContentResponse; records: TargetingRecord[] }> {
  const targeting = await loadTargeting(sql, content, request, now)
  const explained = explainTargeting(content, targeting, now)
  return { response: deliveredFrom(localizeContent(content, targeting.locale), targeting, explained), records: explained.records }
}

/**
 * `GET /v1/admin/explain`: why each item is or is not delivered to this user now, check by check.
 * A read: it writes no targeting records.
 */
export async function explainContent(sql: SqlClient, content: Content, request: ContentRequest, now: Date): Promise<Explanation> {
  const targeting = await loadTargeting(sql, content, request, now)
  const { items } = explainTargeting(content, targeting, now)
  return {
    user: { userId: request.userId ?? null, anonymousId: request.anonymousId ?? null },
    account: targeting.accountId,
    tier: targeting.audience.tier,
    locale: targeting.locale,
    at: now.toISOString(),
    ...items,
  }
}

/** The eligible items, as the SDK renders them, in the order explained (highest priority first). */
function deliveredFrom(content: LocalizedContent, targeting: Targeting, explained: Explained): ContentResponse {
  const eligible = (kind: keyof Explained['items']) => new Set(explained.items[kind].filter((item) => item.eligible).map((item) => item.id))
  const inOrder = <T extends { id: string }>(kind: keyof Explained['items'], list: readonly T[]): T[] => {
    const keep = eligible(kind)
    const byId = new Map(list.map((item) => [item.id, item]))
    return explained.items[kind].filter((item) => keep.has(item.id)).map((item) => byId.get(item.id)!)
  }
  const seen = (kind: string, name: string) => targeting.history.get(`${kind}\u0000${name}`)
  const checklists: DeliveredChecklist[] = inOrder('checklists', content.checklists).map((checklist) => {
    const items = checklist.items.map((item) => {
      const scope = item.scope ?? 'user'
      const done =
        scope === 'account'
          ? targeting.accountDone.has(item.doneWhen.event)
          : seen('event', item.doneWhen.event) !== undefined || seen(EVENTS.checklistItemCompleted, `${checklist.id}/${item.id}`) !== undefined
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
  return {
    tier: targeting.audience.tier,
    features: content.features,
    milestones: content.milestones,
    checklists,
    prompts: inOrder('prompts', content.prompts).map(({ audience, holdout, frequency, convertedWhen, ...visible }) => ({ ...visible, urls: audience?.urls })),
    surveys: inOrder('surveys', content.surveys).map(({ audience, frequency, resurveyDays, ...visible }) => ({ ...visible, urls: audience?.urls })),
    tours: inOrder('tours', content.tours).map(({ audience, frequency, ...visible }) => ({ ...visible, urls: audience?.urls })),
    remainingToday: explained.remainingToday,
    theme: content.theme,
    locale: content.locale,
    messages: content.messages,
  }
}
