import type { DeliveredChecklist } from '../../types'
import { safeHref } from '../validate'

type Item = DeliveredChecklist['items'][number]

/** One item: its title (a link to where the work is done, if any) and its state, said in words too. */
export function ChecklistItem({ item }: { item: Item }) {
  const href = safeHref(item.href)
  return (
    <li class="item" data-goyo-item={item.id} data-done={String(item.done)}>
      <span class="tick" aria-hidden="true">
        {item.done ? '✓' : ''}
      </span>
      <div>
        <span class="title">{href ? <a href={href}>{item.title}</a> : item.title}</span>
        <span class="sr">{item.done ? ' (done)' : ' (not done)'}</span>
        {item.description && <div class="desc">{item.description}</div>}
      </div>
    </li>
  )
}
