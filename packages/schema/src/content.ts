import { z } from 'zod'
import { danglingReferences } from './content-references'
import { localeErrors, localeTagSchema, localizedText, stringsSchema } from './locales'

/**
 * The content file (`goyo.content.json`): everything a PM configures, as data. Text only: every
 * string is rendered as text by the SDK, never as HTML.
 */

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1-100 letters, digits, ".", "_", ":" or "-"')
const text = (max: number) => z.string().min(1, 'must not be empty').max(max)
const days = z.number().int().positive().max(3650)

/** A list whose items' ids must be unique; checked on the list so it runs even when other sections are wrong. */
function uniqueList<T extends z.ZodType<{ id: string }>>(item: T) {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Set<string>()
    list.forEach((entry, index) => {
      if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate id "${entry.id}"` })
      seen.add(entry.id)
    })
  })
}

/** A feature: clicks on these selectors, views of these URLs, or these track events. */
export const featureSchema = z.strictObject({
  selectors: z.array(text(500)).optional(),
  urls: z.array(text(500)).optional(),
  events: z.array(text(200)).optional(),
  description: text(500).optional(),
  /** The product (as in the `products` account trait) this feature belongs to: cross-sell never learns owning it from its use. */
  product: text(100).optional(),
})

/** A value milestone ("WOW moment"): the first time this event happens. */
export const milestoneSchema = z.strictObject({
  event: text(200),
  description: text(500).optional(),
})

/** A comparison on one number or value. */
const comparison = {
  gte: z.number().optional(),
  lte: z.number().optional(),
  gt: z.number().optional(),
  lt: z.number().optional(),
  eq: z.union([z.string(), z.number(), z.boolean()]).optional(),
  in: z.array(z.union([z.string(), z.number()])).optional(),
}

/** Usage measures an account can be compared on. */
export const USAGE_MEASURES = ['activeUsers', 'events', 'featureUses', 'featuresUsed', 'activeDays'] as const

export type Condition =
  | ({ trait: string } & Comparison)
  | ({ usage: (typeof USAGE_MEASURES)[number]; feature?: string; withinDays?: number } & Comparison)
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

export interface Comparison {
  gte?: number
  lte?: number
  gt?: number
  lt?: number
  eq?: string | number | boolean
  in?: (string | number)[]
}

/** A rule on an account: compare a trait or a usage measure, or combine rules with all/any/not. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ trait: text(100), ...comparison }),
    z.strictObject({ usage: z.enum(USAGE_MEASURES), feature: text(200).optional(), withinDays: days.optional(), ...comparison }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
)

/** Who sees a checklist, prompt, tour or survey. Every given part must hold. */
export const audienceSchema = z.strictObject({
  tiers: z.array(id).optional(),
  /** The account's `products` trait does not include this product. */
  lacksProduct: text(100).optional(),
  /** The account's `products` trait includes this product. */
  hasProduct: text(100).optional(),
  /** The account used a feature at least N times within the last D days. */
  usage: z.strictObject({ feature: text(200), atLeast: z.number().int().positive(), withinDays: days }).optional(),
  /** A rule on account traits and usage. */
  account: conditionSchema.optional(),
  /** Only on pages whose path matches one of these patterns (`*` matches within a segment, `**` across). */
  urls: z.array(text(500)).optional(),
  /** Only once a playbook enabled it for the account (`enablePrompt` / `enableChecklist`). */
  requiresPlaybook: z.boolean().optional(),
  /** Only for users whose locale is one of these or a variant of one (`ja` takes `ja-JP`). */
  locales: z.array(localeTagSchema).min(1).optional(),
})

export const checklistItemSchema = z.strictObject({
  id,
  title: localizedText(120),
  description: localizedText(500).optional(),
  doneWhen: z.strictObject({ event: text(200) }),
  href: text(2000).optional(),
  /** Whose progress: this user's (default), or anyone's in the account. */
  scope: z.enum(['user', 'account']).optional(),
})

export const checklistSchema = z.strictObject({
  id,
  title: localizedText(120),
  description: localizedText(500).optional(),
  audience: audienceSchema.optional(),
  items: uniqueList(checklistItemSchema).min(1).max(20),
  /** Shown after the last item, as the celebration. */
  completedMessage: localizedText(200).optional(),
})

export const frequencySchema = z.strictObject({
  maxShows: z.number().int().positive().optional(),
  cooldownDays: z.number().nonnegative().max(3650).optional(),
})

export const callToActionSchema = z
  .strictObject({ label: localizedText(60), href: text(2000).optional(), event: text(200).optional() })
  .refine((cta) => cta.href !== undefined || cta.event !== undefined, 'needs an href or an event')

export const promptSchema = z.strictObject({
  id,
  kind: z.enum(['modal', 'slideout', 'banner']),
  title: localizedText(120),
  body: localizedText(1000),
  cta: callToActionSchema,
  dismissLabel: localizedText(60).optional(),
  audience: audienceSchema.optional(),
  convertedWhen: z.strictObject({ event: text(200), withinDays: days }).optional(),
  frequency: frequencySchema.optional(),
  /** Share of eligible accounts held out as a control group, 0 to 0.5. */
  holdout: z.number().min(0).max(0.5).optional(),
  /** Higher shows first when several are eligible. */
  priority: z.number().int().optional(),
})

export const tourStepSchema = z.strictObject({
  id,
  title: localizedText(120),
  body: localizedText(1000),
  selector: text(500).optional(),
  url: text(500).optional(),
})

export const tourSchema = z.strictObject({
  id,
  title: localizedText(120),
  audience: audienceSchema.optional(),
  steps: z.array(tourStepSchema).min(1).max(20),
  frequency: frequencySchema.optional(),
  priority: z.number().int().optional(),
})

export const surveySchema = z.strictObject({
  id,
  kind: z.literal('nps'),
  question: localizedText(300),
  commentPrompt: localizedText(300).optional(),
  audience: audienceSchema.optional(),
  frequency: frequencySchema.optional(),
  priority: z.number().int().optional(),
  /** Do not ask a user who answered within this many days. Default 90. */
  resurveyDays: days.optional(),
})

export const tierSchema = z.strictObject({
  id,
  /** The rule; the last tier has none and catches every account left. */
  when: conditionSchema.optional(),
  /** Days within which an account of this tier should reach value (health's `valueReached`). */
  targetDays: days.optional(),
})

export const tierPolicySchema = z.strictObject({
  /** A rule must be passed (or failed) by this share beyond its threshold to change tier, e.g. 0.1. */
  margin: z.number().min(0).max(1).optional(),
  /** A new tier must come out of this many evaluations in a row before it is taken. */
  consecutive: z.number().int().min(1).max(30).optional(),
})

export const HEALTH_MEASURES = ['breadth', 'activeUsers', 'valueReached', 'stickiness', 'nps', 'trend'] as const

export const healthMeasureSchema = z.strictObject({
  id: z.enum(HEALTH_MEASURES),
  weight: z.number().positive().max(1000),
  /** breadth: the features that matter. */
  keyFeatures: z.array(text(200)).optional(),
  /** valueReached: the milestone. */
  milestone: text(200).optional(),
  /** valueReached: days to reach it when the tier sets none. Default 14. */
  targetDays: days.optional(),
  /** nps: answers needed before NPS counts. Default 3. */
  minAnswers: z.number().int().positive().optional(),
  /** Window of usage measures in days. Default: the health window. */
  windowDays: days.optional(),
})

export const healthSchema = z
  .strictObject({
    measures: z.array(healthMeasureSchema).min(1),
    /** Scores below `red` are red, below `yellow` yellow, the rest green. */
    bands: z.strictObject({ red: z.number().min(0).max(100), yellow: z.number().min(0).max(100) }),
    windowDays: days.optional(),
    /** Days after its start an account is `onboarding`, not scored into a band. Default: its tier's `targetDays`, else 14. */
    graceDays: z.number().int().min(0).max(3650).optional(),
    /** When a yellow account counts as declining (at risk): its score fell by `points` against 7 or 28 days before, or its `trend` measure scored below `trendBelow`. */
    declining: z.strictObject({ points: z.number().positive().max(100).optional(), trendBelow: z.number().min(0).max(100).optional() }).optional(),
  })
  .refine((health) => health.bands.red <= health.bands.yellow, { message: 'bands.red must not be above bands.yellow', path: ['bands'] })

export const playbookConditionSchema = z.union([
  z.strictObject({ health: z.strictObject({ below: z.number().optional(), above: z.number().optional() }) }),
  z.strictObject({ bandChangedTo: z.enum(['red', 'yellow', 'green']) }),
  z.strictObject({ tierChangedTo: id }),
  z.strictObject({ milestoneNotReached: z.strictObject({ milestone: text(200), days }) }),
  z.strictObject({
    ratio: z.strictObject({
      numerator: z.union([z.literal('activeUsers'), z.strictObject({ trait: text(100) })]),
      denominator: z.union([z.literal('activeUsers'), z.strictObject({ trait: text(100) })]),
      above: z.number(),
    }),
  }),
  z.strictObject({ traitChanged: text(100) }),
])

export const playbookActionSchema = z.union([
  z.strictObject({ webhook: z.url({ protocol: /^https?$/ }) }),
  z.strictObject({ enablePrompt: id }),
  z.strictObject({ enableChecklist: id }),
  z.strictObject({ tag: text(100) }),
])

export const playbookSchema = z.strictObject({
  id,
  description: text(500).optional(),
  when: playbookConditionSchema,
  do: z.array(playbookActionSchema).min(1),
  /** Only for accounts in these tiers. */
  tiers: z.array(id).optional(),
})

export const contentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** The locale every text map must have; users whose locale the content lacks get it. */
    defaultLocale: localeTagSchema.default('en'),
    /** Per locale, messages that replace the widgets' built-in words (and add languages). */
    strings: stringsSchema.default({}),
    features: z.record(id, featureSchema).default({}),
    milestones: z.record(id, milestoneSchema).default({}),
    checklists: uniqueList(checklistSchema).default([]),
    prompts: uniqueList(promptSchema).default([]),
    tours: uniqueList(tourSchema).default([]),
    surveys: uniqueList(surveySchema).default([]),
    tiers: uniqueList(tierSchema)
      .superRefine((tiers, ctx) => {
        tiers.forEach((tier, index) => {
          if (index < tiers.length - 1 && tier.when === undefined) {
            ctx.addIssue({ code: 'custom', path: [index, 'when'], message: 'only the last tier may have no rule' })
          }
        })
      })
      .default([]),
    tierPolicy: tierPolicySchema.optional(),
    health: healthSchema.optional(),
    playbooks: uniqueList(playbookSchema).default([]),
    frequency: z.strictObject({ maxPromptsPerDay: z.number().int().nonnegative().optional() }).default({}),
    /** CSS custom properties for the widgets, e.g. `{ "--goyo-accent": "#4f46e5" }`. */
    theme: z.record(z.string().regex(/^--goyo-[a-z0-9-]+$/, 'must be a --goyo-* custom property'), z.string().max(200).regex(/^[^;{}<>]*$/, 'must be a plain CSS value')).default({}),
  })
  // Cross-references need every section valid, so these run once the rest passes.
  .superRefine((content, ctx) => {
    for (const issue of [...danglingReferences(content as Content), ...localeErrors(content)]) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
  })

export type Content = z.infer<typeof contentSchema>
export type ContentInput = z.input<typeof contentSchema>
export type Feature = z.infer<typeof featureSchema>
export type Milestone = z.infer<typeof milestoneSchema>
export type Audience = z.infer<typeof audienceSchema>
export type Checklist = z.infer<typeof checklistSchema>
export type ChecklistItem = z.infer<typeof checklistItemSchema>
export type Prompt = z.infer<typeof promptSchema>
export type Tour = z.infer<typeof tourSchema>
export type Frequency = z.infer<typeof frequencySchema>
export type Survey = z.infer<typeof surveySchema>
export type Tier = z.infer<typeof tierSchema>
export type TierPolicy = z.infer<typeof tierPolicySchema>
export type Health = z.infer<typeof healthSchema>
export type HealthMeasure = z.infer<typeof healthMeasureSchema>
export type HealthMeasureId = (typeof HEALTH_MEASURES)[number]
export type Playbook = z.infer<typeof playbookSchema>
export type PlaybookCondition = z.infer<typeof playbookConditionSchema>
export type PlaybookAction = z.infer<typeof playbookActionSchema>
