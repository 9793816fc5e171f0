import { describe, expect, it } from 'vitest'
import { translator } from './text'

describe('translator', () => {
  it('fills placeholders, formatting numbers for the locale', () => {
    const t = translator({ 'checklist.launcher': '{done} of {count}', 'checklist.dismiss': 'Dismiss {title}' }, 'en-US')
    expect(t('checklist.launcher', { done: 1234, count: 5000 })).toBe('1,234 of 5,000')
    expect(t('checklist.dismiss', { title: 'Get {started}' })).toBe('Dismiss Get {started}')
    expect(translator({ 'checklist.launcher': '{done}/{count}' }, 'ar-EG')('checklist.launcher', { done: 2, count: 5 })).toBe('٢/٥')
  })

  it('chooses plural forms by {count} with the locale\'s plural rules', () => {
    const steps = { 'checklist.launcher': { one: '{done} of {count} step', other: '{done} of {count} steps' } }
    const en = translator(steps, 'en')
    expect(en('checklist.launcher', { done: 0, count: 1 })).toBe('0 of 1 step')
    expect(en('checklist.launcher', { done: 0, count: 3 })).toBe('0 of 3 steps')
    // Polish has a "few" form (2-4) and a "many" form (5+); a missing form falls back to other.
    const pl = translator({ 'tour.progress': { one: 'krok {step} z {count}', few: 'krok {step} z {count} (few)', many: 'krok {step} z {count} (many)', other: 'krok {step} z {count} (other)' } }, 'pl')
    expect([1, 3, 5, 1.5].map((count) => pl('tour.progress', { step: 1, count }))).toEqual(['krok 1 z 1', 'krok 1 z 3 (few)', 'krok 1 z 5 (many)', 'krok 1 z 1.5 (other)'.replace('.', ',')])
    expect(translator({ 'tour.progress': { other: 'Schritt {step}' } }, 'de')('tour.progress', { step: 2, count: 1 })).toBe('Schritt 2')
  })

  it('says the key of a message it lacks, leaves unknown placeholders, and survives a bad locale', () => {
    const t = translator({ 'tour.next': 'Next {what}' }, 'not a locale!')
    expect(t('tour.back')).toBe('tour.back')
    expect(t('tour.next')).toBe('Next {what}')
    expect(t('tour.next', { what: 3 })).toBe('Next 3')
  })
})
