import { describe, expect, it } from 'vitest'
import { createConsentGate } from './consent'
import { trackEvent } from '../test-util/fakes'
import type { WireEvent } from '../types'

describe('consent gate', () => {
  it('passes events through when granted', () => {
    const out: WireEvent[] = []
    const gate = createConsentGate('granted', (e) => out.push(e))
    gate._admit(trackEvent('a'))
    expect(out).toHaveLength(1)
  })

  it('holds events in memory while pending and releases them in order on grant', () => {
    const out: WireEvent[] = []
    const gate = createConsentGate('pending', (e) => out.push(e))
    gate._admit(trackEvent('a'))
    gate._admit(trackEvent('b'))
    expect(out).toEqual([])
    gate.set(true)
    expect(out.map((e) => (e.type === 'track' ? e.event : ''))).toEqual(['a', 'b'])
    expect(gate.state).toBe('granted')
  })

  it('discards held events on denial and lets nothing through afterwards', () => {
    const out: WireEvent[] = []
    const gate = createConsentGate('pending', (e) => out.push(e))
    gate._admit(trackEvent('a'))
    gate.set(false)
    gate._admit(trackEvent('b'))
    gate.set(true) // granting later does not resurrect what was discarded
    expect(out).toEqual([])
    expect(gate.state).toBe('granted')
  })

  it('bounds what it holds while pending', () => {
    const out: WireEvent[] = []
    const gate = createConsentGate('pending', (e) => out.push(e))
    for (let i = 0; i < 250; i++) gate._admit(trackEvent(`e${i}`))
    gate.set(true)
    expect(out).toHaveLength(200)
    expect(out[0]!.type === 'track' && out[0]!.event).toBe('e50') // the oldest went first
  })
})
