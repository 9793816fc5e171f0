import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { urlPattern } from '../../lib/url-pattern'
import type { DeliveredTour } from '../../types'
import { tourMemory } from './memory'
import { createTourRunner, STEP_WAIT_MS, type ShownStep } from './runner'

const tour = (id: string, steps: DeliveredTour['steps'], extra: Partial<DeliveredTour> = {}): DeliveredTour => ({ id, title: id, steps, ...extra })
const step = (id: string, extra: Partial<DeliveredTour['steps'][number]> = {}) => ({ id, title: `Title ${id}`, body: `Body ${id}`, ...extra })

function setup() {
  const shown: Array<ShownStep | undefined> = []
  const events: Array<[string, Record<string, unknown>]> = []
  const memory = tourMemory(() => 'u1')
  const runner = createTourRunner({
    doc: document,
    onPage: (urls) => !urls?.length || urls.some((url) => urlPattern(url).test(location.pathname)),
    track: (event, properties) => events.push([event, properties]),
    show: (s) => shown.push(s),
    memory,
  })
  const last = () => shown.at(-1)
  const where = () => (last() ? `${last()!.tour.id}#${last()!.index}:${last()!.target === undefined ? 'waiting' : last()!.target ? 'anchored' : 'centred'}` : 'none')
  return { runner, shown, events, memory, last, where }
}

const element = (id: string): HTMLElement => document.body.appendChild(Object.assign(document.createElement('button'), { id }))

beforeEach(() => {
  sessionStorage.clear()
  history.replaceState(null, '', '/invoices/new')
})
afterEach(() => {
  vi.useRealTimers()
  document.body.replaceChildren()
})

