import { describe, expect, it } from 'vitest'
import { createMilestones, milestoneMessageId } from './milestones'
import { createKv, memoryKv } from '../lib/kv'

describe('milestones', () => {
  it('is reached once per user', () => {
    const milestones = createMilestones(createKv(() => true, memoryKv()))
    expect(milestones._reach('u1', 'first-invoice')).toBe(true)
    expect(milestones._reach('u1', 'first-invoice')).toBe(false)
    expect(milestones._reach('u2', 'first-invoice')).toBe(true)
  })

  it('is remembered across reloads through storage', () => {
    const disk = memoryKv()
    expect(createMilestones(createKv(() => true, disk))._reach('u1', 'm')).toBe(true)
    // A new page: fresh memory, same disk.
    expect(createMilestones(createKv(() => true, disk))._reach('u1', 'm')).toBe(false)
  })

  it('survives corrupt storage', () => {
    const disk = memoryKv()
    disk.set('goyo_ms', '{not json')
    expect(createMilestones(createKv(() => true, disk))._reach('u1', 'm')).toBe(true)
  })

  it('has a deterministic messageId so the collector dedupes repeats from other tabs or devices', () => {
    expect(milestoneMessageId('u1', 'm')).toBe('ms-u1-m')
    expect(milestoneMessageId('u'.repeat(200), 'm')).toBeUndefined() // over the 100-char limit
  })
})
