/**
 * PostgreSQL refuses two things JSON allows: the NUL character (`\u0000`) in text and jsonb, and
 * lone UTF-16 surrogates (`\ud800`). One such string would fail a whole grouped transaction, so
 * they become U+FFFD before anything is written. The checks are one native regex scan; the slow
 * path runs only for payloads that need it.
 */

const UNSAFE_CHARS = /[\u0000\ud800-\udfff]/
// An escape in JSON text that is not itself escaped (an even number of backslashes before it).
const UNSAFE_ESCAPES = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i

/** Replaces NUL and lone surrogates in one string. */
export function cleanString(value: string): string {
  if (!UNSAFE_CHARS.test(value)) return value
  return value.replace(/\u0000/g, '\ufffd').toWellFormed()
}

/** Cleans every string and key of a JSON value. */
export function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value)
  if (Array.isArray(value)) return value.map(cleanValue)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      // defineProperty keeps a key named "__proto__" an ordinary key instead of a prototype.
      Object.defineProperty(out, cleanString(key), { value: cleanValue(inner), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  return value
}

/** Tells whether serialised JSON holds an escape PostgreSQL would refuse. */
export function needsCleaning(json: string): boolean {
  return UNSAFE_ESCAPES.test(json)
}