describe('the tour runner', () => {
  it('walks forward and back, anchored or centred, and completes with Done', () => {
    element('a')
    const { runner, events, where, last } = setup()
    const t = tour('t', [step('one', { selector: '#a' }), step('two'), step('three')])
    runner.start(t)
    expect(where()).toBe('t#0:anchored')
    expect(last()!.target).toBe(document.getElementById('a'))
    runner.next()
    expect(where()).toBe('t#1:centred')
    runner.back()
    expect(where()).toBe('t#0:anchored')
    runner.back() // nothing before the first: it stays
    expect(where()).toBe('t#0:anchored')
    runner.next()
    runner.next()
    runner.next() // Done
    expect(where()).toBe('none')
    expect(events).toEqual([
      ['Tour Step Viewed', { tour: 't', step: 'one' }],
      ['Tour Step Viewed', { tour: 't', step: 'two' }],
      ['Tour Step Viewed', { tour: 't', step: 'one' }],
      ['Tour Step Viewed', { tour: 't', step: 'two' }],
      ['Tour Step Viewed', { tour: 't', step: 'three' }],
      ['Tour Completed', { tour: 't' }],
    ])
    expect(runner.candidate([t], true)).toBeUndefined() // finished: it does not come back
  })

  it('sends Tour Dismissed with the step, and never shows a dismissed tour again, in this tab either', () => {
    const { runner, events, where } = setup()
    const t = tour('t', [step('one'), step('two')])
    runner.start(t)
    runner.next()
    runner.dismiss()
    expect(where()).toBe('none')
    expect(events.at(-1)).toEqual(['Tour Dismissed', { tour: 't', step: 'two' }])
    expect(runner.candidate([t], true)).toBeUndefined()
    expect(setup().runner.candidate([t], true)).toBeUndefined() // a reload of the tab
    runner.next()
    runner.dismiss()
    expect(events).toHaveLength(3) // nothing after the end
  })

  it('waits briefly for a missing element, takes it when it appears, and otherwise skips the step', () => {
    vi.useFakeTimers()
    const { runner, events, where } = setup()
    const t = tour('t', [step('one'), step('late', { selector: '#late' }), step('never', { selector: '#never' }), step('bad', { selector: '##' }), step('end')])
    runner.start(t)
    runner.next()
    expect(where()).toBe('t#1:waiting')
    vi.advanceTimersByTime(500)
    element('late')
    vi.advanceTimersByTime(100)
    expect(where()).toBe('t#1:anchored')
    runner.next()
    expect(where()).toBe('t#2:waiting')
    vi.advanceTimersByTime(STEP_WAIT_MS + 100) // #never never comes; ## is not even a selector
    vi.advanceTimersByTime(STEP_WAIT_MS + 100)
    expect(where()).toBe('t#4:centred')
    expect(events.map(([, p]) => p.step)).toEqual(['one', 'late', 'end'])
    runner.back() // back skips what is not there now, at once
    expect(where()).toBe('t#1:anchored')
  })

  it('completes when the steps after the current one cannot show', () => {
    vi.useFakeTimers()
    const { runner, events } = setup()
    runner.start(tour('t', [step('one'), step('gone', { selector: '#gone' })]))
    runner.next()
    vi.advanceTimersByTime(STEP_WAIT_MS + 100)
    expect(events.map(([e]) => e)).toEqual(['Tour Step Viewed', 'Tour Completed'])
  })

  it('ends quietly when none of its steps can show here, and may try again after a navigation', () => {
    vi.useFakeTimers()
    const { runner, events, where } = setup()
    const t = tour('t', [step('gone', { selector: '#gone' })])
    runner.start(t)
    vi.advanceTimersByTime(STEP_WAIT_MS + 100)
    expect(where()).toBe('none')
    expect(events).toEqual([])
    expect(runner.candidate([t], true)).toBeUndefined()
    runner.navigated()
    expect(runner.candidate([t], true)).toBe(t)
  })

  it('pauses at a step for another page and resumes there, even after a reload of the tab', () => {
    const { runner, where } = setup()
    const t = tour('t', [step('new', { url: '/invoices/new' }), step('list', { url: '/invoices' }), step('anywhere')])
    const other = tour('other', [step('x')], { priority: 100 })
    runner.start(t)
    runner.next()
    expect(where()).toBe('none') // paused: /invoices is not this page
    expect(runner.candidate([t, other], true)).toBeUndefined() // one tour at a time: nothing else starts meanwhile
    history.replaceState(null, '', '/invoices')
    const reloaded = setup()
    expect(reloaded.runner.candidate([t, other], false)).toBe(t)
    reloaded.runner.start(t)
    expect(reloaded.where()).toBe('t#1:centred')
    reloaded.runner.back() // the step of the other page is skipped going back: nowhere to go
    expect(reloaded.where()).toBe('t#1:centred')
  })

  it('takes a step off screen when a navigation removed its element or left its page, and carries on from there', () => {
    const link = element('link')
    const { runner, where, events } = setup()
    const t = tour('t', [step('one', { selector: '#link' }), step('two', { url: '/invoices/new' }), step('three')])
    runner.start(t)
    runner.navigated() // a navigation that left the element in place changes nothing
    expect(where()).toBe('t#0:anchored')
    link.remove() // the user followed the link: the app rendered another page
    runner.navigated()
    expect(where()).toBe('none')

    element('link')
    runner.start(t)
    runner.next()
    expect(where()).toBe('t#1:centred')
    history.replaceState(null, '', '/invoices')
    runner.navigated()
    expect(where()).toBe('none') // step two is for /invoices/new only
    expect(runner.candidate([t], true)).toBeUndefined()
    history.replaceState(null, '', '/invoices/new')
    expect(runner.candidate([t], false)).toBe(t)
    runner.start(t)
    expect(where()).toBe('t#1:centred')
    expect(events.filter(([e]) => e !== 'Tour Step Viewed')).toEqual([]) // paused, neither completed nor dismissed
  })

  it('offers the highest-priority tour for this page that is not finished, and only when asked to start a new one', () => {
    const { runner, memory } = setup()
    const low = tour('low', [step('s')], { priority: 1 })
    const high = tour('high', [step('s')], { priority: 5 })
    const elsewhere = tour('elsewhere', [step('s')], { priority: 9, urls: ['/reports/*'] })
    const firstStepElsewhere = tour('first-elsewhere', [step('s', { url: '/settings' })], { priority: 8 })
    const tours = [low, high, elsewhere, firstStepElsewhere]
    expect(runner.candidate(tours, true)).toBe(high)
    expect(runner.candidate(tours, false)).toBeUndefined()
    memory.finish('high')
    expect(runner.candidate(tours, true)).toBe(low)
    history.replaceState(null, '', '/reports/7')
    expect(runner.candidate(tours, true)).toBe(elsewhere)
  })
})

describe('tourMemory', () => {
  it('keeps progress per user in sessionStorage, and in memory when storage refuses', () => {
    const a = tourMemory(() => 'a')
    a.save('t', 2)
    expect(tourMemory(() => 'a').at('t')).toBe(2)
    expect(tourMemory(() => 'b').at('t')).toBe(0)
    a.finish('t')
    expect(tourMemory(() => 'a').finished('t')).toBe(true)
    expect(tourMemory(() => 'a').at('t')).toBe(0)
    for (const key of Object.keys(sessionStorage)) sessionStorage.setItem(key.replace(/:t$/, ':x'), '-4') // tampered with
    expect(Object.keys(sessionStorage).join()).not.toContain(':a:') // the user id itself is not stored
    expect(a.at('x')).toBe(0)

    const refusing = tourMemory(
      () => 'a',
      () => {
        throw new Error('SecurityError')
      },
    )
    refusing.finish('t2')
    expect(refusing.finished('t2')).toBe(true)
  })
})
