import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { DeliveredChecklist } from '../../types'
import { useAvoidFocus } from '../shared/avoid'
import type { Translate } from '../text'
import { ChecklistItem } from './checklist-item'

/** How long the completion celebration stays before the checklist goes away. */
export const CELEBRATION_MS = 4000

export interface ChecklistProps {
  checklist: DeliveredChecklist
  /** Open the panel now by itself (first sight, or an item was just done); otherwise it waits on its launcher. */
  opening: boolean
  /** Another Goyo surface is on screen: the panel stays closed meanwhile, only the launcher shows. */
  collapsed: boolean
  /** The user opened or closed the panel from its launcher or its dismiss button. */
  onToggle?(open: boolean): void
  /** The user closed the panel with its dismiss button (sent once as `Checklist Dismissed`). */
  onDismiss(): void
  t: Translate
}

/**
 * The launcher ("2 of 5") and the panel of items. The panel opens by itself only when told
 * (`opening`); otherwise the launcher says the progress to screen readers and toggles the panel,
 * which also brings a dismissed checklist back. When the last item is ticked, a short celebration
 * shows (static under prefers-reduced-motion), then the checklist leaves.
 */
export function Checklist({ checklist, opening, collapsed, onToggle, onDismiss, t }: ChecklistProps) {
  const [open, setOpen] = useState(opening)
  const [celebrating, setCelebrating] = useState(false)
  const finished = useRef(checklist.completed)
  const launcher = useRef<HTMLButtonElement>(null)
  const flip = useAvoidFocus(launcher)
  const done = checklist.items.filter((item) => item.done).length
  const total = checklist.items.length
  const complete = done === total
  const progress = { title: checklist.title, done, count: total }

  // Layout effect: the panel opens in the same frame as the tick that caused it.
  useLayoutEffect(() => {
    if (opening) setOpen(true)
  }, [opening])

  useEffect(() => {
    if (!complete || finished.current) return
    finished.current = true
    setOpen(true)
    setCelebrating(true)
    const timer = setTimeout(() => setCelebrating(false), CELEBRATION_MS)
    return () => clearTimeout(timer)
  }, [complete])

  if (complete && !celebrating) return null
  const panelId = `goyo-checklist-${checklist.id}`
  const side = flip ? ' flip' : ''
  return (
    <>
      {open && !collapsed && (
        <section class={`card fixed panel${side}`} id={panelId} aria-labelledby={`${panelId}-title`}>
          <button
            type="button"
            class="x"
            aria-label={t('checklist.dismiss', progress)}
            onClick={() => {
              setOpen(false)
              onToggle?.(false)
              onDismiss()
              launcher.current?.focus()
            }}
          >
            ×
          </button>
          <h2 id={`${panelId}-title`}>{checklist.title}</h2>
          {checklist.description && <p>{checklist.description}</p>}
          <ul class="items">
            {checklist.items.map((item) => (
              <ChecklistItem key={item.id} item={item} t={t} />
            ))}
          </ul>
          <p class={celebrating ? 'party' : 'sr'} role="status">
            {celebrating ? (checklist.completedMessage ?? t('checklist.completed')) : ''}
          </p>
        </section>
      )}
      <button
        ref={launcher}
        type="button"
        class={`fixed launcher${side}`}
        aria-expanded={open && !collapsed}
        aria-controls={panelId}
        aria-label={t('checklist.launcherLabel', progress)}
        onClick={() => {
          const next = !(open && !collapsed)
          setOpen(next)
          onToggle?.(next)
        }}
      >
        {t('checklist.launcher', progress)}
      </button>
    </>
  )
}
