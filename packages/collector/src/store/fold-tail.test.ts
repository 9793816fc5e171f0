import { describe, expect, it } from 'vitest'
import type { LoggedEvent } from '../rollup/event'
import { keepRecent, RECENT_APPENDS_LIMIT, type RecentAppends } from './fold-tail'

const events = (n: number) => Array.from({ length: n }, (_, i) => ({ messageId: `m${i}` }) as LoggedEvent)
const total = (recent: RecentAppends) => [...recent.values()].reduce((sum, held) => sum + held.length, 0)

describe('the events kept for the next fold', () => {
  it('keeps every transaction while they fit', () => {
    const recent: RecentAppends = new Map()
    keepRecent(recent, 1, events(10))
    keepRecent(recent, 2, events(20))
    expect([...recent.keys()]).toEqual([1, 2])
  })

  it('drops the oldest transactions first once past the limit, and stays within it', () => {
    const recent: RecentAppends = new Map()
    const size = RECENT_APPENDS_LIMIT / 4 + 1 // four of them are just over the limit
    for (let transaction = 1; transaction <= 6; transaction++) keepRecent(recent, transaction, events(size))
    expect(total(recent)).toBeLessThanOrEqual(RECENT_APPENDS_LIMIT)
    expect([...recent.keys()]).toEqual([4, 5, 6])
  })

  it('keeps nothing of a transaction larger than the limit on its own: the fold reads it from the log', () => {
    const recent: RecentAppends = new Map()
    keepRecent(recent, 1, events(5))
    keepRecent(recent, 2, events(RECENT_APPENDS_LIMIT + 1))
    expect(total(recent)).toBeLessThanOrEqual(RECENT_APPENDS_LIMIT)
    expect(recent.has(2)).toBe(false)
  })
})
