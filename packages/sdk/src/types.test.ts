import { describe, expectTypeOf, it } from 'vitest'
import type { EventInput } from '@goyo/schema'
import type { WireEvent } from './types'

// The SDK's hand-written wire type must stay acceptable to the collector's schema. This is checked
// by `tsc` (npm run typecheck); the runtime assertion below is what vitest sees.
describe('WireEvent', () => {
  it('is assignable to the schema EventInput', () => {
    expectTypeOf<WireEvent>().toExtend<EventInput>()
    const event: EventInput = {
      type: 'track',
      event: 'x',
      properties: {},
      messageId: 'm',
      timestamp: new Date(0).toISOString(),
      anonymousId: 'a',
      context: { page: { url: '', path: '', referrer: '', title: '', search: '' }, library: { name: 'goyo', version: '0' } },
    } satisfies WireEvent
    expectTypeOf(event).toExtend<EventInput>()
  })
})
