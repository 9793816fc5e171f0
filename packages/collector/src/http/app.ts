import { Hono } from 'hono'
import type { Engine } from '../cs/scheduler'
import type { WriteQueue } from '../ingest/write-queue'
import type { Store } from '../store/store'
import { accountRoutes } from './accounts'
import { sdkRoutes, type AssetSource } from './assets'
import type { Keys } from './auth'
import type { ContentSource } from '../content/source'
import { contentRoutes } from './content'
import { explainRoutes } from './explain'
import { previewRoutes } from './preview'
import { cors } from './cors'
import { toHttpError } from './domain-errors'
import { ingestHandler, SINGLE_EVENT_PATHS } from './ingest'
import { createKeyThrottle, type KeyThrottle } from './key-throttle'
import type { RateLimit } from './rate-limit'
import { publicRoutes, type PublicSource } from './public'
import { reportRoutes } from './reports'
import { arrivedOverTls, HSTS, type ConnectionInfo } from './transport'
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
  /** The workspace time zone (`GOYO_TIMEZONE`): reports cut days, weeks and months in it. */
  timeZone: string
  /** Folds what is committed into the rollups; readers call it first (read-your-writes). */
  catchUp?(): Promise<void>
  log(entry: RequestLog): void
  now(): number
  retryAfterSeconds: number
  writeTimeoutMs: number
  /**
   * Believe `X-Forwarded-Proto` and `X-Forwarded-For` from the proxy in front (`GOYO_TRUST_PROXY`):
   * HSTS is sent on answers to requests that came over TLS, and wrong keys are throttled per
   * client address rather than per proxy. Off by default, since a client could forge them.
   */
  trustProxy?: boolean
  /** Wrong secret keys per client address; one is made when not given. */
  keyThrottle?: KeyThrottle
}

type Env = { Variables: { requestId: string }; Bindings: ConnectionInfo }

// A NUL byte in a path or query can only be hostile, and PostgreSQL refuses it in text: it is
// refused here, before any route, whatever the route's own schema says (issue 19, finding 4).
const NUL_IN_URL = /%00/

/** The collector's routes; the Node adapter only turns sockets into `Request`s for it. */
export function createApp(appDeps: AppDeps) {
  const deps = { ...appDeps, trustProxy: appDeps.trustProxy ?? false, keyThrottle: appDeps.keyThrottle ?? createKeyThrottle() }
  const app = new Hono<Env>()

  app.use('*', async (c, next) => {
    const started = performance.now()
    const requestId = crypto.randomUUID()
    c.set('requestId', requestId)
    if (NUL_IN_URL.test(c.req.url)) {
      c.res = Response.json({ error: 'invalid_query', message: 'the URL contains a NUL character (%00)', parameter: null }, { status: 400 })
    } else await next()
    c.res.headers.set('X-Request-Id', requestId)
    // No answer is ever to be sniffed into HTML or script (JSON, CSV, errors included).
    c.res.headers.set('X-Content-Type-Options', 'nosniff')
    if (arrivedOverTls(c, deps.trustProxy)) c.res.headers.set('Strict-Transport-Security', HSTS)
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
  app.route('/v1/admin/explain', explainRoutes(deps))
  app.route('/v1/preview', previewRoutes(deps))
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
    const known = toHttpError(error, deps.retryAfterSeconds)
    if (known) return known.toResponse()
    return c.json({ error: 'internal', message: 'an unexpected error occurred', requestId: c.get('requestId') }, 500)
  })

  return app
}

function describe(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}
