import { constantTimeEqual } from '../http/auth'

/**
 * The dashboard's session and CSRF tokens. Both are HMAC-SHA-256 signatures made with the secret
 * key, so a forged or expired cookie is refused without a query, and rotating the secret key signs
 * everybody out. A session's id is also recorded in the store (store/sessions.ts), which is what
 * makes signing out (and "sign out everywhere") revoke it on every replica. The cookie never holds
 * the key itself.
 */

export const SESSION_COOKIE = 'goyo_session'
export const CSRF_COOKIE = 'goyo_csrf'
/** A session lasts a working day; then the key is asked again. */
export const SESSION_TTL_MS = 12 * 3_600_000

const encoder = new TextEncoder()
const keyCache = new Map<string, Promise<CryptoKey>>()

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    keyCache.clear()
    keyCache.set(secret, key)
  }
  return key
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

async function sign(secret: string, purpose: string, payload: string): Promise<string> {
  return base64url(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${purpose}:${payload}`)))
}

const nonce = () => base64url(crypto.getRandomValues(new Uint8Array(18)))

/** A new session: its token `expiry.id.signature` for the cookie, its id and its expiry. */
export async function createSession(secret: string, now: number): Promise<{ token: string; id: string; expiresAt: number }> {
  const id = nonce()
  const expiresAt = now + SESSION_TTL_MS
  const payload = `${expiresAt}.${id}`
  return { token: `${payload}.${await sign(secret, 'session', payload)}`, id, expiresAt }
}

/**
 * The id of a session token signed with this secret key that has not expired, else null. Whether
 * the session was revoked is the store's to say (store/sessions.ts).
 */
export async function readSession(secret: string, token: string | undefined, now: number): Promise<string | null> {
  const parts = token?.split('.')
  if (!parts || parts.length !== 3) return null
  const [expiry, id, signature] = parts as [string, string, string]
  if (!/^\d{1,15}$/.test(expiry) || Number(expiry) <= now) return null
  return constantTimeEqual(signature, await sign(secret, 'session', `${expiry}.${id}`)) ? id : null
}

/**
 * A CSRF token for the double-submit check: the same value goes in a SameSite=Strict cookie and in
 * the form. It is signed, so a cookie planted by another site or subdomain does not pass.
 */
export async function createCsrfToken(secret: string): Promise<string> {
  const id = nonce()
  return `${id}.${await sign(secret, 'csrf', id)}`
}

/** Whether the form's token equals the cookie's and carries our signature. */
export async function verifyCsrf(secret: string, fromCookie: string | undefined, fromForm: unknown): Promise<boolean> {
  if (typeof fromForm !== 'string' || !fromCookie || !constantTimeEqual(fromForm, fromCookie)) return false
  const [id, signature, extra] = fromCookie.split('.')
  if (!id || !signature || extra !== undefined) return false
  return constantTimeEqual(signature, await sign(secret, 'csrf', id))
}
