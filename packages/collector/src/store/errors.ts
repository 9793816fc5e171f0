/**
 * The store could not be reached or did not answer in time. Ingest answers 503 with
 * `Retry-After` for it, so clients keep their events and try again.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/**
 * SQLSTATE classes and Node error codes that mean "the database is not there right now" rather
 * than "this statement is wrong": connection exceptions (08), operator intervention such as an
 * admin shutdown (57), insufficient resources (53), and socket errors.
 */
const UNAVAILABLE_SQLSTATE = /^(08|57|53)/
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'])
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|connection is closed|Cannot use a pool after calling end/i

/** Tells whether a driver error means the database is unavailable (retry later). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true
  if (!error || typeof error !== 'object') return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)
}
