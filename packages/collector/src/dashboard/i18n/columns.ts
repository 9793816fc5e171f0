import type { Translation } from '../../i18n/catalog'
import type { DefinitionId } from './definitions'

/**
 * Table columns in words. Reports name their fields in camelCase for the API and the CLI; the
 * dashboard shows each field under a header a PM reads, and writes its values by kind.
 */

export const COLUMNS_EN = {
  // Shared
  account: 'Account', accountId: 'Account', accounts: 'Accounts', name: 'Name', tier: 'Tier', band: 'Health band', users: 'Users',
  milestone: 'Milestone', unit: 'Counted in', units: 'Started', reached: 'Reached value', notYet: 'Not yet',
  // Events and stickiness
  event: 'Event', count: 'Count', day: 'Day', dau: 'Daily active users', wau: 'Weekly active users', mau: 'Monthly active users',
  dauMau: 'DAU/MAU (users)', wauMau: 'WAU/MAU (users)', accountDau: 'Daily active accounts', accountWau: 'Weekly active accounts',
  accountMau: 'Monthly active accounts', accountDauMau: 'DAU/MAU (accounts)', accountWauMau: 'WAU/MAU (accounts)',
  // Adoption
  feature: 'Feature', uses: 'Uses', userRate: 'Adoption among active users', accountRate: 'Adoption among active accounts', depth: 'Uses per adopting account',
  previousUserRate: 'Users, previous period', previousAccountRate: 'Accounts, previous period', userRateChange: 'Change (users)',
  accountRateChange: 'Change (accounts)', used: 'Key features used', total: 'Key features', share: 'Breadth',
  // Time to value
  medianHours: 'Median', p75Hours: '75th percentile', p90Hours: '90th percentile', reachedBy1d: 'Within 1 day', reachedBy7d: 'Within 7 days',
  reachedBy14d: 'Within 14 days', reachedBy30d: 'Within 30 days', note: 'Note', week: 'Signup week', id: 'Who', start: 'Started',
  targetDays: 'Target (days)', daysSinceStart: 'Days since start',
  // Checklists
  checklist: 'Checklist', item: 'Item', title: 'Step', completedAnyOrder: 'Completed in any order', rate: 'Share of starters', stepRate: 'Share with every step so far',
  started: 'Started', completed: 'Completed', completionRate: 'Completion rate', medianHoursToComplete: 'Median time to complete',
  // Prompts
  prompt: 'Prompt', eligible: 'Eligible', shown: 'Shown', clicked: 'Clicked', converted: 'Converted', conversionRate: 'Conversion',
  holdoutEligible: 'Holdout accounts', holdoutConverted: 'Holdout converted', holdoutConversionRate: 'Holdout conversion', lift: 'Lift',
  liftLow: 'Lift, 95% low', liftHigh: 'Lift, 95% high', suppressed: 'Shows held back',
  // NPS
  respondents: 'Respondents', promoters: 'Promoters', passives: 'Passives', detractors: 'Detractors', nps: 'NPS',
  noAccountRespondents: 'Respondents without an account', noAccountNps: 'NPS without an account', noAccount: 'Without an account',
  at: 'Answered', score: 'Score', group: 'Group', comment: 'Comment', user: 'User', survey: 'Survey',
  // Segments and at risk
  kind: 'Change of', from: 'From', to: 'To', health: 'Health', arr: 'ARR', change7d: 'Change in 7 days', change28d: 'Change in 28 days',
  reasons: 'Why', drivers: 'What drives the score down', plan: 'Plan', activeUsers: 'Active users (30 days)', lastSeen: 'Last seen',
  // Cross-sell
  product: 'Product', rank: 'Rank', signals: 'Signals', propensity: 'Likelihood',
  // Revenue
  month: 'Month', startingMrr: 'Starting MRR', new: 'New', reactivation: 'Reactivation', expansion: 'Expansion', upsell: 'Upsell',
  crossSell: 'Cross-sell', contraction: 'Contraction', churned: 'Churned', endingMrr: 'Ending MRR', customersAtStart: 'Customers at start',
  customersLost: 'Customers lost', customersAtEnd: 'Customers at end', newCustomers: 'New customers', reactivatedCustomers: 'Reactivated customers',
  logoChurnRate: 'Logo churn', grossRevenueChurn: 'Gross revenue churn', netRevenueChurn: 'Net revenue churn', grr: 'GRR', nrr: 'NRR',
  negativeNetChurn: 'Negative churn', goal: 'Goal', windowDays: 'Window (days)', eligibleAccounts: 'Eligible accounts',
  convertedAccounts: 'Converted accounts', expandedAccounts: 'Expanded accounts', expansionMrr: 'Expansion MRR',
  perConvertedAccount: 'Per converted account', perEligibleAccount: 'Per eligible account', liftPerEligibleAccount: 'Lift per eligible account',
  openWindows: 'Windows still open',
  // Account page
  measure: 'Measure', weight: 'Weight', detail: 'Detail', trait: 'Trait', value: 'Value',
} as const

