import type { RefObject } from 'preact'
import { useEffect } from 'preact/hooks'

const FOCUSABLE = 'a[href],button:not([disabled]),textarea,input,select,[tabindex]:not([tabindex="-1"])'

/**
 * Modal dialog behaviour: takes focus (first control) on open, keeps Tab and Shift+Tab inside,
 * closes on Escape, and gives focus back to where it was on close.
 *
 * @example
 * useDialog(ref, () => onDismiss())
 */
export function useDialog(ref: RefObject<HTMLElement | null>, onEscape: () => void): void {
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const previous = document.activeElement as HTMLElement | null
    const controls = (): HTMLElement[] => [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)]
    ;(controls()[0] ?? dialog).focus()
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault()
        onEscape()
      } else if (event.key === 'Tab') {
        const list = controls()
        const active = (dialog.getRootNode() as ShadowRoot | Document).activeElement
        const edge = event.shiftKey ? list[0] : list[list.length - 1]
        if (active === edge || !list.includes(active as HTMLElement)) {
          event.preventDefault()
          ;(event.shiftKey ? list[list.length - 1] : list[0])?.focus()
        }
      }
    }
    dialog.addEventListener('keydown', onKey)
    return () => {
      dialog.removeEventListener('keydown', onKey)
      previous?.focus?.()
    }
  }, [])
}
