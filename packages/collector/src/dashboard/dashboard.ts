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
import { ReportError } from '../reports/errors'
import { recordSession, revokeAllSessions, revokeSession, sessionIsLive } from '../store/sessions'
import type { Store } from '../store/store'
import { accountPage, accountsPage } from './account-pages'
import { adoptionPage } from './adoption-page'
import type { Html } from './charts'
import { crossSellPage } from './cross-sell-page'
import { columnLabel } from './data-table'
import { checkFilters, filterForm, type FilterErrors, type PeriodUnit } from './filters'
import { onboardingPage, promptsPage } from './funnel-pages'
import { isDashboardLocale, type Messages } from './i18n/messages'
import { forbiddenPage, loginPage, notice, page, PAGE_HEADERS } from './layout'
import { npsPage } from './nps-page'
import { atRiskPage, overviewPage } from './overview-page'
import type { PageContext } from './page-context'
import { accountPageParams, accountsPageParams, reportPageParams } from './params'
import { revenuePage } from './revenue-page'
import { createCsrfToken, createSession, CSRF_COOKIE, readSession, SESSION_COOKIE, SESSION_TTL_MS, verifyCsrf } from './session'
import { tableRows, type DashboardData } from './tables'
import { ttvPage } from './ttv-page'
import { createView, dashboardLocale, LANGUAGE_COOKIE, type View } from './view'

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

type Env = { Variables: { csrf: string; view: View } }

interface ReportPage {
  title: (t: Messages) => string
  render: (context: PageContext) => Promise<Html>
  /** Days, or months for revenue. */
  unit: PeriodUnit
  /** False for a page about today, which has no period to pick. */
  dates?: boolean
}

const REPORT_PAGES: Record<string, ReportPage> = {
  '/': { title: (t) => t.overview.title, render: overviewPage, unit: 'day' },
  '/at-risk': { title: (t) => t.atRisk.title, render: atRiskPage, unit: 'day', dates: false },
  '/adoption': { title: (t) => t.adoption.title, render: adoptionPage, unit: 'day' },
  '/ttv': { title: (t) => t.ttv.title, render: ttvPage, unit: 'day' },
  '/onboarding': { title: (t) => t.onboarding.title, render: onboardingPage, unit: 'day' },
  '/prompts': { title: (t) => t.prompts.title, render: promptsPage, unit: 'day' },
  '/nps': { title: (t) => t.nps.title, render: npsPage, unit: 'day' },
  '/cross-sell': { title: (t) => t.crossSell.title, render: crossSellPage, unit: 'day' },
  '/revenue': { title: (t) => t.revenue.title, render: revenuePage, unit: 'month' },
}

