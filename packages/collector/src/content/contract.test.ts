import { expect, it } from 'vitest'
import type { DeliveredContent } from '../../../sdk/src/types'
import type { ContentResponse } from './deliver'

// The answer of GET /v1/content is written out twice: here, and in the SDK's types (which cannot
// import the collector). This assignment makes `npm run typecheck` fail the moment the two drift.
const contract = (answer: ContentResponse): DeliveredContent => answer

it('the content answer is what the SDK expects (checked by the typechecker)', () => {
  expect(typeof contract).toBe('function')
})
