import { html, raw } from 'hono/html'
import type { Html } from './charts'

/** The page shell, the navigation and the small pieces every page is made of. */

export const NAV = [
  { path: '/dashboard', label: 'Overview' },
  { path: '/dashboard/adoption', label: 'Adoption' },
  { path: '/dashboard/ttv', label: 'Time to value' },
  { path: '/dashboard/onboarding', label: 'Onboarding' },
  { path: '/dashboard/prompts', label: 'Prompts' },
  { path: '/dashboard/nps', label: 'NPS' },
  { path: '/dashboard/accounts', label: 'Accounts' },
  { path: '/dashboard/cross-sell', label: 'Cross-sell' },
  { path: '/dashboard/revenue', label: 'Revenue' },
] as const

/** One colour per band and per tier, the same on every page. */
export const BAND_COLORS: Record<string, string> = { red: '#dc2626', yellow: '#d97706', green: '#16a34a', onboarding: '#2563eb', churned: '#475569', insufficient: '#94a3b8' }
export const TIER_COLORS: Record<string, string> = { 'high-touch': '#4338ca', 'low-touch': '#0891b2', 'tech-touch': '#64748b' }
export const PALETTE = ['#0f766e', '#4338ca', '#d97706', '#be185d', '#0891b2', '#65a30d', '#7c3aed', '#64748b']

const CSS = `
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--accent:#0f766e;--red:#dc2626;--yellow:#d97706;--green:#16a34a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.shell{display:grid;grid-template-columns:220px 1fr;min-height:100vh;background:linear-gradient(to right,#0f172a 220px,transparent 220px)}
.nav{background:#0f172a;color:#cbd5e1;padding:20px 12px;position:sticky;top:0;height:100vh}
.nav__brand{display:flex;align-items:center;gap:8px;color:#fff;font-weight:700;font-size:18px;padding:0 10px 18px}
.nav__brand span{display:inline-grid;place-items:center;width:26px;height:26px;border-radius:7px;background:var(--accent);font-size:14px}
.nav a{display:block;color:#cbd5e1;padding:8px 10px;border-radius:6px;margin:2px 0}
.nav a:hover{background:#1e293b;text-decoration:none}
.nav a[aria-current=page]{background:#134e4a;color:#fff;font-weight:600}
.nav form{margin-top:24px;padding:0 10px}
.nav button{background:none;border:1px solid #334155;color:#cbd5e1;border-radius:6px;padding:6px 10px;cursor:pointer;font:inherit}
main{padding:28px 36px;max-width:1180px;width:100%}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 12px}h3{font-size:14px;margin:16px 0 8px}
.sub{color:var(--muted);margin:0 0 20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 20px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:20px;margin:0 0 20px}
.grid>.card{margin:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 20px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.kpi b{display:block;font-size:24px;font-variant-numeric:tabular-nums}.kpi small{color:var(--muted)}
.chart{margin:0 0 8px}.chart__svg{max-width:100%;height:auto;display:block}
.legend{display:flex;flex-wrap:wrap;gap:14px;color:var(--muted);font-size:12px;margin-top:6px}
.legend__item i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
details.numbers{margin-top:8px}details.numbers>summary{cursor:pointer;color:var(--muted);font-size:12px}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;white-space:nowrap}
td.long{white-space:normal;min-width:240px}
th{color:var(--muted);font-weight:600;font-size:12px;background:#f8fafc}
td.num,th.num{text-align:right}
.tablebar{display:flex;justify-content:space-between;align-items:center;margin:8px 0}
.csv{font-size:12px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin:0 0 20px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:4px}
input,select{font:inherit;padding:6px 8px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;color:var(--ink)}
button.primary{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:7px 14px;cursor:pointer}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;color:#fff}
.notice{background:#fffbeb;border:1px solid #fcd34d;border-radius:8px;padding:10px 14px;margin:0 0 20px}
.error{background:#fef2f2;border-color:#fca5a5}
.score{font-size:44px;font-weight:700;line-height:1}
.timeline{list-style:none;padding:0;margin:0}.timeline li{padding:8px 0;border-bottom:1px solid var(--line);display:grid;grid-template-columns:150px 1fr;gap:12px}
.timeline time{color:var(--muted);font-size:12px}
.pager{display:flex;gap:12px;margin-top:12px}
.login{max-width:380px;margin:12vh auto;background:#fff;border:1px solid var(--line);border-radius:12px;padding:28px}
.login input{width:100%;margin:6px 0 14px}
@media (max-width:900px){.shell{grid-template-columns:1fr}.nav{position:static;height:auto}main{padding:20px}}
`

/** Security headers for every dashboard page: no script at all, nothing from elsewhere, no framing. */
export const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
}

export function page(options: { title: string; path: string; csrf: string; body: Html }): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${options.title} · Goyo</title><style>${raw(CSS)}</style></head>
<body><div class="shell">
<nav class="nav" aria-label="Dashboard">
  <div class="nav__brand"><span>G</span>Goyo</div>
  ${NAV.map((item) => html`<a href="${item.path}" ${raw(isCurrent(options.path, item.path) ? 'aria-current="page"' : '')}>${item.label}</a>`)}
  <form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit">Sign out</button></form>
  <form method="post" action="/dashboard/logout-everywhere"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit">Sign out everywhere</button></form>
