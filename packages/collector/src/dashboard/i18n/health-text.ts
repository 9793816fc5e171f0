/**
 * The engine writes each health measure's detail and each driver as an English sentence
 * (cs/health.ts), stored with the account's state. In another language the dashboard rewrites
 * them from their known shapes; health-text.test.ts runs every branch of `scoreMeasure` so that a
 * new sentence there cannot slip through untranslated.
 */

type Rewrite = [RegExp, (...groups: string[]) => string]

const JA: Rewrite[] = [
  [/^no data: a (\d+)-day window, the account is (\d+) days old$/, (window, age) => `データなし：${window}日間の集計期間に対し、アカウントは開始から${age}日です`],
  [/^no key features configured$/, () => '主要機能が設定されていません'],
  [/^(\d+) of (\d+) key features used$/, (used, total) => `主要機能 ${total} 個中 ${used} 個を利用`],
  [/^no known users$/, () => '既知のユーザーがいません'],
  [/^(\d+) of (\d+) users active$/, (active, known) => `ユーザー ${known} 人中 ${active} 人がアクティブ`],
  [/^value reached after ([\d.]+) days \(target (\d+)\)$/, (days, target) => `${days} 日で価値に到達（目標 ${target} 日）`],
  [/^value not reached yet; (\d+)-day target not over$/, (target) => `まだ価値に到達していません（${target} 日の目標期間内）`],
  [/^value not reached within (\d+) days$/, (target) => `${target} 日以内に価値に到達しませんでした`],
  [/^no active users in 30 days$/, () => '30日間アクティブなユーザーがいません'],
  [/^DAU\/MAU (-?\d+%)$/, (share) => `DAU/MAU ${share}`],
  [/^(\d+) NPS answers, (\d+) needed$/, (answers, needed) => `NPS の回答 ${answers} 件（${needed} 件必要）`],
  [/^NPS (-?\d+) from (\d+) answers$/, (nps, answers) => `NPS ${nps}（回答 ${answers} 件）`],
  [/^usage started$/, () => '利用を開始'],
  [/^no usage in either period$/, () => 'どちらの期間にも利用がありません'],
  [/^usage ([+-]?-?\d+%) on the previous period$/, (change) => `利用は前期間比 ${change}`],
  [/^no data$/, () => 'データなし'],
]

/** A measure's or driver's detail in `locale`; the engine's English when there is no rewrite. */
export function healthDetail(locale: string, detail: string): string {
  if (locale !== 'ja') return detail
  for (const [pattern, rewrite] of JA) {
    const match = pattern.exec(detail)
    if (match) return rewrite(...match.slice(1))
  }
  return detail
}
