import { idParameter } from '@goyo/schema'
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { z } from 'zod'
import { EMPTY_CONTENT, type ContentSource } from '../content/source'
import { bearerToken, constantTimeEqual, guardSecretKey, type Keys } from '../http/auth'
import { toCsv } from '../http/csv'
import { toHttpError } from '../http/domain-errors'
import { HttpError } from '../http/errors'
import type { KeyThrottle } from '../http/key-throttle'
import { parseWith } from '../http/query'
import { arrivedOverTls, clientAddress } from '../http/transport'
import { recordSession, revokeAllSessions, revokeSession, sessionIsLive } from '../store/sessions'
import type { Store } from '../store/store'
import { accountPage, accountsPage } from './account-pages'
import type { Html } from './charts'
import { forbiddenPage, loginPage, notice, page, PAGE_HEADERS } from './layout'
import { accountPageParams, accountsPageParams, reportPageParams } from './params'
import { adoptionPage, crossSellPage, filters, npsPage, onboardingPage, overviewPage, promptsPage, ttvPage } from './report-pages'
import { revenuePage } from './revenue-page'
import { createCsrfToken, createSession, CSRF_COOKIE, readSession, SESSION_COOKIE, SESSION_TTL_MS, verifyCsrf } from './session'
import { tableRows, type DashboardData } from './tables'

/** What the dashboard is wired from: a subset of the app's dependencies. */
export interface DashboardDeps {
  store: Store
  keys: Keys
  content?: ContentSource
  now(): number
  /** The workspace time zone: the pages' periods are its calendar days. */
  timeZone: string
  /** Believe `X-Forwarded-Proto`/`-For` from the proxy in front (see AppDeps.trustProxy). */
  trustProxy?: boolean
  /** Wrong secret keys per client address, on the login form and as Bearer. */
  keyThrottle?: KeyThrottle
  /** Seconds a browser should wait after a 503. Default 5. */
  retryAfterSeconds?: number
  /** Folds what is committed into the rollups; every page calls it first (read-your-writes). */
  catchUp?(): Promise<void>
}

const accountPath = z.strictObject({ id: idParameter })

type Env = { Variables: { csrf: string } }

const REPORT_PAGES: Record<string, { title: string; render: (data: DashboardData, query: Record<string, string>, toolbar: Html) => Promise<Html>; filters: boolean }> = {
  '/': { title: 'Overview', render: overviewPage, filters: true },
  '/adoption': { title: 'Adoption', render: adoptionPage, filters: true },
  '/ttv': { title: 'Time to value', render: ttvPage, filters: true },
  '/onboarding': { title: 'Onboarding', render: onboardingPage, filters: true },
  '/prompts': { title: 'Prompts', render: promptsPage, filters: true },
  '/nps': { title: 'NPS', render: npsPage, filters: true },
  '/cross-sell': { title: 'Cross-sell', render: crossSellPage, filters: true },
  '/revenue': { title: 'Revenue', render: revenuePage, filters: true },
}

/**
 * `/dashboard`: the PM's report pages, server-rendered HTML with inline SVG charts and no script.
 * The secret key is entered once on `/dashboard/login` and traded for a signed session cookie
 * (HttpOnly, SameSite=Strict, Path=/dashboard); `Authorization: Bearer <secret key>` works too.
 * Without either, pages redirect to the login form and nothing else is served.
 */
