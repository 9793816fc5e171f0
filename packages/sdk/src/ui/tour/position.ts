/** A rectangle in viewport coordinates (a `DOMRect` is one). */
export interface Rect {
  top: number
  left: number
  width: number
  height: number
}

/** Which side of its element a step sits on. */
export type Side = 'bottom' | 'top' | 'right' | 'left'

/** Space between the element and the step. */
export const GAP = 12

/** Space the step keeps from the viewport's edges. */
export const MARGIN = 8

/** Preferred sides in order: below first, where the eye goes after reading the element. */
const SIDES: Side[] = ['bottom', 'top', 'right', 'left']

const clamp = (value: number, max: number): number => Math.round(Math.max(MARGIN, Math.min(value, max - MARGIN)))

/**
 * Where to put a step of size `box` next to `anchor` so that it stays in the viewport: the first
 * side with room for it (below, above, right, left), centred on the element along that side;
 * with room nowhere, the side with the most. Either way it is then pushed inside the viewport, so
 * an element scrolled out of view leaves the step at the nearest edge rather than off screen.
 *
 * @example
 * placeNext(button.getBoundingClientRect(), { width: 320, height: 160 }, { width: innerWidth, height: innerHeight })
 * // { top: 212, left: 96, side: 'bottom' }
 */
export function placeNext(anchor: Rect, box: { width: number; height: number }, viewport: { width: number; height: number }): { top: number; left: number; side: Side } {
  const room: Record<Side, number> = {
    bottom: viewport.height - anchor.top - anchor.height - GAP - box.height,
    top: anchor.top - GAP - box.height,
    right: viewport.width - anchor.left - anchor.width - GAP - box.width,
    left: anchor.left - GAP - box.width,
  }
  const side = SIDES.find((s) => room[s] >= MARGIN) ?? SIDES.reduce((best, s) => (room[s] > room[best] ? s : best))
  const vertical = side === 'bottom' || side === 'top'
  const top = vertical
    ? side === 'bottom'
      ? anchor.top + anchor.height + GAP
      : anchor.top - GAP - box.height
    : anchor.top + anchor.height / 2 - box.height / 2
  const left = vertical ? anchor.left + anchor.width / 2 - box.width / 2 : side === 'right' ? anchor.left + anchor.width + GAP : anchor.left - GAP - box.width
  return { top: clamp(top, viewport.height - box.height), left: clamp(left, viewport.width - box.width), side }
}
