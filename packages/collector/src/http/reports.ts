import { Hono } from 'hono'
import { EMPTY_CONTENT, type ContentSource } from '../content/source'
import { runReport } from '../reports/index'
import type { Store } from '../store/store'
import { bearerToken, requireSecretKey, type Keys } from './auth'
import { toCsv } from './csv'
import { HttpError } from './errors'

/** Answers JSON, or CSV with `?format=csv` for reports that are tables. */
function respond(format: string | undefined, data: unknown, filename: string, table?: () => Record<string, unknown>[]): Response {
  if (format === undefined || format === 'json') return Response.json(data)
  if (format !== 'csv') throw new HttpError(400, 'invalid_query', 'format must be json or csv')
  const rows = table ? table() : Array.isArray(data) ? (data as Record<string, unknown>[]) : [data as Record<string, unknown>]
  return new Response(toCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}.csv"`,
    },
  })
}

/**
 * `/v1/reports/*`, behind the secret key: `overview` and `events` from the store, and every
 * report of `reports/index.ts` (`?format=csv` gives the report's main table).
 */
export function reportRoutes(deps: { store: Store; keys: Keys; content?: ContentSource; now?: () => number; catchUp?(): Promise<void> }) {
  const app = new Hono()
  app.use('*', async (c, next) => {
    requireSecretKey(bearerToken(c.req.header('authorization')), deps.keys)
    // Every report includes every event acknowledged before it was asked for.
    await deps.catchUp?.()
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
  })
  app.get('/overview', async (c) => respond(c.req.query('format'), await deps.store.overview(), 'overview'))
  app.get('/events', async (c) => respond(c.req.query('format'), await deps.store.eventCounts(), 'events'))
  app.get('/:name', async (c) => {
    const name = c.req.param('name')
    const context = { sql: deps.store.sql, content: deps.content?.current() ?? EMPTY_CONTENT, now: new Date((deps.now ?? Date.now)()) }
    const { result, table, format } = await runReport(name, context, c.req.query())
    return respond(format, result, name, table)
  })
  return app
}