export function dashboardRoutes(deps: DashboardDeps) {
  const app = new Hono<Env>()
  const secret = deps.keys.secretKey
  const data: DashboardData = { store: deps.store, content: () => deps.content?.current() ?? EMPTY_CONTENT, now: deps.now, timeZone: deps.timeZone }
  const tiers = () => data.content().tiers.map((tier) => tier.id)
  const secure = (c: Context) => arrivedOverTls(c, deps.trustProxy ?? false)
  const sql = deps.store.sql
  /** The id of this browser's live session: signed, not expired, and not signed out. */
  const liveSession = async (c: Context): Promise<string | null> => {
    const id = await readSession(secret, getCookie(c, SESSION_COOKIE), deps.now())
    return id !== null && (await sessionIsLive(sql, id, new Date(deps.now()))) ? id : null
  }
  const cookieOptions = (c: Context) => ({ httpOnly: true, sameSite: 'Strict' as const, path: '/dashboard', secure: secure(c) })

  /** The CSRF cookie of this browser, made on first sight; forms echo it back. */
  const csrfToken = async (c: Context) => {
    const existing = getCookie(c, CSRF_COOKIE)
    if (existing && (await verifyCsrf(secret, existing, existing))) return existing
    const token = await createCsrfToken(secret)
    setCookie(c, CSRF_COOKIE, token, cookieOptions(c))
    return token
  }
  /**
   * A form's CSRF check: null when it passes, else the 403 page to answer with. A person sent it
   * from a browser, so the answer is a readable page with the way back, not JSON.
   */
  const refuseCsrf = async (c: Context, form: Record<string, unknown>) => {
    if (await verifyCsrf(secret, getCookie(c, CSRF_COOKIE), form.csrf)) return null
    return c.html(forbiddenPage('The form is stale or did not come from this dashboard. Reload the page and try again.'), 403)
  }

  app.use('*', async (c, next) => {
    // `/dashboard/` and any other page with a trailing slash: the same page without it.
    const path = c.req.path
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && path.length > '/dashboard'.length && path.endsWith('/')) {
      c.res = c.redirect(`${path.replace(/\/+$/, '')}${new URL(c.req.url).search}`, 301)
    } else await next()
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.res.headers.set(name, value)
  })

  app.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'))
    if (await liveSession(c)) return c.redirect(next, 303)
    return c.html(loginPage({ csrf: await csrfToken(c), next }))
  })

  app.post('/login', async (c) => {
    const form = await c.req.parseBody()
    const refused = await refuseCsrf(c, form)
    if (refused) return refused
    const key = typeof form.key === 'string' ? form.key.trim() : ''
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined)
    const address = deps.keyThrottle ? clientAddress(c, deps.trustProxy ?? false) : undefined
    const wait = address === undefined ? 0 : deps.keyThrottle!.waitSeconds(address, deps.now())
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return c.html(loginPage({ csrf: await csrfToken(c), next, error: `Too many wrong keys from this address. Try again in ${wait} seconds.` }), 429)
    }
    if (constantTimeEqual(key, secret)) {
      const session = await createSession(secret, deps.now())
      await recordSession(sql, session.id, new Date(deps.now()), new Date(session.expiresAt))
      setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions(c), maxAge: SESSION_TTL_MS / 1000 })
      return c.redirect(next, 303)
    }
    const writeKey = key !== '' && constantTimeEqual(key, deps.keys.writeKey)
    if (address !== undefined && key !== '' && !writeKey) deps.keyThrottle!.recordFailure(address, deps.now())
    const error = writeKey ? 'That is the write key, which only sends events. Use the secret key.' : 'That is not this workspace’s secret key.'
    return c.html(loginPage({ csrf: await csrfToken(c), next, error }), writeKey ? 403 : 401)
  })

  // Everything below needs the secret key: a session, or the Bearer header.
  app.use('*', async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (token) guardSecretKey(c, deps, token)
    else if (!(await liveSession(c))) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const target = new URL(c.req.url)
        return c.redirect(`/dashboard/login?next=${encodeURIComponent(target.pathname + target.search)}`, 302)
      }
      throw new HttpError(401, 'unauthorized', 'sign in at /dashboard/login or send Authorization: Bearer <secret key>')
    }
    c.set('csrf', await csrfToken(c))
    await deps.catchUp?.()
    await next()
  })

  app.post('/logout', async (c) => {
    const refused = await refuseCsrf(c, await c.req.parseBody())
    if (refused) return refused
    const id = await readSession(secret, getCookie(c, SESSION_COOKIE), deps.now())
    // Revoked server-side: a copy of the cookie taken before is worthless from now on.
    if (id !== null) await revokeSession(sql, id)
    deleteCookie(c, SESSION_COOKIE, { path: '/dashboard', secure: secure(c) })
    return c.redirect('/dashboard/login', 303)
  })

  // Sign out everywhere: every session of every browser, on every replica (a lost laptop).
  app.post('/logout-everywhere', async (c) => {
    const refused = await refuseCsrf(c, await c.req.parseBody())
    if (refused) return refused
    await revokeAllSessions(sql)
    deleteCookie(c, SESSION_COOKIE, { path: '/dashboard', secure: secure(c) })
    return c.redirect('/dashboard/login', 303)
  })

  const render = async (c: Context<Env>, title: string, body: () => Promise<Html>) => {
    let content: Html
    try {
      content = await body()
    } catch (caught) {
      // A wrong filter is the user's to fix on the same page, not an error page.
      const error = toHttpError(caught, deps.retryAfterSeconds ?? 5)
      if (!error || error.status !== 400) throw error ?? caught
      content = notice(`The filters are not valid: ${error.message}`, true)
      return c.html(page({ title, path: c.req.path, csrf: c.get('csrf'), body: content }), 400)
    }
    return c.html(page({ title, path: c.req.path, csrf: c.get('csrf'), body: content }))
  }

  for (const [path, definition] of Object.entries(REPORT_PAGES)) {
    app.get(path, (c) => {
      return render(c, definition.title, async () => {
        const query = reportPageParams(c.req.query())
        const base = path === '/' ? '/dashboard' : `/dashboard${path}`
        return definition.render(data, query, definition.filters ? filters(base, query, tiers(), undefined) : html``)
      })
    })
  }

  app.get('/accounts', (c) => render(c, 'Accounts', () => accountsPage(deps.store, accountsPageParams(c.req.query(), tiers()), tiers())))
  app.get('/accounts/:id', async (c) =>
    render(c, 'Account', async () => {
      const { id } = parseWith(accountPath, c.req.param(), 'path')
      const explain = { content: data.content(), now: deps.now(), secretKey: secret, query: accountPageParams(c.req.query()) }
      return (await accountPage(deps.store, id, explain)) ?? notice(`There is no account ${id}.`, true)
    }),
  )

  app.get('/csv/:name', async (c) => {
    const name = c.req.param('name')
    const rows = await tableRows(data, name, reportPageParams(c.req.query()))
    return new Response(toCsv(rows), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name.replace(/[^a-z0-9-]/gi, '')}.csv"` },
    })
  })

  return app
}

/** Where to go after signing in: only a dashboard path, never another site (open redirect). */
function safeNext(next: string | undefined): string {
  if (!next || next.length > 2000 || !next.startsWith('/dashboard') || next.startsWith('//') || /[\\\r\n]/.test(next)) return '/dashboard'
  return next
}
