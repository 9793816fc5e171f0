import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tEn } from '../../test-util/text'
import type { DeliveredChecklist } from '../../types'
import { Checklist } from './checklist'

afterEach(cleanup)

const checklist = (done: boolean[], extra: Partial<DeliveredChecklist> = {}): DeliveredChecklist => ({
  id: 'getting-started',
  title: 'Get started',
  items: done.map((d, i) => ({ id: `i${i}`, title: `Step <b>${i}</b>`, event: `E${i}`, scope: 'user' as const, done: d, ...(i === 0 ? { href: '/settings' } : {}) })),
  completed: done.every(Boolean),
  dismissed: false,
  ...extra,
})

describe('Checklist', () => {
  it('shows a launcher that says its progress, and items that say their state', () => {
    render(<Checklist t={tEn} checklist={checklist([true, false, false])} opening collapsed={false} onDismiss={() => {}} />)
    const launcher = screen.getByRole('button', { name: 'Get started: 1 of 3 done' })
    expect(launcher.textContent).toBe('1 of 3')
    expect(launcher.getAttribute('aria-expanded')).toBe('true')
    const items = screen.getAllByRole('listitem')
    expect(items.map((li) => [li.getAttribute('data-goyo-item'), li.getAttribute('data-done')])).toEqual([
      ['i0', 'true'],
      ['i1', 'false'],
      ['i2', 'false'],
    ])
    expect(items[0]!.textContent).toContain('(done)')
    expect(items[1]!.textContent).toContain('(not done)')
    // Text from content stays text
    expect(screen.getByText('Step <b>1</b>')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Step <b>0</b>' }).getAttribute('href')).toBe('/settings')
  })

  it('dismisses from the panel and comes back from the launcher', () => {
    const onDismiss = vi.fn()
    render(<Checklist t={tEn} checklist={checklist([false, false])} opening collapsed={false} onDismiss={onDismiss} />)
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss Get started' }))
    expect(onDismiss).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('list')).toBeNull()
    const launcher = screen.getByRole('button', { name: /0 of 2 done/ })
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(launcher)
    expect(screen.getByRole('list')).toBeTruthy()
  })

  it('starts on its launcher unless told to open, and opens when told later (an item was just done)', () => {
    const { rerender } = render(<Checklist t={tEn} checklist={checklist([false, false])} opening={false} collapsed={false} onDismiss={() => {}} />)
    expect(screen.queryByRole('list')).toBeNull()
    rerender(<Checklist t={tEn} checklist={checklist([true, false])} opening collapsed={false} onDismiss={() => {}} />)
    expect(screen.getByRole('list')).toBeTruthy()
  })

  it('keeps only its launcher while another Goyo surface is on screen, and opens again after', () => {
    const { rerender } = render(<Checklist t={tEn} checklist={checklist([false])} opening collapsed onDismiss={() => {}} />)
    expect(screen.queryByRole('list')).toBeNull()
    expect(screen.getByRole('button', { name: /0 of 1 done/ }).getAttribute('aria-expanded')).toBe('false')
    rerender(<Checklist t={tEn} checklist={checklist([false])} opening={false} collapsed={false} onDismiss={() => {}} />)
    expect(screen.getByRole('list')).toBeTruthy()
  })

  it('starts closed when the user dismissed it before', () => {
    render(<Checklist t={tEn} checklist={checklist([false], { dismissed: true })} opening={false} collapsed={false} onDismiss={() => {}} />)
    expect(screen.queryByRole('list')).toBeNull()
    expect(screen.getByRole('button', { name: /0 of 1 done/ })).toBeTruthy()
  })

  it('celebrates when the last item is ticked, then goes away', () => {
    vi.useFakeTimers()
    try {
      const { rerender } = render(<Checklist t={tEn} checklist={checklist([true, false], { completedMessage: 'You are set!' })} opening collapsed={false} onDismiss={() => {}} />)
      rerender(<Checklist t={tEn} checklist={checklist([true, true], { completedMessage: 'You are set!' })} opening={false} collapsed={false} onDismiss={() => {}} />)
      expect(screen.getByRole('status').textContent).toContain('You are set!')
      vi.advanceTimersByTime(5000)
      rerender(<Checklist t={tEn} checklist={checklist([true, true], { completedMessage: 'You are set!' })} opening={false} collapsed={false} onDismiss={() => {}} />)
      expect(screen.queryByRole('button')).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('renders nothing for a checklist completed before this page', () => {
    const { container } = render(<Checklist t={tEn} checklist={checklist([true])} opening={false} collapsed={false} onDismiss={() => {}} />)
    expect(container.textContent).toBe('')
  })
})
