import { useEffect, useRef, useState } from 'preact/hooks'
import { ROOT_ID } from '../mount'
import type { Translate } from '../text'
import { useAnchor } from './anchor'
import type { ShownStep } from './runner'

export interface TourProps {
  step: ShownStep
  onNext(): void
  onBack(): void
  /** The close button or Escape (sent as `Tour Dismissed`). */
  onDismiss(): void
  t: Translate
}

/** A page field the user may be typing in: a step that appears late must not take focus from it. */
const FIELD = 'input,textarea,select,[contenteditable]'

/**
 * The tour in progress. It stays mounted from the first step to the last (also while a step waits
 * for its element), so that focus goes back to where it was only when the tour ends, and only if
 * it is still on the tour or was lost with it: never pulled from where the user went meanwhile.
 */
export function Tour({ step, onNext, onBack, onDismiss, t }: TourProps) {
  // Read while rendering: effects run child first, and the first step's effect takes focus.
  const [before] = useState(() => document.activeElement as HTMLElement | null)
  useEffect(() => {
    return () => {
      const now = document.activeElement
      if (!now || now === document.body || now.id === ROOT_ID || now.closest('.tour')) before?.focus?.({ preventScroll: true })
    }
  }, [])
  if (step.target === undefined) return null
  return <TourStep key={step.index} step={step} onNext={onNext} onBack={onBack} onDismiss={onDismiss} t={t} />
}

/**
 * One step: a non-modal dialog (the page stays usable; the element it points at may be the very
 * thing to click) named by the step title and "Step n of m", next to its element with a ring
 * around it, or centred. It takes focus when it appears, unless the user is in a page field.
 * Escape dismisses, arrow keys go back and forth, Tab leaves it like any other part of the page.
 */
function TourStep({ step: { tour, index, target }, onNext, onBack, onDismiss, t }: TourProps) {
  const card = useRef<HTMLDivElement>(null)
  const step = tour.steps[index]!
  const last = index === tour.steps.length - 1
  useAnchor(card, target ?? null, step.selector)
  useEffect(() => {
    if (!document.activeElement?.matches(FIELD)) card.current?.focus({ preventScroll: true })
  }, [])
  const onKeyDown = (event: KeyboardEvent): void => {
    const act = { Escape: onDismiss, ArrowRight: onNext, ArrowLeft: index > 0 ? onBack : undefined }[event.key]
    if (!act) return
    // Handled here: the page's own shortcuts must not act on the same key press.
    event.preventDefault()
    event.stopPropagation()
    act()
  }
  return (
    <>
      {target && <div class="fixed spot" aria-hidden="true" />}
      <div
        ref={card}
        class={`card fixed tour${target ? '' : ' tour--center'}`}
        role="dialog"
        aria-labelledby="goyo-tour-title goyo-tour-progress"
        aria-describedby="goyo-tour-body"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <button type="button" class="x" aria-label={t('tour.dismiss', { title: tour.title })} onClick={onDismiss}>
          ×
        </button>
        <p class="progress" id="goyo-tour-progress">{t('tour.progress', { step: index + 1, count: tour.steps.length })}</p>
        <h2 id="goyo-tour-title">{step.title}</h2>
        <p id="goyo-tour-body">{step.body}</p>
        <div class="actions">
          {index > 0 && (
            <button type="button" class="btn btn--quiet" onClick={onBack}>
              {t('tour.back')}
            </button>
          )}
          <button type="button" class="btn" onClick={onNext}>
            {t(last ? 'tour.done' : 'tour.next')}
          </button>
        </div>
      </div>
    </>
  )
}
