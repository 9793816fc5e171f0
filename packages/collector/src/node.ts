import { createHash } from 'node:crypto'
import { readFile, realpath } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import type { Collector } from './collector'
import { limitHeapGrowth } from './heap-growth'
import type { Asset, AssetSource } from './http/assets'
import type { PublicSource } from './http/public'

/** Options of {@link serve}. */
export interface ServeOptions {
  port?: number
  /** Default 0.0.0.0; tests pass 127.0.0.1. */
  host?: string
  /** How long a client may take to send headers and body (ms); slow-body clients are cut. */
  requestTimeoutMs?: number
}

/** A collector listening on a port. */
export interface RunningServer {
  /** `http://host:port`. */
  url: string
  port: number
  server: Server
  /** Stops accepting, lets in-flight requests finish, then closes the collector and its store. */
  stop(): Promise<void>
}

/**
 * Puts a collector on a port with Node's HTTP server. This is the only place sockets exist; the
 * collector itself sees `Request`s.
 *
 * @example
 * const running = await serve(collector, { port: 8787 })
 * process.on('SIGTERM', () => running.stop())
 */
export async function serve(collector: Collector, options: ServeOptions = {}): Promise<RunningServer> {
  limitHeapGrowth()
  const listener = getRequestListener((request, env) => collector.fetch(request, { clientAddress: env.incoming.socket?.remoteAddress }), {
    overrideGlobalObjects: false,
  })
  const requestTimeout = options.requestTimeoutMs ?? 30_000
  const server = createServer(
    {
      requestTimeout,
      // Node requires headersTimeout ≤ requestTimeout, and checks both only this often.
      headersTimeout: Math.min(10_000, requestTimeout),
      connectionsCheckingInterval: Math.min(30_000, Math.max(1_000, Math.floor(requestTimeout / 4))),
      keepAliveTimeout: 5_000,
      // Bounded headers: a hostile client cannot make the collector hold megabytes of them.
      maxHeaderSize: 16 * 1024,
    },
    listener,
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8787, options.host ?? '0.0.0.0', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'
  let stopping: Promise<void> | undefined
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        // Idle keep-alive sockets would hold close() open; requests in flight still finish.
        server.closeIdleConnections()
        await closed
        await collector.close()
      })()
      return stopping
    },
  }
}

/**
 * Serves built SDK files from a folder, read once and kept in memory with a content-hash ETag.
 * A file that is missing now is looked for again on the next request (a build may be running).
 */
export function fileAssets(directory: URL | string): AssetSource {
  const cache = new Map<string, Asset>()
  const base = typeof directory === 'string' ? directory.replace(/\/?$/, '/') : directory.href.replace(/\/?$/, '/')
  return async (name) => {
    const cached = cache.get(name)
    if (cached) return cached
    try {
      const body = new Uint8Array(await readFile(base.startsWith('file:') ? new URL(name, base) : base + name))
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
      const asset: Asset = { body, etag, contentType: 'text/javascript; charset=utf-8' }
      cache.set(name, asset)
      return asset
    } catch {
      return null
    }
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Serves files below `directory` by URL path. A path that resolves outside the folder (`..`,
 * symlinks) is refused, so the public folder cannot expose the rest of the disk.
 */
export function publicFiles(directory: string): PublicSource {
  const root = resolve(directory)
  return async (path) => {
    try {
      const decoded = decodeURIComponent(path)
      const target = await realpath(resolve(root, `.${decoded}`))
      const realRoot = await realpath(root)
      if (target !== realRoot && !target.startsWith(realRoot + sep)) return null
      const body = new Uint8Array(await readFile(target))
      return {
        body,
        contentType: TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      }
    } catch {
      return null
    }
  }
}
