/**
 * The widgets' own words: every message key a widget shows or says to a screen reader, with the
 * placeholders its text may use. The collector ships a catalog per language (`en`, `ja`) and the
 * content file's `strings.<locale>` overrides any of them; both are checked against this list.
 * Constants only (no zod), so the SDK can import the keys without the schema's weight.
 */
export const MESSAGE_PARAMS = {
  /** The checklist's launcher: `{done} of {count}`. */
  'checklist.launcher': ['done', 'count'],
  /**
   * The launcher for screen readers: `{title}: {done} of {count} done`. It must contain the
   * launcher's visible text (WCAG 2.5.3, label in name), so that voice control finds the button.
   */
  'checklist.launcherLabel': ['title', 'done', 'count'],
  /** The checklist's close button, for screen readers. */
  'checklist.dismiss': ['title'],
  /** After an item's title, for screen readers. */
  'checklist.itemDone': [],
  'checklist.itemNotDone': [],
  /** The celebration after the last item, when the checklist has no `completedMessage`. */
  'checklist.completed': [],
  /** A prompt's close button, for screen readers, when the prompt has no `dismissLabel`. */
  'prompt.dismiss': ['title'],
  /** The survey's close button, for screen readers. */
  'survey.dismiss': ['title'],
  /** The ends of the 0–10 scale. */
  'survey.scaleLow': ['score'],
  'survey.scaleHigh': ['score'],
  /** The comment field's label, when the survey has no `commentPrompt`. */
  'survey.comment': [],
  'survey.send': [],
  /** A tour step's close button, for screen readers. */
  'tour.dismiss': ['title'],
  /** Above each step, and part of the step dialog's name: `Step {step} of {count}`. */
  'tour.progress': ['step', 'count'],
  'tour.back': [],
  'tour.next': [],
  /** The last step's button. */
  'tour.done': [],
} as const satisfies Record<string, readonly string[]>

export type MessageKey = keyof typeof MESSAGE_PARAMS

/** The locales whose catalogs ship with the collector; `strings` adds others. */
export const BUILT_IN_LOCALES = ['en', 'ja'] as const

export type BuiltInLocale = (typeof BUILT_IN_LOCALES)[number]

/** Every message key, in catalog order. */
export const MESSAGE_KEYS = Object.keys(MESSAGE_PARAMS) as MessageKey[]

/** The plural categories of `Intl.PluralRules`. */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const

/**
 * One message: a text with `{placeholders}`, or one text per plural category (chosen by the
 * `{count}` placeholder through `Intl.PluralRules`; `other` is required).
 *
 * @example
 * const launcher: Message = { one: '{done} of {count} step', other: '{done} of {count} steps' }
 */
export type Message = string | ({ other: string } & Partial<Record<(typeof PLURAL_CATEGORIES)[number], string>>)

/** A complete catalog: one message per key. */
export type Catalog = Record<MessageKey, Message>

/** The placeholders of a message text, in order: `'{title}: {done}'` → `['title', 'done']`. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]!)
}
