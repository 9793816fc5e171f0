import type { RefObject } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/**
 * Whether a fixed widget should move to the other side because it covers the element the user is
 * working on (the focused field or control of the page). Rechecked whenever focus moves.
 *
 * @example
 * const flip = useAvoidFocus(ref)
 * return <aside ref={ref} class={flip ? 'slideout flip' : 'slideout'} />
 */
export function useAvoidFocus(ref: RefObject<Element | null>): boolean {
  const [flip, setFlip] = useState(false)
  useEffect(() => {
    const check = (): void => {
      const mine = ref.current?.getBoundingClientRect()
      const active = document.activeElement
      // Focus inside our own shadow root shows up as the host element: that is not the page's.
      if (!mine || !active || active === document.body || active.id === 'goyo-root') return
      const theirs = active.getBoundingClientRect()
      const overlaps = theirs.right > mine.left && theirs.left < mine.right && theirs.bottom > mine.top && theirs.top < mine.bottom
      if (overlaps) setFlip((f) => !f)
    }
    check()
    document.addEventListener('focusin', check)
    return () => document.removeEventListener('focusin', check)
  }, [])
  return flip
}
