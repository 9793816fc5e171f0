import { html, raw } from 'hono/html'
import type { Html } from './charts'
import type { DefinitionId } from './i18n/definitions'
import { DASHBOARD_LOCALES, messagesFor } from './i18n/messages'
import { CSS } from './style'
import type { View } from './view'

/** The page shell, the navigation and the small pieces every page is made of. */

export const NAV = [
  { path: '/dashboard', key: 'overview' },
  { path: '/dashboard/at-risk', key: 'atRisk' },
  { path: '/dashboard/adoption', key: 'adoption' },
  { path: '/dashboard/ttv', key: 'ttv' },
  { path: '/dashboard/onboarding', key: 'onboarding' },
  { path: '/dashboard/prompts', key: 'prompts' },
  { path: '/dashboard/nps', key: 'nps' },
  { path: '/dashboard/accounts', key: 'accounts' },
  { path: '/dashboard/cross-sell', key: 'crossSell' },
  { path: '/dashboard/revenue', key: 'revenue' },
] as const

/** One colour per band and per tier, the same on every page. */
export const BAND_COLORS: Record<string, string> = { red: '#dc2626', yellow: '#b45309', green: '#15803d', onboarding: '#2563eb', churned: '#475569', insufficient: '#64748b' }
export const TIER_COLORS: Record<string, string> = { 'high-touch': '#4338ca', 'low-touch': '#0e7490', 'tech-touch': '#475569' }
export const PALETTE = ['#0f766e', '#4338ca', '#d97706', '#be185d', '#0891b2', '#65a30d', '#7c3aed', '#64748b']

/** Security headers for every dashboard page: no script at all, nothing from elsewhere, no framing. */
export const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
}

const head = (view: View, title: string) => html`<!doctype html>
<html lang="${view.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${title} · Goyo</title><style>${raw(CSS)}</style></head>`

/** The language switch: a link per language, named in that language; the cookie remembers the choice. */
export function languageSwitch(view: View): Html {
  const next = encodeURIComponent(view.here)
  return html`<nav class="lang" aria-label="${view.t.language.switchTo} / Language">${DASHBOARD_LOCALES.map((locale) =>
    locale === view.locale
      ? html`<span aria-current="true" lang="${locale}">${messagesFor(locale).language.name}</span>`
      : html`<a href="/dashboard/language?to=${locale}&amp;next=${next}" hreflang="${locale}" lang="${locale}">${messagesFor(locale).language.name}</a>`)}</nav>`
}

export function page(view: View, options: { title: string; path: string; csrf: string; body: Html }): Html {
  const t = view.t
  return html`${head(view, options.title)}
<body><div class="shell">
<nav class="nav" aria-label="${t.nav.label}">
  <div class="nav__brand"><span>G</span>Goyo</div>
  ${NAV.map((item) => html`<a href="${item.path}" ${raw(isCurrent(options.path, item.path) ? 'aria-current="page"' : '')}>${t.nav[item.key]}</a>`)}
  ${languageSwitch(view)}
  <form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit">${t.nav.signOut}</button></form>
  <form method="post" action="/dashboard/logout-everywhere"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit">${t.nav.signOutEverywhere}</button></form>
</nav>
<main>${options.body}</main>
</div></body></html>`
}

const isCurrent = (path: string, item: string) => (item === '/dashboard' ? path === '/dashboard' || path === '/dashboard/' : path === item || path.startsWith(`${item}/`))

export function loginPage(view: View, options: { csrf: string; next: string; error?: string }): Html {
  const t = view.t.login
  return html`${head(view, t.title)}
<body><main class="login">
<form method="post" action="/dashboard/login">
  <h1 class="nav__brand nav__brand--light"><span>G</span>${t.brand}</h1>
  <p class="sub">${t.intro}</p>
  ${options.error ? html`<p class="notice error" role="alert">${options.error}</p>` : ''}
  <label for="key">${t.key}</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
  <input type="hidden" name="csrf" value="${options.csrf}">
  <input type="hidden" name="next" value="${options.next}">
  <button class="primary" type="submit">${t.submit}</button>
</form>
${languageSwitch(view)}
</main></body></html>`
}

/**
 * The page a refused form gets (a stale or foreign CSRF token): what happened and the way back,
 * with no data and no navigation, since the visitor may not be signed in.
 */
