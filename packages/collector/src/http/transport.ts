import type { Context } from 'hono'

/** What the server adapter knows about a request's connection (see `serve` in node.ts). */
export interface ConnectionInfo {
  /** The peer's address, as the socket saw it. */
  clientAddress?: string
}

/**
 * Whether the request reached us over TLS: its URL says https, or, when the collector is told to
 * trust its proxy (`trustProxy`), the proxy's `X-Forwarded-Proto` says so. Without that setting
 * the header is the client's to forge and is ignored.
 */
export function arrivedOverTls(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
}

/**
 * The client's address: the first `X-Forwarded-For` entry when the proxy is trusted, else the
 * socket's peer. Undefined when the collector runs without a server adapter that tells.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded.slice(0, 64)
  }
  return (c.env as ConnectionInfo | undefined)?.clientAddress
}

/** One year, the value browsers' HSTS preload lists expect at least. */
export const HSTS = 'max-age=31536000'