export const COLUMNS_JA: Translation<typeof COLUMNS_EN> = {
  account: 'アカウント', accountId: 'アカウント', accounts: 'アカウント数', name: '名前', tier: 'ティア', band: 'ヘルス区分', users: 'ユーザー数',
  milestone: 'マイルストーン', unit: '単位', units: '開始数', reached: '価値到達', notYet: '未到達',
  event: 'イベント', count: '件数', day: '日付', dau: '日次アクティブユーザー', wau: '週次アクティブユーザー', mau: '月次アクティブユーザー',
  dauMau: 'DAU/MAU（ユーザー）', wauMau: 'WAU/MAU（ユーザー）', accountDau: '日次アクティブアカウント', accountWau: '週次アクティブアカウント',
  accountMau: '月次アクティブアカウント', accountDauMau: 'DAU/MAU（アカウント）', accountWauMau: 'WAU/MAU（アカウント）',
  feature: '機能', uses: '利用回数', userRate: 'アクティブユーザーの利用率', accountRate: 'アクティブアカウントの利用率', depth: '利用アカウントあたりの利用回数',
  previousUserRate: 'ユーザー（前期間）', previousAccountRate: 'アカウント（前期間）', userRateChange: '増減（ユーザー）',
  accountRateChange: '増減（アカウント）', used: '利用した主要機能', total: '主要機能数', share: '利用の幅',
  medianHours: '中央値', p75Hours: '75パーセンタイル', p90Hours: '90パーセンタイル', reachedBy1d: '1日以内', reachedBy7d: '7日以内',
  reachedBy14d: '14日以内', reachedBy30d: '30日以内', note: '補足', week: '登録週', id: '対象', start: '開始日',
  targetDays: '目標（日）', daysSinceStart: '開始からの日数',
  checklist: 'チェックリスト', item: '項目', title: 'ステップ', completedAnyOrder: '順不同での完了', rate: '開始者に占める割合', stepRate: 'ここまで全ステップ完了の割合',
  started: '開始', completed: '完了', completionRate: '完了率', medianHoursToComplete: '完了までの時間（中央値）',
  prompt: 'プロンプト', eligible: '対象', shown: '表示', clicked: 'クリック', converted: 'コンバージョン', conversionRate: 'コンバージョン率',
  holdoutEligible: 'ホールドアウトのアカウント', holdoutConverted: 'ホールドアウトのコンバージョン', holdoutConversionRate: 'ホールドアウトのコンバージョン率', lift: 'リフト',
  liftLow: 'リフト（95%下限）', liftHigh: 'リフト（95%上限）', suppressed: '表示を控えた回数',
  respondents: '回答者', promoters: '推奨者', passives: '中立者', detractors: '批判者', nps: 'NPS',
  noAccountRespondents: 'アカウントなしの回答者', noAccountNps: 'アカウントなしのNPS', noAccount: 'アカウントなし',
  at: '回答日時', score: 'スコア', group: '区分', comment: 'コメント', user: 'ユーザー', survey: 'アンケート',
  kind: '変化の種類', from: '変更前', to: '変更後', health: 'ヘルス', arr: 'ARR', change7d: '7日間の増減', change28d: '28日間の増減',
  reasons: '理由', drivers: 'スコアを下げている要因', plan: 'プラン', activeUsers: 'アクティブユーザー（30日）', lastSeen: '最終利用日',
  product: 'プロダクト', rank: '順位', signals: '根拠', propensity: '見込み',
  month: '月', startingMrr: '期首MRR', new: '新規', reactivation: '再開', expansion: '拡大', upsell: 'アップセル',
  crossSell: 'クロスセル', contraction: '縮小', churned: '解約', endingMrr: '期末MRR', customersAtStart: '期首の顧客数',
  customersLost: '失った顧客数', customersAtEnd: '期末の顧客数', newCustomers: '新規顧客数', reactivatedCustomers: '再開した顧客数',
  logoChurnRate: '顧客解約率', grossRevenueChurn: 'グロス収益解約率', netRevenueChurn: 'ネット収益解約率', grr: 'GRR', nrr: 'NRR',
  negativeNetChurn: 'ネガティブチャーン', goal: 'ゴール', windowDays: '計測期間（日）', eligibleAccounts: '対象アカウント',
  convertedAccounts: 'コンバージョンしたアカウント', expandedAccounts: '拡大したアカウント', expansionMrr: '拡大MRR',
  perConvertedAccount: 'コンバージョン1件あたり', perEligibleAccount: '対象アカウントあたり', liftPerEligibleAccount: '対象アカウントあたりのリフト',
  openWindows: '計測中の期間',
  measure: '指標', weight: '重み', detail: '詳細', trait: '属性', value: '値',
}