export function forbiddenPage(view: View): Html {
  const t = view.t.refused
  return html`${head(view, t.pageTitle)}
<body><main class="login">
  <div class="nav__brand nav__brand--light"><span>G</span>${view.t.login.brand}</div>
  <h1>${t.title}</h1>
  <p class="notice error" role="alert">${t.stale}</p>
  <p class="sub">${t.nothingChanged}</p>
  <p><a class="primary" href="/dashboard/login">${t.back}</a></p>
</main></body></html>`
}

const safeColor = (color: string | undefined, fallback: string) => (/^#[0-9a-f]{3,8}$/i.test(color ?? '') ? color : fallback)

export interface Kpi {
  label: string
  value: string
  hint?: string
  color?: string
  /** The metric's definition, shown on hover. */
  define?: DefinitionId
}

export const kpis = (view: View, items: Kpi[]): Html =>
  html`<div class="kpis">${items.map((item) => html`<div class="kpi" ${raw(item.define ? `title="${escapeAttribute(view.t.definitions[item.define])}"` : '')}><small>${item.label}</small><b style="color:${safeColor(item.color, 'inherit')}">${item.value}</b>${item.hint ? html`<small>${item.hint}</small>` : ''}</div>`)}</div>`

export const card = (title: string, ...content: Array<Html | string>): Html => html`<section class="card"><h2>${title}</h2>${content}</section>`

export const notice = (message: string, error = false): Html => html`<p class="notice ${error ? 'error' : ''}" role="${error ? 'alert' : 'status'}">${message}</p>`

export const badge = (text: string | null, color: string | undefined): Html =>
  text ? html`<span class="badge" style="background:${safeColor(color, '#64748b')}">${text}</span>` : html`–`

/** A health band as a coloured badge, in words. */
export const bandBadge = (view: View, band: string | null | undefined): Html =>
  band ? badge(Object.hasOwn(view.t.bands, band) ? view.t.bands[band as keyof View['t']['bands']] : band, BAND_COLORS[band]) : html`–`

/** A tier as a coloured badge (tiers are the content file's names). */
export const tierBadge = (view: View, tier: string | null | undefined): Html => (tier ? badge(tier, TIER_COLORS[tier]) : html`<span class="sub">${view.t.common.noTier}</span>`)

/**
 * A page's first lines: its title, the one sentence that says what is measured, over which period
 * and how to read it, the filters, and the definitions of its metrics one click away.
 */
export function pageHeader(view: View, options: { title: string; intro: string; form?: Html; define?: DefinitionId[] }): Html {
  const define = options.define ?? []
  return html`<h1>${options.title}</h1><p class="sub intro">${options.intro}</p>${options.form ?? ''}
  ${define.length ? html`<details class="definitions"><summary>${view.t.common.definitions}</summary><dl>${define.map((id) => html`<dt>${definedTerm(view, id)}</dt><dd>${view.t.definitions[id]}</dd>`)}</dl></details>` : ''}`
}

/** The short name of a defined metric, for the definitions list. */
function definedTerm(view: View, id: DefinitionId): string {
  const t = view.t
  const names: Record<DefinitionId, string> = {
    events: t.overview.events, people: t.overview.people, activeAccounts: t.adoption.activeAccounts, dauMau: t.columns.dauMau, wauMau: t.columns.wauMau,
    adoptionRate: t.terms.adoptionRate, adoptionChange: t.terms.adoptionChange, depth: t.columns.depth, breadth: t.columns.share,
    ttvMedian: t.terms.ttvMedian, ttvReachedBy: t.ttv.within, ttvNotYet: t.columns.notYet, ttvOverdue: t.ttv.overdueTile,
    checklistStarted: t.columns.started, completionRate: t.columns.completionRate, stepRate: t.columns.stepRate, timeToComplete: t.columns.medianHoursToComplete,
    conversionRate: t.columns.conversionRate, lift: t.columns.lift, suppressed: t.columns.suppressed, nps: t.columns.nps, promoters: t.columns.promoters,
    passives: t.columns.passives, detractors: t.columns.detractors, respondents: t.columns.respondents, health: t.columns.health, atRisk: t.nav.atRisk,
    drivers: t.columns.drivers, propensity: t.columns.propensity, auc: t.crossSell.auc, topDecileLift: t.crossSell.lift, mrr: t.terms.mrr,
    expansion: t.columns.expansion, nrr: t.columns.nrr, grr: t.columns.grr, logoChurn: t.columns.logoChurnRate, grossRevenueChurn: t.columns.grossRevenueChurn,
    netRevenueChurn: t.columns.netRevenueChurn, expansionPerEligible: t.terms.expansionPerEligible,
  }
  return names[id]
}

export const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
