import type { DeliveredChecklist, DeliveredContent, DeliveredPrompt, DeliveredSurvey, DeliveredTour } from '../types'

/**
 * The content answer is remote data: every part the widgets read is checked here, by hand (zod
 * would cost ~4 kB of the chunk's budget), and anything malformed is skipped with a warning
 * instead of breaking the other widgets. Text stays text: Preact renders it as text nodes.
 */
const str = (value: unknown): value is string => typeof value === 'string' && value.length > 0
const optStr = (value: unknown): boolean => value === undefined || typeof value === 'string'
const optNum = (value: unknown): boolean => value === undefined || (typeof value === 'number' && Number.isFinite(value))
/** Path patterns: a non-list here would break the page matching of every widget after it. */
const urlsOk = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.every(str))
const warn = (what: string, value: unknown): void => console.warn(`[goyo] skipped malformed ${what}`, value)

/** Only web links: a `javascript:` (or any other scheme's) href in content must never run. */
export const safeHref = (href: unknown): string | undefined =>
  typeof href === 'string' && (!/^[a-z][a-z\d+.-]*:/i.test(href.trim()) || /^https?:/i.test(href.trim())) ? href : undefined

const list = <T>(value: unknown, what: string, ok: (item: Record<string, unknown>) => boolean): T[] =>
  (Array.isArray(value) ? value : []).filter((item) => {
    const good = !!item && typeof item === 'object' && ok(item as Record<string, unknown>)
    if (!good) warn(what, item)
    return good
  }) as T[]

const checklistOk = (c: Record<string, unknown>): boolean =>
  str(c.id) &&
  str(c.title) &&
  optStr(c.description) &&
  optStr(c.completedMessage) &&
  Array.isArray(c.items) &&
  c.items.length > 0 &&
  c.items.every((i: Record<string, unknown>) => !!i && str(i.id) && str(i.title) && str(i.event) && typeof i.done === 'boolean' && optStr(i.description) && optStr(i.href))

const promptOk = (p: Record<string, unknown>): boolean => {
  const cta = p.cta as Record<string, unknown> | undefined
  return (
    str(p.id) &&
    ['modal', 'slideout', 'banner'].includes(p.kind as string) &&
    str(p.title) &&
    str(p.body) &&
    !!cta &&
    str(cta.label) &&
    optStr(cta.href) &&
    optStr(cta.event) &&
    optStr(p.dismissLabel) &&
    urlsOk(p.urls)
  )
}

const surveyOk = (s: Record<string, unknown>): boolean => str(s.id) && s.kind === 'nps' && str(s.question) && optStr(s.commentPrompt) && urlsOk(s.urls)

/** A tour with a bad step is skipped whole: a tour missing a step in the middle would not make sense. */
const tourOk = (t: Record<string, unknown>): boolean =>
  str(t.id) &&
  str(t.title) &&
  optNum(t.priority) &&
  urlsOk(t.urls) &&
  Array.isArray(t.steps) &&
  t.steps.length > 0 &&
  t.steps.every((step: Record<string, unknown>) => !!step && str(step.id) && str(step.title) && str(step.body) && optStr(step.selector) && optStr(step.url))

/** Theme: `--goyo-*` custom properties with plain values only (no way out of the declaration). */
const themeOf = (theme: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(theme && typeof theme === 'object' ? theme : {}).filter(
      ([key, value]) => /^--goyo-[a-z\d-]+$/.test(key) && typeof value === 'string' && /^[^;{}<>\\]*$/.test(value),
    ),
  )

/** Messages: texts, or plural forms that all are texts and include `other`; anything else is left out. */
const messagesOf = (messages: unknown): NonNullable<DeliveredContent['messages']> =>
  Object.fromEntries(
    Object.entries(messages && typeof messages === 'object' ? messages : {}).filter(
      ([, m]) => typeof m === 'string' || (!!m && typeof m === 'object' && typeof m.other === 'string' && Object.values(m).every((form) => typeof form === 'string')),
    ),
  )

/** A validated content answer: every list is there (tours too, though older collectors send none), and the messages. */
export type ValidContent = DeliveredContent & { tours: DeliveredTour[]; messages: NonNullable<DeliveredContent['messages']> }

/**
 * Returns the well-formed part of a content answer.
 *
 * @example
 * const content = validContent(await response.json())
 */
export function validContent(raw: unknown): ValidContent {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  return {
    tier: typeof c.tier === 'string' ? c.tier : null,
    checklists: list<DeliveredChecklist>(c.checklists, 'checklist', checklistOk),
    prompts: list<DeliveredPrompt>(c.prompts, 'prompt', promptOk),
    surveys: list<DeliveredSurvey>(c.surveys, 'survey', surveyOk),
    tours: list<DeliveredTour>(c.tours, 'tour', tourOk),
    remainingToday: typeof c.remainingToday === 'number' ? c.remainingToday : null,
    theme: themeOf(c.theme),
    // A language tag only: it becomes the widgets' `lang` attribute.
    locale: typeof c.locale === 'string' && /^[a-z]{2,8}(-[a-z\d]{1,8})*$/i.test(c.locale) ? c.locale : undefined,
    messages: messagesOf(c.messages),
    // Only whether it is a preview matters here: it marks the widgets' events.
    ...(c.preview && typeof c.preview === 'object' ? { preview: c.preview as DeliveredContent['preview'] } : {}),
  }
}
