import type { Check } from '../../content/checks'
import type { CHECK_TEXT } from '../../content/explain-text'

/**
 * The sentences of the explain checks (content/explain-text.ts) in Japanese, for the account
 * page's "What does this account see?" panel. Typed after the English table, so a new check
 * cannot be left without its sentence.
 */

const list = (values: readonly string[]): string => (values.length ? values.join('、') : 'なし')
const day = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : String(iso))
const percent = (share: unknown): string => `${Math.round(Number(share) * 100)}%`
const inProgress = '、ただし表示中のため上限で中断しません'

export const CHECK_TEXT_JA: typeof CHECK_TEXT = {
  playbook: (pass, _value, wanted: string[]) =>
    pass ? 'プレイブックで有効化済み' : wanted.length ? `プレイブック ${list(wanted)} が必要ですが、まだ有効化されていません` : 'プレイブックが必要ですが、有効化できるものがありません',
  tier: (pass, value: string | null, wanted: string[]) => (pass ? `ティアは ${value}` : `ティアは ${value ?? 'まだ不明'}、対象は ${list(wanted)}`),
  lacksProduct: (_pass, has: boolean, product: string) => `プロダクト ${product} を持っていない：${has ? 'いいえ' : 'はい'}`,
  hasProduct: (_pass, has: boolean, product: string) => `プロダクト ${product} を持っている：${has ? 'はい' : 'いいえ'}`,
  usage: (_pass, uses: number, wanted: { feature: string; atLeast: number; withinDays: number }) =>
    `${wanted.withinDays} 日間の ${wanted.feature} の利用：${uses} 回（${wanted.atLeast} 回以上が必要）`,
  locale: (pass, locale: string, wanted: string[]) => `ロケールは ${locale}${pass ? '' : `、対象は ${list(wanted)}`}`,
  account: (pass, reason: string) => `アカウントの条件を${pass ? '満たしています' : '満たしていません'}：${reason}`,
  holdout: (pass, _position: number, share: number) => (pass ? `ホールドアウト外（${percent(share)}）` : `ホールドアウト内（アカウントの ${percent(share)} には表示しません）`),
  maxShows: (pass, shown: number, max: number) => `${max} 回中 ${shown} 回表示済み${pass && shown >= max ? inProgress : ''}`,
  cooldown: (pass, until: string | null, days: number) =>
    until === null ? `クールダウンなし（表示または非表示の後 ${days} 日間）` : `${day(until)} までクールダウン中${pass ? inProgress : ''}`,
  dailyCap: (pass, usedBy: string[], cap: number) => (pass ? `本日の上限 ${cap} 件：${usedBy.length} 件使用${usedBy.length ? `（${list(usedBy)}）` : ''}` : `本日の上限 ${cap} 件を ${list(usedBy)} が使用済み`),
  answered: (pass, at: string | null, days: number) => (at === null ? '未回答' : `${day(at)} に回答済み。${days} 日後に再度お尋ねします${pass ? '' : '（まだその時期ではありません）'}`),
  finished: (_pass, how: string | null) => (how === null ? '未完了' : `すでに ${how}`),
}

/** A check's sentence in `locale`: the answer's own (English) detail, or its Japanese. */
export function checkSentence(locale: string, check: Check): string {
  return locale === 'ja' ? CHECK_TEXT_JA[check.check](check.pass, check.value, check.wanted) : check.detail
}
