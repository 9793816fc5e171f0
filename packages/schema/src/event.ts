import { z } from 'zod'
import { MAX_EVENT_NAME_LENGTH, MAX_ID_LENGTH, MAX_MESSAGE_ID_LENGTH } from './limits'

/**
 * The one rule for user, anonymous, group and alias ids: a non-empty string of at most
 * {@link MAX_ID_LENGTH} characters; anything else (an object, an empty string, 9,000 characters)
 * is a 400 for that event. Some server libraries send numbers: a finite number counts as its
 * decimal string, so that `42` and `"42"` are the same user.
 */
const idSchema = z
  .union([z.string(), z.number().finite()])
  .transform(String)
  .pipe(z.string().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`))

// PostgreSQL's timestamptz ends at year 294276, JavaScript's Date at 275760; real events fall in
// between years 1 and 9999, and anything outside is a broken clock or hostile input.
const MIN_TIME = Date.parse('0001-01-01T00:00:00Z')
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z')

/** An ISO 8601 date-time as clients send it, between years 1 and 9999. */
export const dateTimeSchema = z.string().refine((value) => {
  const time = Date.parse(value)
  return time >= MIN_TIME && time <= MAX_TIME
}, 'must be an ISO 8601 date-time between years 1 and 9999')

const objectSchema = z.record(z.string(), z.unknown())

/** `context` is open-ended; Goyo reads `groupId` and `page` from it and keeps the rest. */
export const contextSchema = z.looseObject({
  groupId: idSchema.optional(),
})

/** Fields every Segment event may carry. Unknown fields (`_metadata`, `channel`, ...) are kept. */
const commonFields = {
  messageId: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_MESSAGE_ID_LENGTH, `must be at most ${MAX_MESSAGE_ID_LENGTH} characters`)
    .optional(),
  userId: idSchema.optional(),
  anonymousId: idSchema.optional(),
  timestamp: dateTimeSchema.optional(),
  originalTimestamp: dateTimeSchema.optional(),
  sentAt: dateTimeSchema.optional(),
  context: contextSchema.optional(),
  integrations: objectSchema.optional(),
}

export const trackEventSchema = z.looseObject({
  ...commonFields,
  type: z.literal('track'),
  event: z.string().min(1, 'must not be empty').max(MAX_EVENT_NAME_LENGTH),
  properties: objectSchema.optional(),
})

export const identifyEventSchema = z.looseObject({
  ...commonFields,
  type: z.literal('identify'),
  traits: objectSchema.optional(),
})

export const groupEventSchema = z.looseObject({
  ...commonFields,
  type: z.literal('group'),
  groupId: idSchema,
  traits: objectSchema.optional(),
})

export const pageEventSchema = z.looseObject({
  ...commonFields,
  type: z.literal('page'),
  name: z.string().optional(),
  category: z.string().optional(),
  properties: objectSchema.optional(),
})

export const screenEventSchema = z.looseObject({
  ...commonFields,
  type: z.literal('screen'),
  name: z.string().optional(),
  category: z.string().optional(),
  properties: objectSchema.optional(),
})

export const aliasEventSchema = z.looseObject({
  ...commonFields,
  type: z.literal('alias'),
  userId: idSchema,
  previousId: idSchema,
})

/** Any Segment event, told apart by `type`. Every event except `alias` needs a user or anonymous id. */
export const eventSchema = z
  .discriminatedUnion('type', [
    trackEventSchema,
    identifyEventSchema,
    groupEventSchema,
    pageEventSchema,
    screenEventSchema,
    aliasEventSchema,
  ])
  .superRefine((event, ctx) => {
    if (event.type !== 'alias' && event.userId === undefined && event.anonymousId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId or anonymousId is required' })
    }
  })

export type TrackEvent = z.infer<typeof trackEventSchema>
export type IdentifyEvent = z.infer<typeof identifyEventSchema>
export type GroupEvent = z.infer<typeof groupEventSchema>
export type PageEvent = z.infer<typeof pageEventSchema>
export type ScreenEvent = z.infer<typeof screenEventSchema>
export type AliasEvent = z.infer<typeof aliasEventSchema>
/** A validated Segment event, ids normalised to strings. */
export type Event = z.infer<typeof eventSchema>
/** An event as a client sends it, before validation. */
export type EventInput = z.input<typeof eventSchema>
