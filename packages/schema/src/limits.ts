/**
 * Limits of the ingest API. They match Segment's HTTP Tracking API so that Segment and
 * RudderStack clients, which split their batches near these numbers, never trip them.
 */

/** Largest accepted event, serialised as JSON (bytes). Larger events get 413. */
export const MAX_EVENT_BYTES = 32 * 1024

/** Largest accepted request body after gunzip (bytes). Larger bodies get 413. */
export const MAX_BATCH_BYTES = 500 * 1024

/** Most events in one batch; Segment documents the same ceiling. */
export const MAX_BATCH_EVENTS = 2500

/** Longest `messageId` (non-empty string); Segment requires ids under 100 characters. */
export const MAX_MESSAGE_ID_LENGTH = 100

/**
 * Longest user, anonymous, group (`groupId`, also batch-level `context.groupId`) or alias
 * `previousId`: ids index the store's tables, and a longer one overflowed an index row.
 */
export const MAX_ID_LENGTH = 255

/** Longest `track` event name. */
export const MAX_EVENT_NAME_LENGTH = 200
