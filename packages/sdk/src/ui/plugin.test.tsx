import { fireEvent, within } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeliveredContent, DeliveredTour, Goyo } from '../types'
import { ROOT_ID } from './mount'
import { createUiPlugin } from './plugin'
import { TYPING_QUIET_MS } from './typing'

const tour = (id: string, extra: Partial<DeliveredTour> = {}): DeliveredTour => ({
  id,
  title: `Tour ${id}`,
  steps: [
    { id: 'one', title: `${id}: first`, body: 'First.', selector: '#new-invoice' },
    { id: 'two', title: `${id}: second`, body: 'Second.' },
  ],
  ...extra,
})

const answer = (extra: Partial<DeliveredContent>): DeliveredContent => ({ tier: null, checklists: [], prompts: [], surveys: [], remainingToday: null, theme: {}, ...extra })

const prompt = { id: 'payroll', kind: 'modal' as const, title: 'Pay your team', body: 'Try Payroll.', cta: { label: 'Start', href: '/payroll' } }

/** The UI plugin on a stand-in client: content goes in through `on('content')`, events come out of `track`. */
function start() {
  let receive: (content: DeliveredContent) => void = () => {}
  const track = vi.fn()
  const client = {
    track,
    on: (name: string, fn: (content: DeliveredContent) => void) => ((receive = name === 'content' ? fn : receive), () => {}),
    user: { anonymousId: 'anon', userId: 'u1', groupId: null },
  } as unknown as Goyo
  const plugin = createUiPlugin(document)
  const teardown = plugin.setup!(client) as () => void
  const ui = () => within(document.getElementById(ROOT_ID)!.shadowRoot as unknown as HTMLElement)
  const events = () => track.mock.calls.map(([event, properties]) => `${event} ${JSON.stringify(properties)}`)
  return { receive: (c: DeliveredContent) => receive(c), ui, events, teardown, plugin }
}

let teardown: (() => void) | undefined
beforeEach(() => {
  sessionStorage.clear()
  history.replaceState(null, '', '/invoices/new')
  document.body.innerHTML = '<main><button id="new-invoice">New invoice</button><input id="customer"></main>'
})
afterEach(() => {
  teardown?.()
  vi.useRealTimers()
  document.body.replaceChildren()
})

describe('the UI plugin with tours', () => {
  it('shows the highest-priority tour first, before any prompt, and nothing else on this page after it', () => {
    const ui = start()
    teardown = ui.teardown
    ui.receive(answer({ prompts: [prompt], tours: [tour('low', { priority: 1 }), tour('high', { priority: 3 })] }))
    expect(ui.ui().getByRole('dialog', { name: 'high: first Step 1 of 2' })).toBeTruthy()
    fireEvent.click(ui.ui().getByRole('button', { name: 'Next' }))
    fireEvent.click(ui.ui().getByRole('button', { name: 'Done' }))
    expect(ui.ui().queryByRole('dialog')).toBeNull() // neither the other tour nor the prompt
    expect(ui.events()).toEqual([
      'Tour Step Viewed {"tour":"high","step":"one"}',
      'Tour Step Viewed {"tour":"high","step":"two"}',
      'Tour Completed {"tour":"high"}',
    ])
  })

  it('does not start a tour while the user types, and starts it once they pause', () => {
    vi.useFakeTimers()
    const ui = start()
    teardown = ui.teardown
    const field = document.getElementById('customer')!
    field.focus()
    fireEvent.keyDown(field, { key: 'a' })
    ui.receive(answer({ tours: [tour('t')] }))
    expect(document.getElementById(ROOT_ID)).toBeNull()
    vi.advanceTimersByTime(TYPING_QUIET_MS + 600)
    expect(ui.ui().getByRole('dialog', { name: 't: first Step 1 of 2' })).toBeTruthy()
    expect(document.activeElement).toBe(field) // it did not take focus from the field either
  })

  it('leaves room for a prompt when the tour found nothing to point at on this page', () => {
    vi.useFakeTimers()
    document.getElementById('new-invoice')!.remove()
    const ui = start()
    teardown = ui.teardown
    const lost = tour('lost', { steps: [{ id: 'one', title: 'Gone', body: 'Gone.', selector: '#new-invoice' }] })
    ui.receive(answer({ prompts: [prompt], tours: [lost] }))
    vi.advanceTimersByTime(5000)
    expect(ui.ui().getByRole('dialog', { name: 'Pay your team' })).toBeTruthy()
    expect(ui.events()).toEqual(['Prompt Shown {"prompt":"payroll","variant":"treated"}'])
  })

  it('dismisses with Escape, and the tour stays away when the content arrives again', () => {
    const ui = start()
    teardown = ui.teardown
    const content = answer({ tours: [tour('t')] })
    ui.receive(content)
    fireEvent.keyDown(ui.ui().getByRole('dialog'), { key: 'Escape' })
    expect(ui.ui().queryByRole('dialog')).toBeNull()
    ui.receive(content) // an identify refetches; the collector may not have the event yet
    expect(ui.ui().queryByRole('dialog')).toBeNull()
    ui.teardown()
    const again = start() // a reload of the tab
    teardown = again.teardown
    again.receive(content)
    expect(document.getElementById(ROOT_ID)).toBeNull()
    expect(ui.events()).toEqual(['Tour Step Viewed {"tour":"t","step":"one"}', 'Tour Dismissed {"tour":"t","step":"one"}'])
  })

  it('ignores malformed tours and shows the good one', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const ui = start()
    teardown = ui.teardown
    expect(() => ui.receive(answer({ tours: [{ id: 'bad' } as DeliveredTour, tour('good', { priority: -1 })] }))).not.toThrow()
    expect(ui.ui().getByRole('dialog', { name: 'good: first Step 1 of 2' })).toBeTruthy()
  })

  it('resumes a tour at its next step when a navigation reaches that step’s page', async () => {
    const ui = start()
    teardown = ui.teardown
    const multi = tour('multi', { steps: [{ id: 'one', title: 'Here', body: 'Here.' }, { id: 'two', title: 'There', body: 'There.', url: '/invoices' }] })
    ui.receive(answer({ tours: [multi] }))
    fireEvent.click(ui.ui().getByRole('button', { name: 'Next' }))
    expect(ui.ui().queryByRole('dialog')).toBeNull() // paused: step two is for /invoices
    history.pushState(null, '', '/invoices')
    ui.plugin.onEvent!({ type: 'page' } as Parameters<NonNullable<typeof ui.plugin.onEvent>>[0])
    await Promise.resolve()
    expect(ui.ui().getByRole('dialog', { name: 'There Step 2 of 2' })).toBeTruthy()
  })
})
