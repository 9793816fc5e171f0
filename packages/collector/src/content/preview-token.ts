import type { ItemKind } from './checks'

/**
 * Preview tokens: a signed, expiring claim "show item X", carried by a link into the customer's
 * app (`?goyo_preview=<token>`). HMAC-SHA-256 under the workspace's secret key, so only someone
 * holding the secret key (the CLI, the dashboard) can make one, every replica can check one, and
 * nothing is stored. The signature covers a purpose prefix, so no other signature made with the
 * secret key (dashboard sessions, webhooks) can pass for a preview token.
 */

/** A preview link works for an hour: long enough to share in a meeting, short enough to forget. */
export const PREVIEW_TTL_MS = 3_600_000

/** The page URL parameter the SDK reads the token from. */
export const PREVIEW_PARAM = 'goyo_preview'

/** What a valid token says. */
export interface PreviewClaim {
  kind: ItemKind
  id: string
  expiresAt: number
}

/** Why a token was refused; the SDK logs the message with `data-debug`. */
export type PreviewRefusal = { reason: 'malformed' | 'tampered' | 'expired'; message: string }

const encoder = new TextEncoder()
const KINDS: readonly ItemKind[] = ['checklists', 'prompts', 'surveys', 'tours']

const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const fromBase64url = (text: string): Uint8Array => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))

async function signature(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`goyo-preview:${payload}`))))
}

/** Compares two signatures in time that does not depend on where they differ. */
function sameSignature(a: string, b: string): boolean {
  let difference = a.length ^ b.length
  for (let i = 0; i < b.length; i++) difference |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i)
  return difference === 0
}

/**
 * Signs a preview token for one item, valid for `ttlMs` from `now`.
 *
 * @example
 * const token = await createPreviewToken(keys.secretKey, { kind: 'prompts', id: 'payroll-cross-sell' }, Date.now())
 */
export async function createPreviewToken(secret: string, item: { kind: ItemKind; id: string }, now: number, ttlMs = PREVIEW_TTL_MS): Promise<string> {
  const payload = base64url(encoder.encode(JSON.stringify({ k: item.kind, i: item.id, e: now + ttlMs })))
  return `${payload}.${await signature(secret, payload)}`
}

/**
 * Checks a preview token: its signature first (a tampered token says nothing else), then its
 * expiry.
 *
 * @example
 * const result = await verifyPreviewToken(keys.secretKey, token, Date.now())
 * if ('reason' in result) console.warn(result.message)
 */
export async function verifyPreviewToken(secret: string, token: string, now: number): Promise<PreviewClaim | PreviewRefusal> {
  const [payload, signed, extra] = token.split('.')
  if (!payload || !signed || extra !== undefined) return { reason: 'malformed', message: 'the preview link is incomplete: copy the whole link' }
  if (!sameSignature(signed, await signature(secret, payload))) {
    return { reason: 'tampered', message: 'the preview link was changed or made for another workspace: make a new one' }
  }
  let claim: { k?: unknown; i?: unknown; e?: unknown }
  try {
    claim = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as typeof claim
  } catch {
    return { reason: 'malformed', message: 'the preview link is not readable: make a new one' }
  }
  if (!KINDS.includes(claim.k as ItemKind) || typeof claim.i !== 'string' || typeof claim.e !== 'number') {
    return { reason: 'malformed', message: 'the preview link is not readable: make a new one' }
  }
  if (now >= claim.e) return { reason: 'expired', message: `the preview link expired at ${new Date(claim.e).toISOString()}: make a new one` }
  return { kind: claim.k as ItemKind, id: claim.i, expiresAt: claim.e }
}

/**
 * The page URL with the token added, so opening it shows the item. Keeps the page's own query
 * and fragment.
 *
 * @example
 * previewLink('https://app.example.com/invoices?tab=all', token) // 'https://app.example.com/invoices?tab=all&goyo_preview=...'
 */
export function previewLink(pageUrl: string, token: string): string {
  const url = new URL(pageUrl)
  url.searchParams.set(PREVIEW_PARAM, token)
  return url.toString()
}
