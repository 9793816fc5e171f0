import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'
import type { NpsCommentsReport } from './nps-comments'

const NOW = Date.parse('2026-06-30T12:00:00Z')
const content = contentSchema.parse({ tiers: [{ id: 'big', when: { trait: 'arr', gte: 1000 } }, { id: 'small' }] })

const answer = (id: string, at: string, score: unknown, comment: unknown, who: Record<string, string>) =>
  ({ type: 'track', event: 'Survey Answered', messageId: id, timestamp: at, properties: { survey: 'nps', score, comment }, ...who })

describe.each(storeCases)('nps-comments on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const get = async (query = '') => (await (await api.report(`/v1/reports/nps-comments?from=2026-06-01&to=2026-06-30${query}`)).json()) as NpsCommentsReport

  beforeAll(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false })
    const res = await api.post('/v1/batch', { batch: [
      { type: 'group', messageId: 'g1', userId: 'ann', groupId: 'A', traits: { name: 'Acme', arr: 5000 }, timestamp: '2026-05-01T00:00:00Z' },
      { type: 'group', messageId: 'g2', userId: 'bob', groupId: 'B', traits: { name: 'Bolt', arr: 100 }, timestamp: '2026-05-01T00:00:00Z' },
      answer('a1', '2026-06-02T10:00:00Z', 10, 'Love the invoices', { userId: 'ann' }),
      answer('a2', '2026-06-20T10:00:00Z', 3, '  Too slow  ', { userId: 'ann' }),
      answer('a3', '2026-06-10T10:00:00Z', '8', 'Fine', { userId: 'bob' }),
      answer('a4', '2026-06-11T10:00:00Z', 6, '   ', { userId: 'bob' }),
      answer('a5', '2026-06-12T10:00:00Z', 9, { html: '<b>' }, { userId: 'bob' }),
      answer('a6', '2026-06-13T10:00:00Z', 11, 'Out of range', { userId: 'bob' }),
      answer('a7', '2026-05-13T10:00:00Z', 1, 'Before the period', { userId: 'bob' }),
      answer('a8', '2026-06-14T10:00:00Z', 0, 'No account here', { anonymousId: 'visitor-1' }),
    ] })
    expect(res.status).toBe(200)
    await api.collector.engine?.flush()
  }, 60_000)
  afterAll(async () => {
    await api.collector.engine?.stop()
    await store.close()
  })

  it('lists every answer with a comment in the period, newest first, trimmed, with its group and account', async () => {
    const report = await get()
    expect(report.total).toBe(4)
    expect(report.comments.map((c) => [c.comment, c.score, c.group, c.respondent, c.accountName])).toEqual([
      ['Too slow', 3, 'detractors', 'ann', 'Acme'],
      ['No account here', 0, 'detractors', 'anon:visitor-1', null],
      ['Fine', 8, 'passives', 'bob', 'Bolt'],
      ['Love the invoices', 10, 'promoters', 'ann', 'Acme'],
    ])
    expect(report.comments[0]).toMatchObject({ at: '2026-06-20T10:00:00.000Z', survey: 'nps', accountId: 'A' })
  })

  it('keeps one group, one tier, and the newest `limit`', async () => {
    expect((await get('&group=detractors')).comments.map((c) => c.comment)).toEqual(['Too slow', 'No account here'])
    const big = await get('&tier=big')
    expect(big.comments.map((c) => c.accountId)).toEqual(['A', 'A'])
    const one = await get('&limit=1')
    expect([one.total, one.comments.length]).toEqual([4, 1])
  })

  it('refuses an unknown group', async () => {
    const res = await api.report('/v1/reports/nps-comments?group=fans')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { parameter: string }).parameter).toBe('group')
  })
})
