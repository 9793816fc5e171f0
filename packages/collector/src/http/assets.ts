import { Hono } from 'hono'

/** A built file the collector serves, read once by the Node adapter. */
export interface Asset {
  body: Uint8Array
  contentType: string
  etag: string
}

/** Finds a built SDK file by name (`goyo.js`, `goyo-ui.js`), or null. */
export type AssetSource = (name: string) => Promise<Asset | null>

const SDK_FILES = /^goyo(-ui)?\.js$/

/**
 * `GET /sdk/:file`: the SDK bundles for the script tag, with an ETag so browsers revalidate
 * cheaply, and CORS so pages on any origin may load them with `crossorigin`.
 */
export function sdkRoutes(source: AssetSource) {
  const app = new Hono()
  app.get('/:file', async (c) => {
    const name = c.req.param('file')
    const asset = SDK_FILES.test(name) ? await source(name) : null
    if (!asset) return c.json({ error: 'not_found', message: `no SDK file named ${name}; run npm run build` }, 404)
    const headers = {
      'Content-Type': asset.contentType,
      ETag: asset.etag,
      // Short max-age so a new release reaches pages within minutes; the ETag makes checks cheap.
      'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    }
    const match = c.req.header('if-none-match')
    if (match && match.split(',').some((tag) => tag.trim() === asset.etag)) {
      return new Response(null, { status: 304, headers })
    }
    return new Response(asset.body as BodyInit, { headers })
  })
  return app
}
