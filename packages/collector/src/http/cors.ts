import type { MiddlewareHandler } from 'hono'

/**
 * CORS for the paths browsers call (ingest and content): the origin and the requested headers are
 * reflected, because the SDK runs on every customer's own domain and Segment-style clients send
 * `Authorization` plus headers of their own (`AnonymousId`, `SentAt`, `X-Retry-Count`, ...).
 * Reports and admin get none, so no page can read them with a user's browser.
 */
export function cors(): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({
        'Access-Control-Allow-Origin': origin ?? '*',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Max-Age': '86400',
        Vary: 'Origin, Access-Control-Request-Headers',
      })
      const requested = c.req.header('access-control-request-headers')
      if (requested) headers.set('Access-Control-Allow-Headers', requested)
      if (origin) headers.set('Access-Control-Allow-Credentials', 'true')
      return new Response(null, { status: 204, headers })
    }
    await next()
    c.res.headers.set('Access-Control-Allow-Origin', origin ?? '*')
    c.res.headers.append('Vary', 'Origin')
    if (origin) c.res.headers.set('Access-Control-Allow-Credentials', 'true')
    c.res.headers.set('Access-Control-Expose-Headers', 'Retry-After, ETag')
  }
}
