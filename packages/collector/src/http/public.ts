import { Hono } from 'hono'
import type { Asset } from './assets'

/** Reads a file of the public folder by its URL path (`/app.js`), or null when there is none. */
export type PublicSource = (path: string) => Promise<Asset | null>

/** Paths that belong to the collector itself and are never served from the public folder. */
const RESERVED = /^\/(v1|sdk|dashboard|healthz)(\/|$)/

/**
 * Serves a folder at `/` (`--public DIR`): a product's landing page, docs, or the demo app. A path
 * without a file of its own gets `index.html`, so client-side routes of a single-page app load.
 */
export function publicRoutes(source: PublicSource) {
  const app = new Hono()
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path
    if (RESERVED.test(path)) return next()
    // A file name that is not there is a 404; only extensionless paths are app routes.
    const isFile = /\.[a-z0-9]+$/i.test(path)
    const asset = isFile ? await source(path) : await source('/index.html')
    if (!asset) return next()
    const headers = {
      'Content-Type': asset.contentType,
      ETag: asset.etag,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }
    if (c.req.header('if-none-match') === asset.etag) return new Response(null, { status: 304, headers })
    return new Response(c.req.method === 'HEAD' ? null : (asset.body as BodyInit), { headers })
  })
  return app
}
