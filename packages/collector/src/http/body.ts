import { MAX_BATCH_BYTES } from '@goyo/schema'
import { HttpError } from './errors'

// The rest of the body is not read, so the connection cannot carry another request: say so, or a
// keep-alive client reuses a socket the server is about to drop and sees a network error.
const tooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `the request body is larger than ${limit} bytes`, {}, { Connection: 'close' })

/**
 * Reads a request body up to `limit` bytes, and stops reading (413) as soon as it is larger:
 * a hostile client cannot make the collector buffer more than the limit.
 */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0)
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) throw tooLarge(limit)
      chunks.push(value)
    }
  } catch (error) {
    await reader.cancel().catch(() => {})
    if (error instanceof HttpError) throw error
    throw new HttpError(400, 'unreadable_body', 'the request body could not be read', {}, { Connection: 'close' })
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** gzip's magic bytes: some clients compress without saying so in `Content-Encoding`. */
const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b

async function gunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))
  try {
    return await readLimited(stream, limit)
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw error
    throw new HttpError(400, 'malformed_gzip', 'the request body is not valid gzip')
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Deepest nesting of arrays and objects accepted. Real events nest a few levels; thousands of
 * levels parse fine but overflow the stack later (JSON.stringify, sanitising, jsonb), which must
 * be a 400, not a 500 or a batch the store refuses forever.
 */
export const MAX_JSON_DEPTH = 128

/** Tells whether JSON text nests deeper than `max`, skipping strings with native `indexOf`. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // Jump to the closing quote: one not preceded by an odd number of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1)
        if (i === -1) return false // unterminated: JSON.parse reports it
        let slashes = 0
        while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++
        if (slashes % 2 === 0) break
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/**
 * Reads, gunzips and parses a JSON body, whatever its Content-Type says: real clients send JSON
 * as `text/plain` (to skip CORS preflights) and as `application/x-www-form-urlencoded`.
 * The limit applies to the body after gunzip, so a small gzip bomb is refused too.
 */
export async function readJsonBody(request: Request, limit = MAX_BATCH_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  let bytes = await readLimited(request.body, limit)
  const encoding = request.headers.get('content-encoding')?.toLowerCase()
  if (encoding === 'gzip' || isGzip(bytes)) bytes = await gunzip(bytes, limit)
  else if (encoding && encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; send gzip or none`)
  }
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    throw new HttpError(400, 'malformed_json', 'the request body is not valid UTF-8')
  }
  if (text.trim() === '') throw new HttpError(400, 'malformed_json', 'the request body is empty')
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, 'malformed_json', `the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new HttpError(400, 'malformed_json', `the request body is not valid JSON: ${(error as Error).message}`)
  }
}
