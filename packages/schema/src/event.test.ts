import { describe, expect, it } from 'vitest'
import { batchSchema } from './batch'
import { eventSchema } from './event'
import { validate } from './issues'

describe('event schema', () => {
  it('keeps fields it does not model', () => {
    const result = validate(eventSchema, {
      type: 'track', event: 'A', userId: 'u', channel: 'server', _metadata: { nodeVersion: '20' }, sentAt: '2026-01-01T00:00:00Z',
    })
    expect(result.ok && result.value).toMatchObject({ channel: 'server', _metadata: { nodeVersion: '20' } })
  })

  it('stores numeric ids as strings', () => {
    const result = validate(eventSchema, { type: 'group', userId: 42, groupId: 7 })
    expect(result.ok && [result.value.userId, result.ok && 'groupId' in result.value && result.value.groupId]).toEqual(['42', '7'])
  })

  it('lets an alias go without an anonymous id but needs its previousId', () => {
    expect(validate(eventSchema, { type: 'alias', userId: 'u', previousId: 'a' }).ok).toBe(true)
    const missing = validate(eventSchema, { type: 'alias', userId: 'u' })
    expect(!missing.ok && missing.issues).toEqual([{ path: 'previousId', message: 'required' }])
  })

  it('refuses dates no database can hold', () => {
    expect(validate(eventSchema, { type: 'page', anonymousId: 'a', timestamp: '+275760-09-13T00:00:00Z' }).ok).toBe(false)
    expect(validate(eventSchema, { type: 'page', anonymousId: 'a', timestamp: '2026-02-30T25:00:00Z' }).ok).toBe(false)
  })

  it('lists every problem in a batch by path', () => {
    const result = validate(batchSchema, { batch: [{ type: 'track', userId: 'u' }, { type: 'identify' }], sentAt: 3 })
    expect(!result.ok && result.issues.map((issue) => issue.path).sort()).toEqual(['batch[0].event', 'batch[1].userId', 'sentAt'])
  })

  it('holds every id to one rule, the batch-level context.groupId included (issue 19, finding 6)', () => {
    const bad = [{ a: 1 }, '', 'g'.repeat(256), ['x'], true, null]
    for (const id of bad) {
      for (const field of ['userId', 'anonymousId']) expect(validate(eventSchema, { type: 'track', event: 'A', userId: 'u', [field]: id }).ok, `${field} ${JSON.stringify(id)}`).toBe(false)
      expect(validate(eventSchema, { type: 'group', userId: 'u', groupId: id }).ok).toBe(false)
      expect(validate(eventSchema, { type: 'alias', userId: 'u', previousId: id }).ok).toBe(false)
      const batch = validate(batchSchema, { batch: [{ type: 'track', event: 'A', userId: 'u' }], context: { groupId: id } })
      expect(!batch.ok && batch.issues.map((issue) => issue.path), JSON.stringify(id)).toEqual(['context.groupId'])
    }
    expect(validate(eventSchema, { type: 'track', event: 'A', userId: 'u', messageId: '' }).ok).toBe(false)
    expect(validate(batchSchema, { batch: [{ type: 'track', event: 'A', userId: 'u' }], context: { groupId: 'acme', page: {} } }).ok).toBe(true)
  })
})
