import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tEn } from '../../test-util/text'
import type { DeliveredTour } from '../../types'
import type { ShownStep } from './runner'
import { Tour } from './tour'

afterEach(() => {
  cleanup()
  document.body.replaceChildren()
  document.adoptedStyleSheets = []
})

const tour: DeliveredTour = {
  id: 'invoice-tour',
  title: 'Your first invoice',
  steps: [
    { id: 'client', title: 'Pick a client', body: 'Choose who <b>pays</b>.', selector: '#client' },
    { id: 'lines', title: 'Add what you did', body: 'One line per hour.' },
    { id: 'send', title: 'Send it', body: 'Your client gets a link.' },
  ],
}

const handlers = () => ({ onNext: vi.fn(), onBack: vi.fn(), onDismiss: vi.fn() })
const at = (index: number, target: Element | null = null): ShownStep => ({ tour, index, target })

describe('Tour', () => {
  it('is a dialog named by the step title and "Step n of m", described by its body, with text only', () => {
    render(<Tour t={tEn} step={at(0)} {...handlers()} />)
    const dialog = screen.getByRole('dialog', { name: 'Pick a client Step 1 of 3' })
    expect(dialog.getAttribute('aria-modal')).toBeNull() // the page stays usable
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe('Choose who <b>pays</b>.')
    expect(dialog.querySelector('b')).toBeNull() // content is text, never markup
    expect(screen.getByText('Step 1 of 3')).toBeTruthy()
  })

  it('has Next but no Back on the first step, Back and Next in the middle, Back and Done on the last', () => {
    const names = () => screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent)
    const { rerender } = render(<Tour t={tEn} step={at(0)} {...handlers()} />)
    expect(names()).toEqual(['Dismiss Your first invoice', 'Next'])
    rerender(<Tour t={tEn} step={at(1)} {...handlers()} />)
    expect(names()).toEqual(['Dismiss Your first invoice', 'Back', 'Next'])
    rerender(<Tour t={tEn} step={at(2)} {...handlers()} />)
    expect(names()).toEqual(['Dismiss Your first invoice', 'Back', 'Done'])
  })

  it('calls back for its buttons, Escape and the arrow keys, and keeps those keys from the page', () => {
    const h = handlers()
    const pageKeys = vi.fn()
    document.addEventListener('keydown', pageKeys)
    try {
      const { rerender } = render(<Tour t={tEn} step={at(1)} {...h} />)
      fireEvent.click(screen.getByRole('button', { name: 'Next' }))
      fireEvent.click(screen.getByRole('button', { name: 'Back' }))
      fireEvent.click(screen.getByRole('button', { name: 'Dismiss Your first invoice' }))
      const dialog = screen.getByRole('dialog')
      fireEvent.keyDown(dialog, { key: 'ArrowRight' })
      fireEvent.keyDown(dialog, { key: 'ArrowLeft' })
      fireEvent.keyDown(dialog, { key: 'Escape' })
      expect([h.onNext.mock.calls.length, h.onBack.mock.calls.length, h.onDismiss.mock.calls.length]).toEqual([2, 2, 2])
      expect(pageKeys).not.toHaveBeenCalled()
      fireEvent.keyDown(dialog, { key: 'a' })
      expect(pageKeys).toHaveBeenCalledTimes(1) // other keys are the page's business
      rerender(<Tour t={tEn} step={at(0)} {...h} />)
      fireEvent.keyDown(screen.getByRole('dialog'), { key: 'ArrowLeft' })
      expect(h.onBack).toHaveBeenCalledTimes(2) // no step before the first
    } finally {
      document.removeEventListener('keydown', pageKeys)
    }
  })

  it('takes focus on each step and gives it back when the tour ends', async () => {
    const opener = document.body.appendChild(document.createElement('button'))
    opener.focus()
    const { rerender, unmount } = render(<Tour t={tEn} step={at(0)} {...handlers()} />)
    expect(document.activeElement).toBe(screen.getByRole('dialog'))
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    rerender(<Tour t={tEn} step={at(1)} {...handlers()} />)
    expect(document.activeElement).toBe(screen.getByRole('dialog', { name: /Step 2 of 3/ }))
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(document.activeElement).toBe(opener)
  })

  it('does not take focus from a page field the user is in, nor pull it back there at the end', async () => {
    const field = document.body.appendChild(document.createElement('input'))
    const elsewhere = document.body.appendChild(document.createElement('button'))
    field.focus()
    const { unmount } = render(<Tour t={tEn} step={at(1)} {...handlers()} />)
    expect(document.activeElement).toBe(field)
    elsewhere.focus()
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(document.activeElement).toBe(elsewhere)
  })

  it('draws nothing while its step waits for the element, and rings the element once it is there', () => {
    const target = document.body.appendChild(Object.assign(document.createElement('button'), { id: 'client' }))
    const { container, rerender } = render(<Tour t={tEn} step={{ tour, index: 0, target: undefined }} {...handlers()} />)
    expect(container.textContent).toBe('')
    rerender(<Tour t={tEn} step={at(0, target)} {...handlers()} />)
    const dialog = screen.getByRole('dialog', { name: 'Pick a client Step 1 of 3' })
    expect(dialog.classList.contains('tour--center')).toBe(false)
    expect(container.querySelector('.spot')?.getAttribute('aria-hidden')).toBe('true')
    // The position went into an adopted stylesheet, not into a style attribute.
    expect(dialog.getAttribute('style')).toBeNull()
    const rules = document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('')
    expect(rules).toMatch(/\.tour\s*\{\s*top:\s*\d+px;\s*left:\s*\d+px/)
    rerender(<Tour t={tEn} step={at(1, null)} {...handlers()} />)
    expect(screen.getByRole('dialog').classList.contains('tour--center')).toBe(true)
    expect(container.querySelector('.spot')).toBeNull()
    expect(document.adoptedStyleSheets).toHaveLength(0) // the step's sheet left with it
  })
})
