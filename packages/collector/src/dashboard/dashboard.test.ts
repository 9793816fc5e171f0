import { readFileSync } from 'node:fs'
import { parseContent } from '@goyo/schema'
import { beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import { seedDemo } from '../demo/seed'
import type { Store } from '../store/store'
import { timelineText } from './i18n/timeline'
import { SESSION_TTL_MS } from './session'
import { createView } from './view'

const parsed = parseContent(readFileSync(new URL('../../../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content
const NOW = Date.parse('2026-06-15T12:00:00Z')

let store: Store
let clock = NOW

beforeAll(async () => {
  store = await storeCases[0]!.open()
  await seedDemo({ store, content, accounts: 40, days: 30, seed: 1, now: new Date(NOW) })
}, 120_000)

function setup() {
  clock = NOW
  return inProcessCollector(store, { content: staticContent(content), now: () => clock })
}

/** `name=value` of each Set-Cookie, and the whole header line by name. */
function cookies(response: Response): Map<string, { value: string; line: string }> {
  const found = new Map<string, { value: string; line: string }>()
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const [name, ...value] = pair!.split('=')
    found.set(name!, { value: value.join('='), line })
  }
  return found
}

/** Opens the login form like a browser: the CSRF cookie and the same token in the form. */
async function loginForm(c: ReturnType<typeof setup>) {
  const response = await c.request('/dashboard/login')
  expect(response.status).toBe(200)
  const csrf = cookies(response).get('goyo_csrf')!
  expect(csrf.line).toMatch(/HttpOnly/i)
  expect(csrf.line).toMatch(/SameSite=Strict/i)
  expect(csrf.line).toMatch(/Path=\/dashboard/)
  expect(await response.text()).toContain(`name="csrf" value="${csrf.value}"`)
  return csrf.value
}

function postLogin(c: ReturnType<typeof setup>, fields: Record<string, string>, csrfCookie: string | null, base = 'http://collector.test') {
  return c.collector.fetch(new Request(`${base}/dashboard/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(csrfCookie ? { cookie: `goyo_csrf=${csrfCookie}` } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  }))
}

async function signIn(c: ReturnType<typeof setup>) {
  const csrf = await loginForm(c)
  const response = await postLogin(c, { key: c.keys.secretKey, csrf, next: '/dashboard/nps' }, csrf)
  const session = cookies(response).get('goyo_session')!
  return { csrf, session: session.value, cookie: `goyo_session=${session.value}; goyo_csrf=${csrf}` }
}

describe('dashboard', () => {
  it('redirects to the login form without the key and serves no data', async () => {
    const c = setup()
    for (const path of ['/dashboard', '/dashboard/adoption?from=2026-06-01', '/dashboard/accounts/acc_0001', '/dashboard/csv/adoption']) {
      const response = await c.request(path, { redirect: 'manual' })
      expect(response.status, path).toBe(302)
      expect(response.headers.get('location')).toBe(`/dashboard/login?next=${encodeURIComponent(path)}`)
      expect(await response.text()).not.toContain('acc_0001')
    }
    const post = await c.request('/dashboard/logout', { method: 'POST' })
    expect(post.status).toBe(401)
  })

  it('signs in with the secret key: a signed session cookie, HttpOnly, SameSite=Strict, Path=/dashboard', async () => {
    const c = setup()
    const csrf = await loginForm(c)
    const response = await postLogin(c, { key: c.keys.secretKey, csrf, next: '/dashboard/nps' }, csrf)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/dashboard/nps')
    const session = cookies(response).get('goyo_session')!
    expect(session.line).toMatch(/HttpOnly/i)
    expect(session.line).toMatch(/SameSite=Strict/i)
    expect(session.line).toMatch(/Path=\/dashboard/)
    expect(session.line).not.toMatch(/Secure/i)
    expect(session.value).not.toContain(c.keys.secretKey)

    const page = await c.request('/dashboard/nps', { headers: { cookie: `goyo_session=${session.value}` } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await page.text()).toContain('<svg')
  })

  it('marks the cookie Secure over https', async () => {
    const c = setup()
    const csrf = await loginForm(c)
    const response = await postLogin(c, { key: c.keys.secretKey, csrf }, csrf, 'https://collector.test')
    expect(cookies(response).get('goyo_session')!.line).toMatch(/Secure/i)
  })

  it('refuses a wrong key and the write key, and never redirects off the dashboard', async () => {
    const c = setup()
    const csrf = await loginForm(c)
    const wrong = await postLogin(c, { key: 'sk_not-it', csrf }, csrf)
    expect(wrong.status).toBe(401)
    expect(cookies(wrong).has('goyo_session')).toBe(false)
    const write = await postLogin(c, { key: c.keys.writeKey, csrf }, csrf)
    expect(write.status).toBe(403)
    expect(await write.text()).toContain('write key')
    expect(cookies(write).has('goyo_session')).toBe(false)
    const away = await postLogin(c, { key: c.keys.secretKey, csrf, next: '//evil.example/dashboard' }, csrf)
    expect(away.headers.get('location')).toBe('/dashboard')
  })

  it('refuses a login or logout whose CSRF token is missing, wrong or forged', async () => {
    const c = setup()
    const csrf = await loginForm(c)
    expect((await postLogin(c, { key: c.keys.secretKey }, csrf)).status).toBe(403)
    expect((await postLogin(c, { key: c.keys.secretKey, csrf }, null)).status).toBe(403)
    expect((await postLogin(c, { key: c.keys.secretKey, csrf: `${csrf}x` }, csrf)).status).toBe(403)
    // A token that matches its cookie but was not signed by this workspace (planted by another site).
    const forged = 'abc.def'
    expect((await postLogin(c, { key: c.keys.secretKey, csrf: forged }, forged)).status).toBe(403)

    const signedIn = await signIn(c)
    const cookie = signedIn.cookie
    const logout = (form: string) =>
      c.request('/dashboard/logout', { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form })
    expect((await logout('csrf=nope')).status).toBe(403)
    const out = await logout(`csrf=${encodeURIComponent(signedIn.csrf)}`)
    expect(out.status).toBe(303)
    expect(cookies(out).get('goyo_session')!.line).toMatch(/Max-Age=0/i)
  })

  it('answers a refused form with a readable HTML page, still a 403, with the way back to sign in', async () => {
    const c = setup()
    const csrf = await loginForm(c)
    const stale = await postLogin(c, { key: c.keys.secretKey, csrf: `${csrf}x` }, csrf)
    expect(stale.status).toBe(403)
    expect(stale.headers.get('content-type')).toContain('text/html')
    expect(stale.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(cookies(stale).has('goyo_session')).toBe(false)
    const body = await stale.text()
    expect(body).toMatch(/^<!doctype html>/i)
    expect(body).toContain('This form was refused')
    expect(body).toContain('href="/dashboard/login"')
    expect(body).not.toContain('"error"')

    const { cookie } = await signIn(c)
    const logout = await c.request('/dashboard/logout', {
      method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=nope',
    })
    expect(logout.status).toBe(403)
    expect(logout.headers.get('content-type')).toContain('text/html')
    expect(await logout.text()).toContain('href="/dashboard/login"')
    expect(cookies(logout).has('goyo_session')).toBe(false)
  })

  it('redirects a trailing slash to the page without it, keeping the query', async () => {
    const c = setup()
    const root = await c.request('/dashboard/', { redirect: 'manual' })
    expect(root.status).toBe(301)
    expect(root.headers.get('location')).toBe('/dashboard')
    const page = await c.request('/dashboard/adoption/?tier=low-touch', { redirect: 'manual' })
    expect(page.status).toBe(301)
    expect(page.headers.get('location')).toBe('/dashboard/adoption?tier=low-touch')
    // With the key too (the redirect needs no key and shows nothing), and it lands on the overview.
    const withKey = await c.request('/dashboard/', { redirect: 'manual', headers: { authorization: `Bearer ${c.keys.secretKey}` } })
    expect(withKey.status).toBe(301)
    const followed = await c.request(withKey.headers.get('location')!, { headers: { authorization: `Bearer ${c.keys.secretKey}` } })
    expect(followed.status).toBe(200)
    expect(await followed.text()).toContain('<svg')
  })

  it('drops a tampered or expired session', async () => {
    const c = setup()
    const { session } = await signIn(c)
    const [expiry, id, signature] = session.split('.')
    const tampered = `${Number(expiry) + 86_400_000}.${id}.${signature}`
    expect((await c.request('/dashboard', { redirect: 'manual', headers: { cookie: `goyo_session=${tampered}` } })).status).toBe(302)
    clock = NOW + SESSION_TTL_MS + 1
    expect((await c.request('/dashboard', { redirect: 'manual', headers: { cookie: `goyo_session=${session}` } })).status).toBe(302)
  })

  it('accepts Authorization: Bearer with the secret key, and refuses the write key', async () => {
    const c = setup()
    expect((await c.request('/dashboard/prompts', { headers: { authorization: `Bearer ${c.keys.secretKey}` } })).status).toBe(200)
    expect((await c.request('/dashboard/prompts', { headers: { authorization: `Bearer ${c.keys.writeKey}` } })).status).toBe(403)
    expect((await c.request('/dashboard/prompts', { headers: { authorization: 'Bearer sk_wrong' } })).status).toBe(401)
  })

  it('downloads the table behind a page as CSV, with the page filters, its headers and the byte-order mark', async () => {
    const c = setup()
    const { cookie } = await signIn(c)
    const response = await c.request('/dashboard/csv/adoption?from=2026-06-01&to=2026-06-15', { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    expect(response.headers.get('content-disposition')).toContain('adoption.csv')
    const bytes = new Uint8Array(await response.arrayBuffer())
    // Excel reads a CSV without the mark in the legacy code page: Japanese text would be garbled.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...lines] = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(header).toBe('Feature,Users,Accounts,Uses,Adoption among active users,Adoption among active accounts,Uses per adopting account,Users, previous period,Accounts, previous period,Change (users),Change (accounts)'.replace(/(Users|Accounts), previous period/g, '"$1, previous period"'))
    expect(lines.some((line) => line.startsWith('invoices.create,'))).toBe(true)
    const ja = await c.request('/dashboard/csv/at-risk', { headers: { cookie, 'accept-language': 'ja-JP,ja;q=0.9' } })
    expect((await ja.text()).split('\r\n')[0]).toBe('アカウント,名前,ティア,ARR,ヘルス,ヘルス区分,7日間の増減,28日間の増減,理由,スコアを下げている要因')
    expect((await c.request('/dashboard/csv/nope', { headers: { cookie } })).status).toBe(404)
  })

  it('keeps a wrong filter on the page, with what was typed and the reason beside the field', async () => {
    const c = setup()
    const { cookie } = await signIn(c)
    const bad = await c.request('/dashboard/adoption?from=2026-13-40&to=2026-06-15', { headers: { cookie } })
    expect(bad.status).toBe(400)
    const body = await bad.text()
    expect(body).toContain('<form class="filters"')
    expect(body).toMatch(/name="from" value="2026-13-40"\s+aria-invalid="true" aria-describedby="filter-from-error">/)
    expect(body).toContain('<span class="field-error" id="filter-from-error">Enter a date as YYYY-MM-DD.</span>')
    expect(body).toContain('name="to" value="2026-06-15"')
    const reversed = await (await c.request('/dashboard/nps?from=2026-06-15&to=2026-06-01&group=detractors', { headers: { cookie } })).text()
    expect(reversed).toContain('The start must not be after the end.')
    // The page's own filters stay too.
    expect(reversed).toContain('<input type="hidden" name="group" value="detractors">')
    const tier = await c.request('/dashboard/ttv?tier=gold', { headers: { cookie, 'accept-language': 'ja' } })
    expect(tier.status).toBe(400)
    expect(await tier.text()).toContain('このティアはコンテンツファイルにありません。')
    const months = await (await c.request('/dashboard/revenue?from=2026-06&to=2025-01', { headers: { cookie } })).text()
    expect(months).toContain('type="month" name="from" value="2026-06"')
    expect(months).toContain('The start must not be after the end.')
    const unknown = await c.request('/dashboard/prompts?form=2026-01-01', { headers: { cookie } })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('<form class="filters"')
  })

  it('shows the period in use in the date inputs when the URL gives none', async () => {
    const c = setup()
    const { cookie } = await signIn(c)
    const adoption = await (await c.request('/dashboard/adoption', { headers: { cookie } })).text()
    expect(adoption).toContain('name="from" value="2026-05-17"')
    expect(adoption).toContain('name="to" value="2026-06-15"')
    // Time to value looks back 90 days by default; revenue 12 months.
    expect(await (await c.request('/dashboard/ttv', { headers: { cookie } })).text()).toContain('name="from" value="2026-03-18"')
    expect(await (await c.request('/dashboard/revenue', { headers: { cookie } })).text()).toContain('name="from" value="2025-07"')
  })

  it('speaks the language of Accept-Language, and the one the switch picked after that', async () => {
    const c = setup()
    const { cookie } = await signIn(c)
    const ja = await c.request('/dashboard/nps', { headers: { cookie, 'accept-language': 'ja-JP,en;q=0.5' } })
    expect(ja.headers.get('content-language')).toBe('ja')
    const body = await ja.text()
    expect(body).toContain('<html lang="ja">')
    expect(body).toContain('<h1>NPS</h1>')
    expect(body).toContain('<h2>コメント</h2>')
    expect(body).toContain('href="/dashboard/language?to=en&amp;next=%2Fdashboard%2Fnps"')
    expect(await (await c.request('/dashboard/nps', { headers: { cookie, 'accept-language': 'fr-FR' } })).text()).toContain('<html lang="en">')

    const chosen = await c.request('/dashboard/language?to=en&next=%2Fdashboard%2Fnps', { redirect: 'manual', headers: { 'accept-language': 'ja' } })
    expect(chosen.status).toBe(303)
    expect(chosen.headers.get('location')).toBe('/dashboard/nps')
    const language = cookies(chosen).get('goyo_lang')!
    expect(language.value).toBe('en')
    expect(language.line).toMatch(/Path=\/dashboard/)
    const english = await c.request('/dashboard/nps', { headers: { cookie: `${cookie}; goyo_lang=en`, 'accept-language': 'ja' } })
    expect(await english.text()).toContain('<h2>Comments</h2>')
    // Anything else keeps the language as it was, and the way back never leaves the dashboard.
    const odd = await c.request('/dashboard/language?to=xx&next=https://evil.example/', { redirect: 'manual' })
    expect(cookies(odd).has('goyo_lang')).toBe(false)
    expect(odd.headers.get('location')).toBe('/dashboard')
    // The sign-in form too, before any key.
    expect(await (await c.request('/dashboard/login', { headers: { 'accept-language': 'ja' } })).text()).toContain('シークレットキー')
  })

  it("shows an account's health, drivers and timeline", async () => {
    const c = setup()
    const { cookie } = await signIn(c)
    const [red] = await store.sql.query<{ account_id: string; health: unknown }>(
      "SELECT account_id, health FROM account_state WHERE health_band = 'red' ORDER BY account_id LIMIT 1",
    )
    const health = (typeof red!.health === 'string' ? JSON.parse(red!.health) : red!.health) as { drivers: Array<{ detail: string }> }
    const [entry] = await store.sql.query<{ kind: string; title: string; data: unknown }>('SELECT kind, title, data FROM timeline WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT 1', [red!.account_id])
    const response = await c.request(`/dashboard/accounts/${red!.account_id}`, { headers: { cookie } })
    expect(response.status).toBe(200)
    const body = await response.text()
    expect(body).toContain('What drives the score down')
    expect(body).toContain(escape(health.drivers[0]!.detail))
    expect(body).toContain('Timeline')
    expect(body).toContain(escape(timelineText(createView('en', '/'), content, { ...entry!, data: typeof entry!.data === 'string' ? JSON.parse(entry!.data) : entry!.data })))
    expect(body).toContain('<svg')
  })

  it('escapes what customers send', async () => {
    const c = setup()
    const { cookie } = await signIn(c)
    await store.sql.query(`UPDATE accounts SET traits = traits || '{"name":"<script>alert(1)</script>"}' WHERE account_id = 'acc_0002'`)
    const list = await (await c.request('/dashboard/accounts?q=script', { headers: { cookie } })).text()
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(list).not.toContain('<script>alert(1)')
    const one = await (await c.request('/dashboard/accounts/acc_0002', { headers: { cookie } })).text()
    expect(one).not.toContain('<script>alert(1)')
  })
})

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
