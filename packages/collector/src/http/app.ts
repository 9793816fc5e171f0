import { Hono } from 'hono'
import type { Engine } from '../cs/scheduler'
import type { WriteQueue } from '../ingest/write-queue'
import type { Store } from '../store/store'
import { accountRoutes } from './accounts'
import { sdkRoutes, type AssetSource } from './assets'
import type { Keys } from './auth'
import type { ContentSource } from '../content/source'
import { contentRoutes } from './content'
import { cors } from './cors'
import { HttpError } from './errors'
import { ingestHandler, SINGLE_EVENT_PATHS } from './ingest'
import type { RateLimit } from './rate-limit'
import { publicRoutes, type PublicSource } from './public'
import { reportRoutes } from './reports'
import { userRoutes } from './users'
import { dashboardRoutes } from '../dashboard/dashboard'

/** One line of the request log. */
export interface RequestLog {
  time: string
  requestId: string
  method: string
  path: string
  status: number
  durationMs: number
  error?: string
}

/** Everything the HTTP app is wired from. */
export interface AppDeps {
  store: Store
  keys: Keys
  writes: WriteQueue
  rateLimit: RateLimit | false
  assets?: AssetSource
  /** Serves a folder at `/` when given (`--public DIR`). */
  publicFiles?: PublicSource
  engine?: Engine
  content: ContentSource
  /** Folds what is committed into the rollups; readers call it first (read-your-writes). */
  catchUp?(): Promise<void>
  log(entry: RequestLog): void
  now(): number
  retryAfterSeconds: number
  writeTimeoutMs: number
}

type Env = { Variables: { requestId: string } }

/** The collector's routes; the Node adapter only turns sockets into `Request`s for it. */
export function createApp(deps: AppDeps) {
  const app = new Hono<Env>()

  app.use('*', async (c, next) => {
    const started = performance.now()
    const requestId = crypto.randomUUID()
    c.set('requestId', requestId)
    await next()
    c.res.headers.set('X-Request-Id', requestId)
    const entry: RequestLog = {
      time: new Date(deps.now()).toISOString(),
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    }
    if (c.error) entry.error = describe(c.error)
    deps.log(entry)
  })

  app.use('/v1/batch', cors())
  app.use('/v1/b', cors())
  for (const path of Object.keys(SINGLE_EVENT_PATHS)) app.use(`/v1/${path}`, cors())
  app.use('/v1/m', cors())

  app.post('/v1/batch', ingestHandler(deps, 'batch'))
  app.post('/v1/b', ingestHandler(deps, 'batch'))
  for (const [path, type] of Object.entries(SINGLE_EVENT_PATHS)) app.post(`/v1/${path}`, ingestHandler(deps, type))
  // analytics.js posts its own telemetry here; accepting and ignoring it keeps its console quiet.
  app.post('/v1/m', (c) => c.json({ success: true }))

  app.route('/v1/content', contentRoutes(deps))
  app.route('/v1/reports', reportRoutes(deps))
  app.route('/v1/accounts', accountRoutes(deps))
  app.route('/v1/users', userRoutes(deps))
  app.route('/dashboard', dashboardRoutes(deps))

  app.get('/healthz', async (c) => {
    try {
      await deps.store.ping()
      return c.json({ ok: true, store: deps.store.dialect })
    } catch {
      return c.json({ ok: false, store: deps.store.dialect, error: 'the store is unavailable' }, 503, { 'Retry-After': String(deps.retryAfterSeconds) })
    }
  })

  if (deps.assets) app.route('/sdk', sdkRoutes(deps.assets))
  if (deps.publicFiles) app.route('/', publicRoutes(deps.publicFiles))

  app.notFound((c) => c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404))

  app.onError((error, c) => {
    if (error instanceof HttpError) return error.toResponse()
    return c.json({ error: 'internal', message: 'an unexpected error occurred', requestId: c.get('requestId') }, 500)
  })

  return app
}

function describe(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}