</nav>
<main>${options.body}</main>
</div></body></html>`
}

const isCurrent = (path: string, item: string) => (item === '/dashboard' ? path === '/dashboard' || path === '/dashboard/' : path === item || path.startsWith(`${item}/`))

export function loginPage(options: { csrf: string; next: string; error?: string }): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>Sign in · Goyo</title><style>${raw(CSS)}</style></head>
<body><form class="login" method="post" action="/dashboard/login">
  <div class="nav__brand" style="color:var(--ink);padding:0 0 12px"><span style="color:#fff">G</span>Goyo dashboard</div>
  <p class="sub">Enter the workspace's secret key. <code>goyo-collector keys</code> prints it.</p>
  ${options.error ? html`<p class="notice error" role="alert">${options.error}</p>` : ''}
  <label for="key">Secret key</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
  <input type="hidden" name="csrf" value="${options.csrf}">
  <input type="hidden" name="next" value="${options.next}">
  <button class="primary" type="submit">Sign in</button>
</form></body></html>`
}

/**
 * The page a refused form gets (a stale or foreign CSRF token): what happened and the way back,
 * with no data and no navigation, since the visitor may not be signed in.
 */
export function forbiddenPage(message: string): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>Form refused · Goyo</title><style>${raw(CSS)}</style></head>
<body><main class="login" role="main">
  <div class="nav__brand" style="color:var(--ink);padding:0 0 12px"><span style="color:#fff">G</span>Goyo dashboard</div>
  <h1 style="font-size:20px;margin:0 0 8px">This form was refused</h1>
  <p class="notice error" role="alert">${message}</p>
  <p class="sub">Nothing was changed. This happens when a page was open for a long time, or when a form was sent from another site.</p>
  <p><a class="primary" href="/dashboard/login">Back to the sign-in page</a></p>
</main></body></html>`
}

export const kpis = (items: Array<{ label: string; value: string; hint?: string; color?: string }>): Html =>
  html`<div class="kpis">${items.map((item) => html`<div class="kpi"><small>${item.label}</small><b style="color:${/^#[0-9a-f]{3,8}$/i.test(item.color ?? '') ? item.color : 'inherit'}">${item.value}</b>${item.hint ? html`<small>${item.hint}</small>` : ''}</div>`)}</div>`

export const card = (title: string, ...content: Html[]): Html => html`<section class="card"><h2>${title}</h2>${content}</section>`

export const notice = (message: string, error = false): Html => html`<p class="notice ${error ? 'error' : ''}" role="${error ? 'alert' : 'status'}">${message}</p>`

export const badge = (text: string | null, color: string | undefined): Html =>
  text ? html`<span class="badge" style="background:${/^#[0-9a-f]{3,8}$/i.test(color ?? '') ? color : '#94a3b8'}">${text}</span>` : html`–`

/** A table of rows; numbers right-aligned; with a CSV link when `csv` is given. */
export function dataTable(options: { rows: Record<string, unknown>[]; columns?: string[]; csv?: string; caption?: string; open?: boolean; render?: Record<string, (row: Record<string, unknown>) => Html | string> }): Html {
  const columns = options.columns ?? (options.rows[0] ? Object.keys(options.rows[0]) : [])
  const numeric = new Set(columns.filter((col) => isNumeric(options.rows, col)))
  const table = html`<div class="tablewrap"><table>
    ${options.caption ? html`<caption class="sub" style="text-align:left">${options.caption}</caption>` : ''}
    <thead><tr>${columns.map((col) => html`<th scope="col" class="${numeric.has(col) ? 'num' : ''}">${col}</th>`)}</tr></thead>
    <tbody>${options.rows.length === 0 ? html`<tr><td colspan="${Math.max(1, columns.length)}">No data for this period.</td></tr>` : ''}
    ${options.rows.map((row) => html`<tr>${columns.map((col) => {
      const custom = options.render?.[col]
      const value = row[col]
      // Tiers and bands wear their colours in every table.
      const colored = (col === 'band' || col === 'tier') && typeof value === 'string' ? badge(value, (col === 'band' ? BAND_COLORS : TIER_COLORS)[value]) : null
      const kind = numeric.has(col) ? 'num' : typeof value === 'string' && value.length > 40 ? 'long' : ''
      return html`<td class="${kind}">${custom ? custom(row) : colored ?? cell(value)}</td>`
    })}</tr>`)}</tbody>
  </table></div>`
  const bar = html`<div class="tablebar"><span class="sub" style="margin:0">${options.rows.length} rows</span>${options.csv ? html`<a class="csv" href="${options.csv}" download>Download CSV</a>` : ''}</div>`
  return options.open === false
    ? html`<details class="numbers"><summary>The numbers behind the chart</summary>${bar}${table}</details>`
    : html`${bar}${table}`
}

const isNumeric = (rows: Record<string, unknown>[], column: string) =>
  rows.some((row) => typeof row[column] === 'number') && rows.every((row) => typeof row[column] === 'number' || row[column] === null || row[column] === undefined)

function cell(value: unknown): string {
  if (value === null || value === undefined) return '–'
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en') : (Math.round(value * 1000) / 1000).toLocaleString('en')
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export const pct = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(digits)}%`)
export const num = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toLocaleString('en'))
export const hours = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : value < 48 ? `${Math.round(value * 10) / 10} h` : `${Math.round((value / 24) * 10) / 10} d`
