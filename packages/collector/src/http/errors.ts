/**
 * An expected failure with its HTTP status and a stable machine-readable code. Handlers throw it;
 * one error handler turns it into `{ error, message, ...details }` JSON.
 *
 * @example
 * throw new HttpError(413, 'payload_too_large', 'the batch is larger than 512000 bytes')
 */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause })
  }

  toResponse(): Response {
    return Response.json(
      { error: this.code, message: this.message, ...this.details },
      { status: this.status, headers: this.headers },
    )
  }
}
