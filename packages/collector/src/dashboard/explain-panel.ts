import type { Content } from '@goyo/schema'
import { html } from 'hono/html'
import type { Explanation, ItemExplanation, ItemKind } from '../content/checks'
import { explainContent } from '../content/deliver'
import { findItem } from '../content/preview'
import { createPreviewToken, previewLink, PREVIEW_TTL_MS } from '../content/preview-token'
import type { Store } from '../store/store'
import type { Html } from './charts'
import { checkSentence } from './i18n/checks'
import { itemTitle } from './i18n/titles'
import { badge, card, notice } from './layout'
import type { View } from './view'

/**
 * The account page's "What does this account see?" panel: pick a user of the account and get,
 * for each checklist, prompt, survey and tour, whether `GET /v1/content` delivers it to them now
 * and the checks that decided it (the explain answer), plus a preview link for any item. Plain
 * forms (GET), no script. Every word it shows comes from the page's catalog (`explain`, in English
 * `PANEL_TEXT` of content/explain-text.ts) and the check sentences (i18n/checks.ts); items are
 * named by their titles.
 */
export interface ExplainPanelOptions {
  content: Content
  now: number
  secretKey: string
  /** The page's query: `user` (whom to explain), `item` (`kind:id`) and `url` for a preview link. */
  query: Record<string, string>
}

const KINDS: ItemKind[] = ['checklists', 'prompts', 'surveys', 'tours']
const SHOWN = '#15803d'
const HIDDEN = '#64748b'

export async function explainPanel(store: Store, view: View, accountId: string, options: ExplainPanelOptions): Promise<Html> {
  const T = view.t.explain
  const users = await store.sql.query<{ user_id: string }>('SELECT user_id FROM account_users WHERE account_id = $1 ORDER BY last_seen DESC, user_id LIMIT 100', [accountId])
  const chosen = users.find((row) => row.user_id === options.query.user)?.user_id ?? users[0]?.user_id
  const action = `/dashboard/accounts/${encodeURIComponent(accountId)}`
  if (!chosen) return card(T.title, notice(T.noUsers))
  const explanation = await explainContent(store.sql, options.content, { userId: chosen, groupId: accountId }, new Date(options.now))
  return html`<section class="card" id="explain"><h2>${T.title}</h2><p class="sub">${T.intro}</p>
  <form class="filters" method="get" action="${action}#explain">
    <label>${T.userLabel}<select name="user">${users.map((row) => html`<option value="${row.user_id}" ${row.user_id === chosen ? 'selected' : ''}>${row.user_id}</option>`)}</select></label>
    <button class="primary" type="submit">${T.submit}</button>
  </form>
  <p class="sub">${T.tier(explanation.tier)}</p>
  ${KINDS.map((kind) => kindSection(view, options.content, kind, explanation))}
  ${await previewSection(view, action, chosen, explanation, options)}
  </section>`
}

function kindSection(view: View, content: Content, kind: ItemKind, explanation: Explanation): Html {
  const T = view.t.explain
  const items = explanation[kind]
  return html`<h3>${T.kinds[kind]}</h3>${items.length === 0 ? html`<p class="sub">${T.nothing}</p>` : html`<ul class="explain">${items.map((item) => itemRow(view, content, kind, item))}</ul>`}`
}

function itemRow(view: View, content: Content, kind: ItemKind, item: ItemExplanation): Html {
  const T = view.t.explain
  return html`<li data-item="${item.id}" data-eligible="${String(item.eligible)}"><b>${itemTitle(content, kind, item.id, view.locale)}</b> ${badge(item.eligible ? T.eligible : T.notEligible, item.eligible ? SHOWN : HIDDEN)}
    <span class="sub">${item.page.urls?.length ? T.onPages(item.page.urls) : T.everyPage}</span>
    <ol>${item.checks.map((check) => html`<li data-check="${check.check}" data-pass="${String(check.pass)}">${check.pass ? '✓' : '✗'} ${checkSentence(view.locale, check)}</li>`)}</ol></li>`
}

/** The preview form, and the link once an item and a page URL are given. */
async function previewSection(view: View, action: string, user: string, explanation: Explanation, options: ExplainPanelOptions): Promise<Html> {
  const T = view.t.explain
  const { item, url } = options.query
  let result: Html | string = ''
  if (item && url !== undefined) {
    const [kind, ...rest] = item.split(':')
    const found = KINDS.includes(kind as ItemKind) ? findItem(options.content, rest.join(':'), kind as ItemKind) : { error: '' }
    if ('error' in found) result = notice(T.previewUnknownItem, true)
    else if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) result = notice(T.previewBadUrl, true)
    else {
      const link = previewLink(url, await createPreviewToken(options.secretKey, found, options.now))
      result = html`<p><a href="${link}" rel="noopener" target="_blank" data-preview-link>${T.previewLink}</a> <span class="sub">${T.previewUntil(new Date(options.now + PREVIEW_TTL_MS).toISOString())}</span></p>`
    }
  }
  return html`<h3>${T.previewTitle}</h3><p class="sub">${T.previewIntro}</p>
  <form class="filters" method="get" action="${action}#explain">
    <input type="hidden" name="user" value="${user}">
    <label>${T.previewItem}<select name="item">${KINDS.flatMap((kind) => explanation[kind].map((entry) => html`<option value="${kind}:${entry.id}" ${item === `${kind}:${entry.id}` ? 'selected' : ''}>${T.kinds[kind]}: ${itemTitle(options.content, kind, entry.id, view.locale)}</option>`))}</select></label>
    <label>${T.previewUrl}<input type="url" name="url" value="${url ?? ''}" placeholder="https://app.example.com/" required></label>
    <button type="submit">${T.previewSubmit}</button>
  </form>${result}`
}
