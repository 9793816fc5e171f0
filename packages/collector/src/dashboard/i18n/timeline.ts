import { EVENTS, type Content } from '@goyo/schema'
import type { View } from '../view'
import { itemTitle } from './titles'

/**
 * A timeline entry in the page's language. The store keeps an English title per entry (the API's
 * communication history); the dashboard writes it again from the entry's kind and data, naming
 * content items by their titles.
 */
export interface TimelineEntry {
  kind: string
  title: string
  data: unknown
}

const EVENT_KIND: Record<string, { en: string; ja: string; item?: 'prompts' | 'surveys' | 'checklists' | 'tours' }> = {
  [EVENTS.promptShown]: { en: 'Prompt shown', ja: 'プロンプトを表示', item: 'prompts' },
  [EVENTS.promptClicked]: { en: 'Prompt clicked', ja: 'プロンプトをクリック', item: 'prompts' },
  [EVENTS.promptDismissed]: { en: 'Prompt dismissed', ja: 'プロンプトを閉じた', item: 'prompts' },
  [EVENTS.promptConverted]: { en: 'Prompt converted', ja: 'プロンプトからコンバージョン', item: 'prompts' },
  [EVENTS.surveyShown]: { en: 'Survey shown', ja: 'アンケートを表示', item: 'surveys' },
  [EVENTS.surveyAnswered]: { en: 'Survey answered', ja: 'アンケートに回答', item: 'surveys' },
  [EVENTS.checklistCompleted]: { en: 'Checklist completed', ja: 'チェックリストを完了', item: 'checklists' },
  [EVENTS.checklistDismissed]: { en: 'Checklist dismissed', ja: 'チェックリストを閉じた', item: 'checklists' },
  [EVENTS.milestoneReached]: { en: 'Milestone reached', ja: 'マイルストーンに到達' },
  [EVENTS.tourCompleted]: { en: 'Tour completed', ja: 'ツアーを完了', item: 'tours' },
}

const record = (data: unknown): Record<string, unknown> => (data && typeof data === 'object' ? (data as Record<string, unknown>) : {})
const text = (value: unknown) => (typeof value === 'string' ? value : '')

export function timelineText(view: View, content: Content, entry: TimelineEntry): string {
  const ja = view.locale === 'ja'
  const data = record(entry.data)
  const band = (value: unknown) => (typeof value === 'string' && Object.hasOwn(view.t.bands, value) ? view.t.bands[value as keyof View['t']['bands']] : text(value))
  const change = (from: string, to: string) => (from ? `${from} → ${to}` : to)
  switch (entry.kind) {
    case 'tier_changed': return ja ? `ティア ${change(text(data.from), text(data.to))}` : entry.title
    case 'band_changed': return `${view.t.account.health} ${change(band(data.from), band(data.to))}`
    case 'playbook_fired': return ja ? `プレイブック ${text(data.playbook)} を実行` : entry.title
    case 'tag_removed': return ja ? `タグ ${text(data.tag)} を削除（プレイブック ${text(data.playbook)} の条件を満たさなくなったため）` : entry.title
    case 'traits_changed': return ja ? `CS が属性を設定：${Object.keys(record(data.changes)).join('、')}` : entry.title
  }
  const kind = Object.hasOwn(EVENT_KIND, entry.kind) ? EVENT_KIND[entry.kind]! : null
  if (!kind) return entry.title
  const object = entry.title.startsWith(`${entry.kind}: `) ? entry.title.slice(entry.kind.length + 2) : ''
  const name = object && kind.item ? itemTitle(content, kind.item, object, view.locale) : object
  const label = ja ? kind.ja : kind.en
  return name ? `${label}${ja ? '：' : ': '}${name}` : label
}
