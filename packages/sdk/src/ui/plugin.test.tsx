import { fireEvent } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeliveredChecklist, DeliveredContent, DeliveredTour, WireEvent } from '../types'
import { EN } from '../test-util/text'
import { startUi as start } from '../test-util/ui-plugin'
import { ROOT_ID } from './mount'
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

const answer = (extra: Partial<DeliveredContent>): DeliveredContent => ({ tier: null, checklists: [], prompts: [], surveys: [], remainingToday: null, theme: {}, ...EN, ...extra })

const prompt = { id: 'payroll', kind: 'modal' as const, title: 'Pay your team', body: 'Try Payroll.', cta: { label: 'Start', href: '/payroll' } }

let teardown: (() => void) | undefined
beforeEach(() => {
  sessionStorage.clear()
  localStorage.clear()
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

describe('the UI plugin across client-side routes', () => {
  // Issue 17: after a tour step had shown, a URL-targeted prompt never appeared on later
  // client-side routes until a full reload.
  it('shows a URL-bound prompt when a route change reaches its URL, after a tour was shown', async () => {
    const ui = start()
    teardown = ui.teardown
    const billing = { ...prompt, id: 'billing', kind: 'slideout' as const, urls: ['/billing'] }
    ui.receive(answer({ prompts: [billing], tours: [tour('t', { urls: ['/invoices/new'] })] }))
    expect(ui.ui().getByRole('dialog', { name: 't: first Step 1 of 2' })).toBeTruthy()
    fireEvent.click(ui.ui().getByRole('button', { name: 'Next' }))
    fireEvent.click(ui.ui().getByRole('button', { name: 'Done' }))
    await ui.navigate('/billing')
    expect(ui.ui().getByRole('complementary', { name: 'Pay your team' })).toBeTruthy()
    expect(ui.events().at(-1)).toBe('Prompt Shown {"prompt":"billing","variant":"treated"}')
  })

  it('never shows the same prompt twice in one document, nor a second one on the same route', async () => {
    const ui = start()
    teardown = ui.teardown
    const other = { ...prompt, id: 'other', title: 'Other' }
    ui.receive(answer({ prompts: [prompt, other] }))
    fireEvent.click(ui.ui().getByRole('button', { name: 'Dismiss' }))
    ui.plugin.onEvent!({ type: 'page' } as WireEvent) // goyo.page() on the same URL
    await Promise.resolve()
    expect(ui.ui().queryByRole('dialog')).toBeNull()
    await ui.navigate('/reports')
    expect(ui.ui().getByRole('dialog', { name: 'Other' })).toBeTruthy()
    expect(ui.events().filter((e) => e.startsWith('Prompt Shown'))).toHaveLength(2)
  })
})

describe('the UI plugin explaining itself (debug)', () => {
  it('logs once per page and item why a delivered item is not on screen', async () => {
    vi.useFakeTimers()
    const ui = start()
    teardown = ui.teardown
    const elsewhere = { ...prompt, id: 'elsewhere', urls: ['/billing', '/plans/*'] }
    const later = { ...prompt, id: 'later', title: 'Later' }
    const lost = tour('lost', { priority: 5, steps: [{ id: 'one', title: 'Gone', body: 'Gone.', selector: '#nowhere' }] })
    ui.receive(answer({ prompts: [elsewhere, prompt, later], tours: [lost] }))
    ui.receive(answer({ prompts: [elsewhere, prompt, later], tours: [lost] })) // a refetch logs nothing new
    vi.advanceTimersByTime(5000)
    expect(ui.ui().getByRole('dialog', { name: 'Pay your team' })).toBeTruthy()
    expect(ui.logs()).toEqual([
      'elsewhere: not for this page (shows on /billing, /plans/*)',
      'payroll: waiting: tour lost goes first',
      'later: waiting: tour lost goes first',
      'lost: step one skipped: no element matches #nowhere',
      'lost: not startable here: finished in this tab, its next step is for another page, or its element is missing',
      'later: waiting: payroll is open (one Goyo dialog or tour at a time)',
    ])
    fireEvent.click(ui.ui().getByRole('button', { name: 'Dismiss' }))
    expect(ui.logs().at(-1)).toBe('later: one prompt, survey or tour per page, and one was shown')
  })

  it('says when it waits for the user to stop typing', () => {
    vi.useFakeTimers()
    const ui = start()
    teardown = ui.teardown
    const field = document.getElementById('customer')!
    field.focus()
    fireEvent.keyDown(field, { key: 'a' })
    ui.receive(answer({ prompts: [prompt] }))
    expect(ui.logs()).toEqual(['payroll: waiting: the user is typing'])
    vi.advanceTimersByTime(TYPING_QUIET_MS + 600)
    expect(ui.ui().getByRole('dialog', { name: 'Pay your team' })).toBeTruthy()
  })
})

describe('the UI plugin with a preview', () => {
  it('marks the previewed widget’s events with context.preview, and only those', () => {
    const ui = start()
    teardown = ui.teardown
    ui.receive({ ...answer({ prompts: [prompt] }), preview: { kind: 'prompts', id: 'payroll', expiresAt: '2026-06-01T10:00:00Z' } })
    fireEvent.click(ui.ui().getByRole('button', { name: 'Dismiss' }))
    expect(ui.events()).toEqual(['Prompt Shown {"prompt":"payroll","variant":"treated"}', 'Prompt Dismissed {"prompt":"payroll","variant":"treated"}'])
    expect(ui.contexts).toEqual([{ preview: true }, { preview: true }])
    const host = { type: 'track', event: 'Invoice Sent', properties: {}, context: {} } as unknown as WireEvent
    ui.plugin.onEvent!(host)
    expect(host.context).toEqual({})
  })

  it('shows a previewed tour again when the link is opened again, though it was dismissed', () => {
    const content = { ...answer({ tours: [tour('t')] }), preview: { kind: 'tours' as const, id: 't', expiresAt: '2026-06-01T10:00:00Z' } }
    const first = start()
    first.receive(content)
    fireEvent.keyDown(first.ui().getByRole('dialog'), { key: 'Escape' })
    first.teardown()
    const again = start()
    teardown = again.teardown
    again.receive(content)
    expect(again.ui().getByRole('dialog', { name: 't: first Step 1 of 2' })).toBeTruthy()
  })
})

describe('the UI plugin with a checklist', () => {
  const list = (done: boolean[]): DeliveredChecklist => ({
    id: 'setup',
    title: 'Set up',
    items: done.map((d, i) => ({ id: `i${i}`, title: `Item ${i}`, event: `E${i}`, scope: 'user' as const, done: d })),
    completed: false,
    dismissed: false,
  })

  it('opens the panel by itself on the first visit only, then again when an item was just done', async () => {
    const first = start()
    first.receive(answer({ checklists: [list([false, false])] }))
    expect(first.ui().getByRole('list')).toBeTruthy()
    first.teardown()
    const later = start() // the next page load
    later.receive(answer({ checklists: [list([false, false])] }))
    expect(later.ui().queryByRole('list')).toBeNull()
    expect(later.ui().getByRole('button', { name: 'Set up: 0 of 2 done' })).toBeTruthy()
    later.plugin.onEvent!({ type: 'track', event: 'E0', properties: {}, context: {} } as unknown as WireEvent)
    await vi.waitFor(() => expect(later.ui().getByRole('list')).toBeTruthy())
    later.teardown()
    const third = start() // done elsewhere since: opens once more
    teardown = third.teardown
    third.receive(answer({ checklists: [list([true, true, false].slice(0, 2).concat(false))] }))
    expect(third.ui().getByRole('list')).toBeTruthy()
  })

  it('does not use up its first opening while something else has the screen', () => {
    const ui = start()
    teardown = ui.teardown
    ui.receive(answer({ checklists: [list([false])], tours: [tour('t', { steps: [{ id: 'one', title: 'Hi', body: 'Hi.' }] })] }))
    expect(ui.ui().queryByRole('button', { name: /done$/ })).toBeNull()
    fireEvent.click(ui.ui().getByRole('button', { name: 'Done' }))
    expect(ui.ui().getByRole('list')).toBeTruthy()
  })

  it('keeps the checklist to its launcher while a slideout shows, and hides it under a modal', () => {
    const ui = start()
    teardown = ui.teardown
    ui.receive(answer({ checklists: [list([false])], prompts: [{ ...prompt, kind: 'slideout' }] }))
    expect(ui.ui().queryByRole('list')).toBeNull()
    expect(ui.ui().getByRole('button', { name: 'Set up: 0 of 1 done' })).toBeTruthy()
    // Opened by the user meanwhile, the panel shows and the card steps aside until it closes.
    fireEvent.click(ui.ui().getByRole('button', { name: 'Set up: 0 of 1 done' }))
    expect(ui.ui().getByRole('list')).toBeTruthy()
    expect(ui.ui().queryByRole('complementary', { name: 'Pay your team' })).toBeNull()
    fireEvent.click(ui.ui().getByRole('button', { name: 'Set up: 0 of 1 done' }))
    expect(ui.ui().queryByRole('list')).toBeNull()
    fireEvent.click(ui.ui().getByRole('button', { name: 'Dismiss' }))
    expect(ui.ui().getByRole('button', { name: 'Set up: 0 of 1 done' }).getAttribute('aria-expanded')).toBe('false')
    teardown()
    localStorage.clear() // a first visit again
    const banner = start()
    banner.receive(answer({ checklists: [list([false])], prompts: [{ ...prompt, kind: 'banner' }] }))
    expect(banner.ui().getByRole('list')).toBeTruthy() // a banner leaves the corners alone
    banner.teardown()
    const modal = start()
    teardown = modal.teardown
    modal.receive(answer({ checklists: [list([false])], prompts: [prompt] }))
    expect(modal.ui().queryByRole('button', { name: /done$/ })).toBeNull()
  })
})
