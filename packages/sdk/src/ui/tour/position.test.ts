import { describe, expect, it } from 'vitest'
import { GAP, MARGIN, placeNext } from './position'

const viewport = { width: 1000, height: 800 }
const box = { width: 300, height: 150 }
const at = (top: number, left: number, width = 100, height = 40) => ({ top, left, width, height })

describe('placeNext', () => {
  it('puts the step below the element, centred on it, when there is room', () => {
    expect(placeNext(at(100, 450), box, viewport)).toEqual({ top: 100 + 40 + GAP, left: 500 - 150, side: 'bottom' })
  })

  it('goes above an element near the bottom, and beside one that fills the height', () => {
    expect(placeNext(at(700, 450), box, viewport)).toMatchObject({ top: 700 - GAP - 150, side: 'top' })
    const tall = at(10, 100, 100, 780)
    expect(placeNext(tall, box, viewport)).toMatchObject({ left: 200 + GAP, side: 'right' })
    expect(placeNext(at(10, 650, 300, 780), box, viewport)).toMatchObject({ left: 650 - GAP - 300, side: 'left' })
  })

  it('stays inside the viewport near its edges', () => {
    const left = placeNext(at(100, 0, 40, 40), box, viewport)
    expect(left).toMatchObject({ left: MARGIN, side: 'bottom' })
    const right = placeNext(at(100, 980, 20, 20), box, viewport)
    expect(right.left).toBe(1000 - 300 - MARGIN)
  })

  it('keeps the step on screen when the element is scrolled out of view or the step cannot fit', () => {
    const above = placeNext(at(-500, 450), box, viewport)
    expect(above.top).toBe(MARGIN)
    const below = placeNext(at(2000, 450), box, viewport)
    expect(below.top).toBe(800 - 150 - MARGIN)
    const phone = placeNext(at(300, 10, 355, 300), { width: 359, height: 200 }, { width: 375, height: 667 })
    expect(phone.left).toBe(MARGIN)
    expect(phone.top + 200).toBeLessThanOrEqual(667 - MARGIN)
  })
})
