import type { Catalog } from '@goyo/schema'

/**
 * The widgets' words in Japanese: polite (です・ます) and short, as Japanese SaaS products write
 * their UI; full-width punctuation, no emoji. The NPS ends follow the wording Japanese NPS surveys
 * use.
 */
export const ja: Catalog = {
  'checklist.launcher': '{count} 件中 {done} 件完了',
  'checklist.launcherLabel': '{title}：{count} 件中 {done} 件完了',
  'checklist.dismiss': '{title}を閉じる',
  'checklist.itemDone': '（完了）',
  'checklist.itemNotDone': '（未完了）',
  'checklist.completed': 'すべて完了しました！',
  'prompt.dismiss': '閉じる',
  'survey.dismiss': 'アンケートを閉じる',
  'survey.scaleLow': '{score}：まったくそう思わない',
  'survey.scaleHigh': '{score}：非常にそう思う',
  'survey.comment': 'ご意見・ご感想があればお聞かせください（任意）',
  'survey.send': '送信する',
  'tour.dismiss': '{title}を閉じる',
  'tour.progress': 'ステップ {step}（全 {count} ステップ）',
  'tour.back': '戻る',
  'tour.next': '次へ',
  'tour.done': '完了',
}
