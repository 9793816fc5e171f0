import { useRef } from 'preact/hooks'
import type { DeliveredPrompt } from '../../types'
import { useAvoidFocus } from '../shared/avoid'
import { useDialog } from '../shared/dialog'
import type { Translate } from '../text'
import { safeHref } from '../validate'

export interface PromptProps {
  prompt: DeliveredPrompt
  /** The call to action was used (a link navigates on its own). */
  onClick(): void
  onDismiss(): void
  t: Translate
}

/**
 * A cross-sell or upsell prompt. `modal` is a dialog that takes and traps focus (Escape
 * dismisses); `slideout` and `banner` are regions that leave the page usable. A slideout moves
 * aside when it would cover the field the user is in; a banner sits in the page's flow at its
 * top (see mount.ts), pushing the page down rather than covering its header, and leaves no gap
 * when it goes.
 */
export function Prompt({ prompt, onClick, onDismiss, t }: PromptProps) {
  const id = `goyo-prompt-${prompt.id}`
  const href = safeHref(prompt.cta.href)
  const body = (
    <>
      <button type="button" class="x" aria-label={prompt.dismissLabel ?? t('prompt.dismiss', { title: prompt.title })} onClick={onDismiss}>
        ×
      </button>
      <h2 id={`${id}-title`}>{prompt.title}</h2>
      <p id={`${id}-body`}>{prompt.body}</p>
      <div class="actions">
        {href ? (
          <a class="btn" href={href} onClick={onClick}>
            {prompt.cta.label}
          </a>
        ) : (
          <button type="button" class="btn" onClick={onClick}>
            {prompt.cta.label}
          </button>
        )}
        {prompt.dismissLabel && (
          <button type="button" class="btn btn--quiet" onClick={onDismiss}>
            {prompt.dismissLabel}
          </button>
        )}
      </div>
    </>
  )
  return prompt.kind === 'modal' ? <Modal id={id} onDismiss={onDismiss}>{body}</Modal> : <Aside id={id} kind={prompt.kind}>{body}</Aside>
}

function Modal({ id, onDismiss, children }: { id: string; onDismiss(): void; children: preact.ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null)
  useDialog(ref, onDismiss)
  return (
    <div class="fixed backdrop">
      <div ref={ref} class="card modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} tabIndex={-1}>
        {children}
      </div>
    </div>
  )
}

/** Non-modal kinds; also used by the NPS survey. */
export function Aside({ id, kind, children }: { id: string; kind: 'slideout' | 'banner'; children: preact.ComponentChildren }) {
  const ref = useRef<HTMLElement>(null)
  const flip = useAvoidFocus(ref)
  return (
    <aside ref={ref} class={`card ${kind}${flip ? ' flip' : ''}`} aria-labelledby={`${id}-title`}>
      {children}
    </aside>
  )
}
