import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tEn } from '../../test-util/text'
import type { DeliveredPrompt } from '../../types'
import { Prompt } from './prompt'

afterEach(cleanup)

const prompt = (extra: Partial<DeliveredPrompt> = {}): DeliveredPrompt => ({
  id: 'payroll',
  kind: 'modal',
  title: 'Pay your team from Ledgerly',
  body: 'Save 3 hours <script>alert(1)</script>',
  cta: { label: 'Start a free trial', href: '/payroll/trial' },
  dismissLabel: 'Not now',
  ...extra,
})

describe('Prompt', () => {
  it('a modal is a named dialog that takes focus, traps Tab and closes on Escape', async () => {
    const opener = document.body.appendChild(document.createElement('button'))
    opener.focus()
    const onDismiss = vi.fn()
    const { unmount } = render(<Prompt t={tEn} prompt={prompt()} onClick={() => {}} onDismiss={onDismiss} />)
    const dialog = screen.getByRole('dialog', { name: 'Pay your team from Ledgerly' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(screen.getByText('Save 3 hours <script>alert(1)</script>')).toBeTruthy() // text, not markup
    const controls = [...dialog.querySelectorAll<HTMLElement>('a,button')]
    expect(document.activeElement).toBe(controls[0])
    controls.at(-1)!.focus()
    fireEvent.keyDown(dialog, { key: 'Tab' })
    expect(document.activeElement).toBe(controls[0])
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(controls.at(-1))
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(onDismiss).toHaveBeenCalledTimes(1)
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 20)) // effect cleanups may run after the DOM is gone
    expect(document.activeElement).toBe(opener) // focus goes back
    opener.remove()
  })

  it('the call to action links to its href, or reports a click for an event', () => {
    const onClick = vi.fn()
    render(<Prompt t={tEn} prompt={prompt({ kind: 'slideout' })} onClick={onClick} onDismiss={() => {}} />)
    expect(screen.queryByRole('dialog')).toBeNull() // a slideout does not block the page
    expect(screen.getByRole('complementary', { name: 'Pay your team from Ledgerly' })).toBeTruthy()
    const link = screen.getByRole('link', { name: 'Start a free trial' })
    expect(link.getAttribute('href')).toBe('/payroll/trial')
    cleanup()
    render(<Prompt t={tEn} prompt={prompt({ kind: 'banner', cta: { label: 'Add seats', event: 'Seats Clicked' } })} onClick={onClick} onDismiss={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Add seats' }))
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('never renders a javascript: href from content', () => {
    render(<Prompt t={tEn} prompt={prompt({ kind: 'slideout', cta: { label: 'Go', href: 'javascript:alert(1)' } })} onClick={() => {}} onDismiss={() => {}} />)
    expect(screen.queryByRole('link')).toBeNull()
    expect(screen.getByRole('button', { name: 'Go' })).toBeTruthy()
  })

  it('dismisses from the close button and from its dismiss label', () => {
    const onDismiss = vi.fn()
    render(<Prompt t={tEn} prompt={prompt({ kind: 'slideout' })} onClick={() => {}} onDismiss={onDismiss} />)
    for (const button of screen.getAllByRole('button', { name: 'Not now' })) fireEvent.click(button)
    expect(onDismiss).toHaveBeenCalledTimes(2)
  })
})
