import { z } from 'zod'
import { contextSchema, dateTimeSchema, eventSchema } from './event'
import { MAX_BATCH_EVENTS } from './limits'

/**
 * The body of `POST /v1/batch`. Batch-level `context` and `integrations` are defaults that the
 * collector merges into each event, as Segment does; so the batch's `context.groupId` follows the
 * same id rule as an event's (an object once became an account named `[object Object]`).
 */
export const batchSchema = z.looseObject({
  batch: z
    .array(eventSchema)
    .min(1, 'must hold at least one event')
    .max(MAX_BATCH_EVENTS, `must hold at most ${MAX_BATCH_EVENTS} events`),
  sentAt: dateTimeSchema.optional(),
  writeKey: z.string().optional(),
  context: contextSchema.optional(),
  integrations: z.record(z.string(), z.unknown()).optional(),
})

/** A validated batch envelope. */
export type Batch = z.infer<typeof batchSchema>
/** A batch envelope as a client sends it. */
export type BatchInput = z.input<typeof batchSchema>
