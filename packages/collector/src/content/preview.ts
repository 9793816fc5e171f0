import type { Content } from '@goyo/schema'
import type { ItemKind } from './checks'
import type { ContentResponse } from './deliver'
import { localizeContent } from './localize'

/**
 * Whether an event comes from a preview (`context.preview: true`, set by the SDK on the events of
 * a previewed item). Such events count in no report, no cap and no playbook: whatever feeds
 * rollups, targeting history or the customer-success engine must leave them out. Pure; takes the
 * event as received.
 *
 * @example
 * isPreviewEvent({ type: 'track', event: 'Prompt Shown', context: { preview: true } }) // true
 */
export function isPreviewEvent(payload: unknown): boolean {
  const context = payload && typeof payload === 'object' ? (payload as { context?: unknown }).context : undefined
  return !!context && typeof context === 'object' && (context as { preview?: unknown }).preview === true
}

/**
 * The events that count: those not from a preview. Reads the serialised payload, and parses only
 * the rare one that mentions `preview`, so the ingest path pays a substring search per event.
 */
export function withoutPreviews<T extends { payloadJson: string }>(events: readonly T[]): T[] {
  return events.filter((event) => !(event.payloadJson.includes('"preview"') && isPreviewEvent(JSON.parse(event.payloadJson))))
}

/** Finds a content item by kind and id, or by id alone when only one kind has it. */
export function findItem(content: Content, id: string, kind?: ItemKind): { kind: ItemKind; id: string } | { error: string } {
  const kinds: ItemKind[] = kind ? [kind] : ['checklists', 'prompts', 'surveys', 'tours']
  const found = kinds.filter((k) => content[k].some((item) => item.id === id))
  if (found.length === 1) return { kind: found[0]!, id }
  if (found.length === 0) return { error: `the content has no ${kind ? kind.slice(0, -1) : 'checklist, prompt, survey or tour'} "${id}"` }
  return { error: `"${id}" is the id of a ${found.map((k) => k.slice(0, -1)).join(' and a ')}: say which` }
}

/**
 * A content answer with one item and nothing else, as `GET /v1/content` would deliver it but
 * ignoring audience, caps and history: no URL restriction, a checklist with nothing done. The
 * SDK marks it as a preview from `preview`. Texts in `locale` (the page's; null: the default).
 * Null when the content no longer has the item.
 */
export function previewContent(
  source: Content,
  item: { kind: ItemKind; id: string },
  expiresAt: number,
  locale: string | null = null,
): (ContentResponse & { preview: { kind: ItemKind; id: string; expiresAt: string } }) | null {
  const content = localizeContent(source, locale)
  const answer = {
    tier: null,
    features: content.features,
    milestones: content.milestones,
    checklists: [] as ContentResponse['checklists'],
    prompts: [] as ContentResponse['prompts'],
    surveys: [] as ContentResponse['surveys'],
    tours: [] as ContentResponse['tours'],
    remainingToday: null,
    theme: content.theme,
    locale: content.locale,
    messages: content.messages,
    preview: { ...item, expiresAt: new Date(expiresAt).toISOString() },
  }
  if (item.kind === 'checklists') {
    const checklist = content.checklists.find((c) => c.id === item.id)
    if (!checklist) return null
    const items = checklist.items.map((i) => ({ id: i.id, title: i.title, description: i.description, href: i.href, event: i.doneWhen.event, scope: i.scope ?? 'user', done: false }))
    answer.checklists.push({ id: checklist.id, title: checklist.title, description: checklist.description, completedMessage: checklist.completedMessage, items, completed: false, dismissed: false })
  } else if (item.kind === 'prompts') {
    const prompt = content.prompts.find((p) => p.id === item.id)
    if (!prompt) return null
    const { audience, holdout, frequency, convertedWhen, ...visible } = prompt
    answer.prompts.push(visible)
  } else if (item.kind === 'surveys') {
    const survey = content.surveys.find((s) => s.id === item.id)
    if (!survey) return null
    const { audience, frequency, resurveyDays, ...visible } = survey
    answer.surveys.push(visible)
  } else {
    const tour = content.tours.find((t) => t.id === item.id)
    if (!tour) return null
    const { audience, frequency, ...visible } = tour
    answer.tours.push(visible)
  }
  return answer
}
