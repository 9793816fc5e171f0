import { parseContent } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import type { Store } from '../store/store'
import { formatWarnings, unreceivedEventWarnings } from './event-warnings'

const SOURCE = JSON.stringify(
  {
    checklists: [{ id: 'c', title: 'T', items: [{ id: 'a', title: 'x', doneWhen: { event: 'Client Added' } }, { id: 'b', title: 'x', doneWhen: { event: 'Logo Uploaded' } }] }],
  },
  null,
  1,
)

describe.each(storeCases)('content event warnings on $name', ({ open }) => {
  let store: Store
  beforeEach(async () => void (store = await open()))
  afterEach(() => store.close())

  it('keeps a warning until the collector has received its event', async () => {
    const parsed = parseContent(SOURCE)
    if (!parsed.ok) throw new Error('the fixture must be valid')
    expect(parsed.warnings.map((w) => w.event)).toEqual(['Client Added', 'Logo Uploaded'])
    expect((await unreceivedEventWarnings(store.sql, parsed.warnings)).map((w) => w.event)).toEqual(['Client Added', 'Logo Uploaded'])

    const api = inProcessCollector(store, { rateLimit: false, engine: false })
    const res = await api.post('/v1/batch', { batch: [{ type: 'track', event: 'Client Added', userId: 'u1', messageId: 'm1' }] })
    expect(res.status).toBe(200)
    const left = await unreceivedEventWarnings(store.sql, parsed.warnings)
    expect(left.map((w) => w.path)).toEqual(['checklists[0].items[1].doneWhen.event'])
    expect(formatWarnings('goyo.content.json', left)).toMatch(/^goyo\.content\.json: 1 warning, events the content waits for that the collector has never received:\n {2}goyo\.content\.json:\d+: checklists\[0\]\.items\[1\]\.doneWhen\.event: nothing in Goyo or in this file sends "Logo Uploaded"/)
  })
})

describe('content warnings that are not about events', () => {
  it('keeps locale warnings whatever the collector received, and says so in the header', async () => {
    const parsed = parseContent(JSON.stringify({ checklists: [{ id: 'c', title: { en: 'Start', ja: '開始' }, items: [{ id: 'a', title: { en: 'x' }, doneWhen: { event: 'Tour Completed' } }] }] }, null, 1))
    if (!parsed.ok) throw new Error('the fixture must be valid')
    const noQueries = { query: () => Promise.reject(new Error('no query needed')) } as unknown as Store['sql']
    const left = await unreceivedEventWarnings(noQueries, parsed.warnings)
    expect(left.map((w) => w.path)).toEqual(['checklists[0].items[0].title'])
    expect(formatWarnings('goyo.content.json', left)).toMatch(/^goyo\.content\.json: 1 warning:\n {2}goyo\.content\.json:\d+: checklists\[0\]\.items\[0\]\.title: has no "ja" text/)
  })
})
