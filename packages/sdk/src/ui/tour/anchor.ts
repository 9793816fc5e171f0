import type { RefObject } from 'preact'
import { useLayoutEffect } from 'preact/hooks'
import { safely } from '../shared/safely'
import { placeNext } from './position'
import { findTarget } from './target'

/** How far the highlight ring stands off the element. */
const RING = 4

/**
 * Keeps a step next to its element: placed before the first paint, then again on every scroll
 * (of the page or of any scrolling box, hence the capture listener) and resize, at most once per
 * frame. An element out of view is scrolled to first. Positions go into a constructable
 * stylesheet of the shadow root, like the theme, so that no `style` attribute is ever written
 * (a strict `style-src` Content-Security-Policy holds). An element the app re-rendered is looked
 * up again by its selector.
 *
 * @example
 * useAnchor(cardRef, target, step.selector)
 */
export function useAnchor(card: RefObject<HTMLElement | null>, target: Element | null, selector: string | undefined): void {
  useLayoutEffect(() => {
    const box = card.current
    const win = box?.ownerDocument.defaultView
    if (!target || !box || !win) return
    const root = box.getRootNode() as Document | ShadowRoot
    const sheet = new CSSStyleSheet()
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    let element = target
    let frame = 0
    const place = safely(() => {
      frame = 0
      if (!element.isConnected && selector) element = findTarget(box.ownerDocument, selector) ?? element
      const at = element.getBoundingClientRect()
      const { top, left } = placeNext(at, { width: box.offsetWidth, height: box.offsetHeight }, { width: win.innerWidth, height: win.innerHeight })
      // Numbers only go into the rule: nothing from content reaches this stylesheet.
      sheet.replaceSync(
        `.tour{top:${top}px;left:${left}px}.spot{top:${at.top - RING}px;left:${at.left - RING}px;width:${at.width + 2 * RING}px;height:${at.height + 2 * RING}px}`,
      )
    })
    const schedule = (): void => void (frame ||= win.requestAnimationFrame(place))
    const seen = target.getBoundingClientRect()
    if (seen.bottom < 0 || seen.top > win.innerHeight || seen.right < 0 || seen.left > win.innerWidth) target.scrollIntoView?.({ block: 'center', inline: 'nearest' })
    place()
    win.addEventListener('scroll', schedule, { capture: true, passive: true })
    win.addEventListener('resize', schedule)
    return () => {
      win.cancelAnimationFrame(frame)
      win.removeEventListener('scroll', schedule, { capture: true })
      win.removeEventListener('resize', schedule)
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet)
    }
  }, [target])
}
