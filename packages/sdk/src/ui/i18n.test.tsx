import { fireEvent } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeliveredContent } from '../types'
import { englishIn, JA } from '../test-util/text'
import { startUi } from '../test-util/ui-plugin'
import { ROOT_ID } from './mount'

/**
 * Issue 16: with Japanese content the widgets' own words stayed English ("Step 1 of 2", Next,
 * "0 of 3", "Dismiss …"). Every word now comes from the answer's messages: with the Japanese
 * catalog, no word of the English one may be left anywhere, visible or said to screen readers.
 */

/** Everything the widgets show or say: text, accessible names, labels. */
function spoken(root: ShadowRoot): string {
  const parts = [root.textContent ?? '']
  for (const el of root.querySelectorAll('*')) for (const name of ['aria-label', 'title', 'placeholder']) parts.push(el.getAttribute(name) ?? '')
  return parts.join(' ')
}

const answer = (extra: Partial<DeliveredContent>): DeliveredContent => ({ tier: null, checklists: [], prompts: [], surveys: [], remainingToday: null, theme: {}, ...JA, ...extra })

/** A fresh checklist each time: the plugin ticks items in place. */
const checklist = () => ({
  id: 'start',
  title: 'はじめに',
  items: [
    { id: 'profile', title: 'プロフィールを入力する', event: 'Profile Completed', scope: 'user' as const, done: true },
    { id: 'invoice', title: '最初の請求書を送る', event: 'Invoice Sent', scope: 'user' as const, done: false },
  ],
  completed: false,
  dismissed: false,
})

let stop: (() => void) | undefined
beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  history.replaceState(null, '', '/invoices')
  document.body.innerHTML = '<main><button id="new-invoice">新規請求書</button></main>'
})
afterEach(() => {
  stop?.()
  stop = undefined
  document.body.replaceChildren()
})

describe('the widgets in Japanese', () => {
  it('(the check itself finds Goyo\'s English words, and only those)', () => {
    expect(englishIn('Ledgerly: Step 1 of 2, Next, Dismiss survey')).toEqual(['Step', 'of', 'Next', 'Dismiss', 'survey'])
  })

  it('the checklist says its progress and its items\' state in Japanese, in a host that says lang="ja-JP"', () => {
    const ui = startUi()
    stop = ui.teardown
    ui.receive(answer({ checklists: [checklist()] }))
    const host = document.getElementById(ROOT_ID)!
    expect(host.getAttribute('lang')).toBe('ja-JP')
    const launcher = ui.ui().getByRole('button', { name: 'はじめに：2 件中 1 件完了' })
    expect(launcher.textContent).toBe('2 件中 1 件完了')
    expect(ui.ui().getByRole('button', { name: 'はじめにを閉じる' })).toBeTruthy()
    expect(ui.ui().getAllByRole('listitem').map((li) => li.textContent)).toEqual(['プロフィールを入力する （完了）', '最初の請求書を送る （未完了）'])
    expect(englishIn(spoken(host.shadowRoot!))).toEqual([])
  })

  it('celebrates in Japanese, without an emoji', async () => {
    const ui = startUi()
    stop = ui.teardown
    ui.receive(answer({ checklists: [checklist()] }))
    ui.plugin.onEvent!({ type: 'track', event: 'Invoice Sent', properties: {}, context: {} } as never)
    await vi.waitFor(() => expect(ui.ui().getByRole('status').textContent).toBe('すべて完了しました！'))
    expect(/\p{Extended_Pictographic}/u.test(spoken(document.getElementById(ROOT_ID)!.shadowRoot!))).toBe(false)
  })

  it('a modal prompt and the NPS survey speak Japanese', () => {
    const prompt = { id: 'payroll', kind: 'modal' as const, title: '給与計算もLedgerlyで', body: '毎月10件以上請求書を送るアカウントは、給与計算で3時間節約しています。', cta: { label: '無料で試す', href: '/payroll' } }
    const ui = startUi()
    ui.receive(answer({ prompts: [prompt] }))
    expect(ui.ui().getByRole('button', { name: '閉じる' })).toBeTruthy()
    expect(englishIn(spoken(document.getElementById(ROOT_ID)!.shadowRoot!))).toEqual([])
    ui.teardown()

    const survey = startUi()
    stop = survey.teardown
    survey.receive(answer({ surveys: [{ id: 'nps', kind: 'nps', question: 'Ledgerlyを友人や同僚にすすめる可能性はどのくらいありますか？' }] }))
    expect(survey.ui().getByText('0：まったくそう思わない')).toBeTruthy()
    expect(survey.ui().getByText('10：非常にそう思う')).toBeTruthy()
    fireEvent.click(survey.ui().getByRole('radio', { name: '9' }))
    expect(survey.ui().getByLabelText('ご意見・ご感想があればお聞かせください（任意）')).toBeTruthy()
    expect(survey.ui().getByRole('button', { name: '送信する' })).toBeTruthy()
    expect(survey.ui().getByRole('button', { name: 'アンケートを閉じる' })).toBeTruthy()
    // "Ledgerly" is the customer's own word; none of Goyo's English is left.
    expect(englishIn(spoken(document.getElementById(ROOT_ID)!.shadowRoot!))).toEqual([])
  })

  it('a tour names each step "ステップ n（全 m ステップ）" and its buttons in Japanese', () => {
    const ui = startUi()
    stop = ui.teardown
    ui.receive(answer({ tours: [{ id: 'tour', title: '請求書ツアー', steps: [{ id: 'a', title: '新規作成', body: 'ここから作成します。', selector: '#new-invoice' }, { id: 'b', title: '送信', body: '送信します。' }] }] }))
    expect(ui.ui().getByRole('dialog', { name: '新規作成 ステップ 1（全 2 ステップ）' })).toBeTruthy()
    expect(englishIn(spoken(document.getElementById(ROOT_ID)!.shadowRoot!))).toEqual([])
    fireEvent.click(ui.ui().getByRole('button', { name: '次へ' }))
    expect(ui.ui().getByRole('dialog', { name: '送信 ステップ 2（全 2 ステップ）' })).toBeTruthy()
    expect(ui.ui().getByRole('button', { name: '戻る' })).toBeTruthy()
    expect(ui.ui().getByRole('button', { name: '請求書ツアーを閉じる' })).toBeTruthy()
    fireEvent.click(ui.ui().getByRole('button', { name: '完了' }))
    expect(ui.events().at(-1)).toBe('Tour Completed {"tour":"tour"}')
  })

  it('overrides from the content file reach the widgets, and plural forms follow the locale', () => {
    const ui = startUi()
    stop = ui.teardown
    const messages = { ...JA.messages, 'checklist.launcher': { one: '{done} of {count} step', other: '{done} of {count} steps' } }
    ui.receive(answer({ locale: 'en', messages, checklists: [{ ...checklist(), items: [checklist().items[1]!] }] }))
    expect(ui.ui().getByRole('button', { name: 'はじめに：1 件中 0 件完了' }).textContent).toBe('0 of 1 step')
    expect(document.getElementById(ROOT_ID)!.getAttribute('lang')).toBe('en')
  })
})
