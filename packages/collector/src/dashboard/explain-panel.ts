import type { Content } from '@goyo/schema'
import { html } from 'hono/html'
import type { Explanation, ItemExplanation, ItemKind } from '../content/checks'
import { explainContent } from '../content/deliver'
import { PANEL_TEXT as T } from '../content/explain-text'
import { findItem } from '../content/preview'
import { createPreviewToken, previewLink, PREVIEW_TTL_MS } from '../content/preview-token'
import type { Store } from '../store/store'
import type { Html } from './charts'
import { badge, card, notice } from './layout'

/**
 * The account page's "What does this account see?" panel: pick a user of the account and get,
 * for each checklist, prompt, survey and tour, whether `GET /v1/content` delivers it to them now
 * and the checks that decided it (the explain answer), plus a preview link for any item. Plain
 * forms (GET), no script. Every word it shows comes from `PANEL_TEXT` and the check sentences in
 * content/explain-text.ts.
 */
export interface ExplainPanelOptions {
  content: Content
  now: number
  secretKey: string
  /** The page's query: `user` (whom to explain), `item` (`kind:id`) and `url` for a preview link. */
  query: Record<string, string>
}

const KINDS: ItemKind[] = ['checklists', 'prompts', 'surveys', 'tours']
const SHOWN = '#16a34a'
const HIDDEN = '#94a3b8'

export async function explainPanel(store: Store, accountId: string, options: ExplainPanelOptions): Promise<Html> {
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
  ${KINDS.map((kind) => kindSection(kind, explanation))}
  ${await previewSection(action, chosen, explanation, options)}
  </section>`
}

function kindSection(kind: ItemKind, explanation: Explanation): Html {
  const items = explanation[kind]
  return html`<h3>${T.kinds[kind]}</h3>${items.length === 0 ? html`<p class="sub">${T.nothing}</p>` : html`<ul class="explain">${items.map(itemRow)}</ul>`}`
}

function itemRow(item: ItemExplanation): Html {
  return html`<li data-item="${item.id}" data-eligible="${String(item.eligible)}"><b>${item.id}</b> ${badge(item.eligible ? T.eligible : T.notEligible, item.eligible ? SHOWN : HIDDEN)}
    <span class="sub">${item.page.urls?.length ? T.onPages(item.page.urls) : T.everyPage}</span>
    <ol>${item.checks.map((check) => html`<li data-check="${check.check}" data-pass="${String(check.pass)}">${check.pass ? '✓' : '✗'} ${check.detail}</li>`)}</ol></li>`
}

/** The preview form, and the link once an item and a page URL are given. */
async function previewSection(action: string, user: string, explanation: Explanation, options: ExplainPanelOptions): Promise<Html> {
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
    <label>${T.previewItem}<select name="item">${KINDS.flatMap((kind) => explanation[kind].map((entry) => html`<option value="${kind}:${entry.id}" ${item === `${kind}:${entry.id}` ? 'selected' : ''}>${T.kinds[kind]}: ${entry.id}</option>`))}</select></label>
    <label>${T.previewUrl}<input type="url" name="url" value="${url ?? ''}" placeholder="https://app.example.com/" required></label>
    <button type="submit">${T.previewSubmit}</button>
  </form>${result}`
}
