import type { DeliveredChecklist } from '../../types'
import type { Translate } from '../text'
import { safeHref } from '../validate'

type Item = DeliveredChecklist['items'][number]

/** One item: its title (a link to where the work is done, if any) and its state, said in words too. The tick is drawn in CSS: no glyph a font may lack. */
export function ChecklistItem({ item, t }: { item: Item; t: Translate }) {
  const href = safeHref(item.href)
  return (
    <li class="item" data-goyo-item={item.id} data-done={String(item.done)}>
      <span class="tick" aria-hidden="true" />
      <div>
        <span class="title">{href ? <a href={href}>{item.title}</a> : item.title}</span>
        <span class="sr">{` ${t(item.done ? 'checklist.itemDone' : 'checklist.itemNotDone')}`}</span>
        {item.description && <div class="desc">{item.description}</div>}
      </div>
    </li>
  )
}
