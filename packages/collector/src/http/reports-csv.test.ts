import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'
import { UTF8_BOM } from './csv'

describe.each(storeCases.slice(0, 1))('report CSV with bom=1 on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>

  beforeAll(async () => {
    store = await open()
    api = inProcessCollector(store, { content: staticContent(contentSchema.parse({})), now: () => Date.parse('2026-06-30T12:00:00Z'), rateLimit: false })
    const res = await api.post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: '請求書を送信', messageId: 'm1', timestamp: '2026-06-10T00:00:00Z' }] })
    expect(res.status).toBe(200)
  })
  afterAll(() => store.close())

  it('starts the CSV with the UTF-8 byte-order mark only when asked, on every CSV route', async () => {
    for (const path of ['/v1/reports/events?format=csv', '/v1/reports/overview?format=csv', '/v1/reports/nps?format=csv']) {
      const plain = new Uint8Array(await (await api.report(path)).arrayBuffer())
      expect(plain.slice(0, 3), path).not.toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
      const marked = await api.report(`${path}&bom=1`)
      expect(marked.status, path).toBe(200)
      expect(new Uint8Array(await marked.clone().arrayBuffer()).slice(0, 3), path).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
      expect((await marked.text()).startsWith(UTF8_BOM), path).toBe(false) // text() strips the mark, as Excel does
    }
    const events = await (await api.report('/v1/reports/events?format=csv&bom=1')).text()
    expect(events).toContain('請求書を送信')
    expect((await api.report('/v1/reports/events?format=csv&bom=0')).status).toBe(200)
  })

  it('refuses a bom that is not 0 or 1, naming it', async () => {
    const res = await api.report('/v1/reports/adoption?format=csv&bom=yes')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { parameter?: string }).parameter).toBe('bom')
  })
})