export type ColumnKey = keyof typeof COLUMNS_EN

/** How a column's values are written. */
export type ColumnKind = 'text' | 'count' | 'percent' | 'points' | 'hours' | 'money' | 'date' | 'month' | 'decimal' | 'score' | 'change' | 'band' | 'tier' | 'boolean' | 'code' | 'dateTime'

const kinds = (kind: ColumnKind, keys: ColumnKey[]) => keys.map((key) => [key, kind] as const)

/** Each column's kind; a column not listed is text, or a count when its values are numbers. */
export const COLUMN_KINDS: Partial<Record<ColumnKey, ColumnKind>> = Object.fromEntries([
  ...kinds('percent', ['userRate', 'accountRate', 'previousUserRate', 'previousAccountRate', 'share', 'dauMau', 'wauMau', 'accountDauMau', 'accountWauMau',
    'reachedBy1d', 'reachedBy7d', 'reachedBy14d', 'reachedBy30d', 'rate', 'stepRate', 'completionRate', 'conversionRate', 'holdoutConversionRate',
    'logoChurnRate', 'grossRevenueChurn', 'netRevenueChurn', 'grr', 'nrr', 'propensity']),
  ...kinds('points', ['userRateChange', 'accountRateChange', 'lift', 'liftLow', 'liftHigh']),
  ...kinds('hours', ['medianHours', 'p75Hours', 'p90Hours', 'medianHoursToComplete']),
  ...kinds('money', ['arr', 'startingMrr', 'new', 'reactivation', 'expansion', 'upsell', 'crossSell', 'contraction', 'churned', 'endingMrr', 'expansionMrr',
    'perConvertedAccount', 'perEligibleAccount', 'liftPerEligibleAccount']),
  ...kinds('date', ['day', 'week', 'start', 'lastSeen']),
  ...kinds('dateTime', ['at']),
  ...kinds('month', ['month']),
  ...kinds('decimal', ['depth', 'weight']),
  ...kinds('score', ['health', 'score', 'nps', 'noAccountNps']),
  ...kinds('change', ['change7d', 'change28d']),
  ...kinds('band', ['band']),
  ...kinds('tier', ['tier']),
  ...kinds('boolean', ['noAccount', 'negativeNetChurn']),
  ...kinds('code', ['unit', 'kind', 'group']),
])

/** The definition a column's header shows on hover, by column. */
export const COLUMN_DEFINITIONS: Partial<Record<ColumnKey, DefinitionId>> = {
  userRate: 'adoptionRate', accountRate: 'adoptionRate', userRateChange: 'adoptionChange', accountRateChange: 'adoptionChange', depth: 'depth', share: 'breadth',
  dauMau: 'dauMau', accountDauMau: 'dauMau', wauMau: 'wauMau', accountWauMau: 'wauMau',
  medianHours: 'ttvMedian', reachedBy1d: 'ttvReachedBy', reachedBy7d: 'ttvReachedBy', reachedBy14d: 'ttvReachedBy', reachedBy30d: 'ttvReachedBy', notYet: 'ttvNotYet',
  targetDays: 'ttvOverdue', started: 'checklistStarted', completionRate: 'completionRate', stepRate: 'stepRate', medianHoursToComplete: 'timeToComplete',
  conversionRate: 'conversionRate', holdoutConversionRate: 'conversionRate', lift: 'lift', suppressed: 'suppressed',
  nps: 'nps', promoters: 'promoters', passives: 'passives', detractors: 'detractors', respondents: 'respondents',
  health: 'health', reasons: 'atRisk', drivers: 'drivers', propensity: 'propensity',
  startingMrr: 'mrr', endingMrr: 'mrr', expansion: 'expansion', nrr: 'nrr', grr: 'grr', logoChurnRate: 'logoChurn', grossRevenueChurn: 'grossRevenueChurn',
  netRevenueChurn: 'netRevenueChurn', perEligibleAccount: 'expansionPerEligible',
}
