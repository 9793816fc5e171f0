import { contentSchema } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { findItem, isPreviewEvent, previewContent, withoutPreviews } from './preview'

const content = contentSchema.parse({
  tiers: [{ id: 'tech-touch' }],
  checklists: [{ id: 'setup', title: 'Set up', audience: { tiers: ['tech-touch'] }, items: [{ id: 'i', title: 'x', doneWhen: { event: 'Client Added' } }] }],
  prompts: [{ id: 'setup', kind: 'modal', title: 'T', body: 'B', cta: { label: 'Go', href: '/x' }, audience: { tiers: ['tech-touch'], urls: ['/only-here'] }, holdout: 0.5, frequency: { maxShows: 1 } }],
  tours: [{ id: 'intro', title: 'Intro', steps: [{ id: 'a', title: 't', body: 'b', url: '/a' }], frequency: { maxShows: 1 } }],
  surveys: [{ id: 'nps', kind: 'nps', question: 'Q?', resurveyDays: 10 }],
})

describe('isPreviewEvent', () => {
  it('is true only for context.preview === true', () => {
    expect(isPreviewEvent({ type: 'track', event: 'Prompt Shown', context: { preview: true } })).toBe(true)
    expect(isPreviewEvent({ type: 'track', event: 'Prompt Shown', context: { preview: 'true' } })).toBe(false)
    expect(isPreviewEvent({ type: 'track', event: 'Prompt Shown', properties: { preview: true } })).toBe(false)
    expect(isPreviewEvent({ context: null })).toBe(false)
    expect(isPreviewEvent(null)).toBe(false)
  })

  it('filters serialised events, parsing only those that mention preview', () => {
    const events = [
      { id: 1, payloadJson: JSON.stringify({ event: 'Prompt Shown', context: { preview: true } }) },
      { id: 2, payloadJson: JSON.stringify({ event: 'Prompt Shown', properties: { preview: true } }) },
      { id: 3, payloadJson: JSON.stringify({ event: 'Invoice Sent' }) },
    ]
    expect(withoutPreviews(events).map((e) => e.id)).toEqual([2, 3])
  })
})

describe('findItem', () => {
  it('finds an item by id, asks which when two kinds share it, and says when there is none', () => {
    expect(findItem(content, 'intro')).toEqual({ kind: 'tours', id: 'intro' })
    expect(findItem(content, 'setup')).toEqual({ error: '"setup" is the id of a checklist and a prompt: say which' })
    expect(findItem(content, 'setup', 'prompts')).toEqual({ kind: 'prompts', id: 'setup' })
    expect(findItem(content, 'nope')).toEqual({ error: 'the content has no checklist, prompt, survey or tour "nope"' })
  })
})

describe('previewContent', () => {
  it('delivers the one item without audience, URL restriction or caps, marked as a preview', () => {
    const answer = previewContent(content, { kind: 'prompts', id: 'setup' }, Date.parse('2026-06-01T10:00:00Z'))!
    expect(answer.preview).toEqual({ kind: 'prompts', id: 'setup', expiresAt: '2026-06-01T10:00:00.000Z' })
    expect(answer.prompts).toEqual([{ id: 'setup', kind: 'modal', title: 'T', body: 'B', cta: { label: 'Go', href: '/x' } }])
    expect([answer.checklists, answer.surveys, answer.tours]).toEqual([[], [], []])
    const checklist = previewContent(content, { kind: 'checklists', id: 'setup' }, 0)!.checklists[0]!
    expect(checklist).toMatchObject({ id: 'setup', completed: false, dismissed: false, items: [{ id: 'i', done: false, event: 'Client Added' }] })
    expect(previewContent(content, { kind: 'tours', id: 'intro' }, 0)!.tours).toEqual([{ id: 'intro', title: 'Intro', steps: [{ id: 'a', title: 't', body: 'b', url: '/a' }] }])
    expect(previewContent(content, { kind: 'surveys', id: 'nps' }, 0)!.surveys).toEqual([{ id: 'nps', kind: 'nps', question: 'Q?' }])
    expect(previewContent(content, { kind: 'tours', id: 'gone' }, 0)).toBeNull()
  })
})

describe('previewContent in a language', () => {
  it("shows the item in the page's locale, with the widgets' words for it, and the default without one", () => {
    const bilingual = contentSchema.parse({ tours: [{ id: 'intro', title: { en: 'Intro', ja: 'はじめに' }, steps: [{ id: 'a', title: { en: 'Step', ja: '手順' }, body: 'b' }] }] })
    const ja = previewContent(bilingual, { kind: 'tours', id: 'intro' }, 0, 'ja-JP')!
    expect([ja.locale, ja.tours[0]!.title, ja.tours[0]!.steps[0]!.title, ja.messages['tour.next']]).toEqual(['ja-JP', 'はじめに', '手順', '次へ'])
    const fallback = previewContent(bilingual, { kind: 'tours', id: 'intro' }, 0)!
    expect([fallback.locale, fallback.tours[0]!.title, fallback.messages['tour.next']]).toEqual(['en', 'Intro', 'Next'])
  })
})
