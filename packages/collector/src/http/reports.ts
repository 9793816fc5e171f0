import { Hono } from 'hono'
import { z } from 'zod'
import { EMPTY_CONTENT, type ContentSource } from '../content/source'
import { runReport } from '../reports/index'
import { eventCounts, overview } from '../reports/overview'
import { periodQuerySchema } from '../reports/params'
import type { Store } from '../store/store'
import { guardSecretKey, type SecretKeyGate } from './auth'
import { toCsv } from './csv'
import { parseWith } from './query'

/** `bom=1`: the CSV starts with the UTF-8 byte-order mark, so that Excel opens non-ASCII text (Japanese) correctly. */
const bomQuery = z.object({ bom: z.enum(['0', '1']).optional() })

/** The query without `bom`, which every report takes, and whether it asked for the mark. */
function splitBom(query: Record<string, string>): { bom: boolean; rest: Record<string, string> } {
  const { bom, ...rest } = query
  return { bom: parseWith(bomQuery, { bom }).bom === '1', rest }
}

/** Answers JSON, or CSV with `?format=csv` for reports that are tables. */
function respond(format: 'json' | 'csv' | undefined, data: unknown, filename: string, table?: () => Record<string, unknown>[], bom = false): Response {
  if (format !== 'csv') return Response.json(data)
  const rows = table ? table() : Array.isArray(data) ? (data as Record<string, unknown>[]) : [data as Record<string, unknown>]
  return new Response(toCsv(rows, { bom }), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}.csv"`,
    },
  })
}

/**
 * `/v1/reports/*`, behind the secret key: `overview` and `events` (an optional period), and every
 * report of `reports/index.ts` (`?format=csv` gives the report's main table, `&bom=1` with the
 * UTF-8 byte-order mark for Excel). The reports parse
 * their own parameters and throw `ReportError`, which the app answers with a 400 naming it.
 */
export function reportRoutes(deps: SecretKeyGate & { store: Store; content?: ContentSource; timeZone: string; catchUp?(): Promise<void> }) {
  const app = new Hono()
  app.use('*', async (c, next) => {
    guardSecretKey(c, deps)
    // Every report includes every event acknowledged before it was asked for.
    await deps.catchUp?.()
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
  })
  app.get('/overview', async (c) => {
    const { bom, rest } = splitBom(c.req.query())
    const { format, ...period } = parseWith(periodQuerySchema, rest)
    return respond(format, await overview(deps.store.sql, period, deps.timeZone), 'overview', undefined, bom)
  })
  app.get('/events', async (c) => {
    const { bom, rest } = splitBom(c.req.query())
    const { format, ...period } = parseWith(periodQuerySchema, rest)
    return respond(format, await eventCounts(deps.store.sql, period, deps.timeZone), 'events', undefined, bom)
  })
  app.get('/:name', async (c) => {
    const name = c.req.param('name')
    const { bom, rest } = splitBom(c.req.query())
    const context = { sql: deps.store.sql, content: deps.content?.current() ?? EMPTY_CONTENT, now: new Date(deps.now()), timeZone: deps.timeZone }
    const { result, table, format } = await runReport(name, context, rest)
    return respond(format, result, name, table, bom)
  })
  return app
}
