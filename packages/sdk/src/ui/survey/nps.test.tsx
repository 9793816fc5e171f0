import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tEn } from '../../test-util/text'
import { Nps } from './nps'

afterEach(cleanup)

const survey = { id: 'nps-q1', kind: 'nps' as const, question: 'How likely are you to recommend Ledgerly?', commentPrompt: 'What is the main reason?' }

describe('Nps', () => {
  it('asks on a labelled 0-10 scale, then takes an optional comment', () => {
    const onAnswer = vi.fn()
    render(<Nps t={tEn} survey={survey} onAnswer={onAnswer} onDismiss={() => {}} />)
    const scale = screen.getByRole('radiogroup', { name: survey.question })
    const options = screen.getAllByRole('radio')
    expect(options.map((o) => o.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
    expect(scale.getAttribute('aria-describedby')).toBeTruthy()
    expect(screen.getByText('0: Not likely')).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: '9' }))
    expect(screen.getByRole('radio', { name: '9' }).getAttribute('aria-checked')).toBe('true')
    fireEvent.input(screen.getByLabelText('What is the main reason?'), { target: { value: '  Fast invoicing ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(onAnswer).toHaveBeenCalledWith(9, 'Fast invoicing')
  })

  it('can be dismissed without answering', () => {
    const onDismiss = vi.fn()
    render(<Nps t={tEn} survey={survey} onAnswer={() => {}} onDismiss={onDismiss} />)
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss survey' }))
    expect(onDismiss).toHaveBeenCalled()
  })
})