/** A year: the language someone picked stays picked. */
const LANGUAGE_MAX_AGE = 365 * 86_400

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
    return c.html(forbiddenPage(c.get('view')), 403)
  }

  app.use('*', async (c, next) => {
    // `/dashboard/` and any other page with a trailing slash: the same page without it.
    const path = c.req.path
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && path.length > '/dashboard'.length && path.endsWith('/')) {
      c.res = c.redirect(`${path.replace(/\/+$/, '')}${new URL(c.req.url).search}`, 301)
    } else await next()
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.res.headers.set(name, value)
  })

  // The page's language: the switch's cookie, else Accept-Language; the same URL may answer in either.
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url)
    const view = createView(dashboardLocale(getCookie(c, LANGUAGE_COOKIE), c.req.header('accept-language')), url.pathname + url.search, deps.timeZone)
    c.set('view', view)
    await next()
    c.res.headers.set('Content-Language', view.locale)
    c.res.headers.append('Vary', 'Accept-Language, Cookie')
  })

  // The language switch: remembers the choice in a cookie and goes back to the page. It needs no
  // key, so the sign-in form can be read in either language too.
  app.get('/language', (c) => {
    const to = c.req.query('to')
    if (isDashboardLocale(to)) setCookie(c, LANGUAGE_COOKIE, to, { ...cookieOptions(c), maxAge: LANGUAGE_MAX_AGE })
    return c.redirect(safeNext(c.req.query('next')), 303)
  })

  app.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'))
    if (await liveSession(c)) return c.redirect(next, 303)
    return c.html(loginPage(c.get('view'), { csrf: await csrfToken(c), next }))
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
      return c.html(loginPage(c.get('view'), { csrf: await csrfToken(c), next, error: c.get('view').t.login.tooMany(c.get('view').f.number(wait)) }), 429)
    }
    if (constantTimeEqual(key, secret)) {
      const session = await createSession(secret, deps.now())
      await recordSession(sql, session.id, new Date(deps.now()), new Date(session.expiresAt))
      setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions(c), maxAge: SESSION_TTL_MS / 1000 })
      return c.redirect(next, 303)
    }
    const writeKey = key !== '' && constantTimeEqual(key, deps.keys.writeKey)
    if (address !== undefined && key !== '' && !writeKey) deps.keyThrottle!.recordFailure(address, deps.now())
    const t = c.get('view').t.login
    return c.html(loginPage(c.get('view'), { csrf: await csrfToken(c), next, error: writeKey ? t.writeKey : t.wrongKey }), writeKey ? 403 : 401)
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

  const respond = (c: Context<Env>, title: string, body: Html, status: 200 | 400 = 200) =>
    c.html(page(c.get('view'), { title, path: c.req.path, csrf: c.get('csrf'), body }), status)

  /**
   * A report page. A wrong filter is the user's to fix on the same page: the form stays, with what
   * was typed and the reason beside the field, and the page says what to do (400).
   */
  const reportPage = async (c: Context<Env>, path: string, definition: ReportPage) => {
    const view = c.get('view')
    const title = definition.title(view.t)
    const formFor = (query: Record<string, string>, errors?: FilterErrors) => (period?: { from: string; to: string }, extra?: Html) =>
      filterForm(view, {
        action: path === '/' ? '/dashboard' : `/dashboard${path}`, unit: definition.unit, tiers: tiers(), query, period, errors, extra, dates: definition.dates,
        keep: errors ? Object.fromEntries(Object.entries(query).filter(([key]) => !['from', 'to', 'tier'].includes(key))) : undefined,
      })
    const refused = (query: Record<string, string>, errors: FilterErrors, message: string) =>
      respond(c, title, html`<h1>${title}</h1>${formFor(query, errors)()}${notice(message, true)}`, 400)
    let query: Record<string, string>
    try {
      query = reportPageParams(c.req.query())
    } catch (caught) {
      if (!(caught instanceof HttpError) || caught.status !== 400) throw caught
      const known = Object.fromEntries(Object.entries(c.req.query()).filter(([key]) => ['from', 'to', 'tier'].includes(key)))
      return refused(known, {}, view.t.filters.unknownParameter)
    }
    const errors = checkFilters(view, query, { unit: definition.unit, tiers: tiers() })
    if (Object.keys(errors).length > 0) return refused(query, errors, view.t.filters.fix)
    try {
      return respond(c, title, await definition.render({ data, query, view, form: formFor(query) }))
    } catch (caught) {
      if (!(caught instanceof ReportError) || caught.code !== 'invalid_parameter') throw toHttpError(caught, deps.retryAfterSeconds ?? 5) ?? caught
      const field = (['from', 'to', 'tier'] as const).find((name) => name === caught.parameter)
      return refused(query, field ? { [field]: view.t.filters.invalid } : {}, view.t.filters.fix)
    }
  }

  for (const [path, definition] of Object.entries(REPORT_PAGES)) app.get(path, (c) => reportPage(c, path, definition))

  app.get('/accounts', async (c) => {
    const view = c.get('view')
    let query: Record<string, string>
    try {
      query = accountsPageParams(c.req.query(), tiers())
    } catch (caught) {
      if (!(caught instanceof HttpError) || caught.status !== 400) throw caught
      return respond(c, view.t.accounts.title, html`<h1>${view.t.accounts.title}</h1>${notice(view.t.filters.unknownParameter, true)}<p><a href="/dashboard/accounts">${view.t.account.back}</a></p>`, 400)
    }
    return respond(c, view.t.accounts.title, await accountsPage(deps.store, view, query, tiers()))
  })

  app.get('/accounts/:id', async (c) => {
    const view = c.get('view')
    const { id } = parseWith(accountPath, c.req.param(), 'path')
    const explain = { content: data.content(), now: deps.now(), secretKey: secret, query: accountPageParams(c.req.query()) }
    const body = await accountPage(deps.store, view, data.content(), id, explain)
    return body ? respond(c, String(id), body) : respond(c, view.t.accounts.title, notice(view.t.errors.noAccount(id), true))
  })

  // The table behind a page, under the page's headers, with the byte-order mark Excel needs for non-ASCII text.
  app.get('/csv/:name', async (c) => {
    const view = c.get('view')
    const name = c.req.param('name')
    const rows = await tableRows(data, view, name, reportPageParams(c.req.query()))
    return new Response(toCsv(rows, { header: (key) => columnLabel(view, key), bom: true }), {
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
