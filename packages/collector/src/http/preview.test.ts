import { contentSchema } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { createPreviewToken, PREVIEW_TTL_MS } from '../content/preview-token'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

const NOW = Date.parse('2026-06-01T09:00:00Z')
const content = contentSchema.parse({
  tiers: [{ id: 'high-touch', when: { trait: 'arr', gte: 50000 } }, { id: 'tech-touch' }],
  prompts: [{ id: 'payroll', kind: 'modal', title: 'Pay your team', body: 'B', cta: { label: 'Try', href: '/payroll' }, audience: { tiers: ['tech-touch'] }, frequency: { maxShows: 1, cooldownDays: 7 } }],
})

describe.each(storeCases)('preview on $name', ({ open }) => {
  let store: Store
  let now: number
  let api: ReturnType<typeof inProcessCollector>
  const preview = (query: string, origin = 'https://app.example.com') =>
    api.request(`/v1/preview?writeKey=${api.keys.writeKey}&${query}`, { headers: { origin } })

  beforeEach(async () => {
    store = await open()
    now = NOW
    api = inProcessCollector(store, { content: staticContent(content), now: () => now, rateLimit: false })
  })
  afterEach(async () => {
    await store.close()
  })

  it('answers the item of a valid token, whoever asks (audience and caps ignored), with CORS', async () => {
    const token = await createPreviewToken(api.keys.secretKey, { kind: 'prompts', id: 'payroll' }, now)
    // A high-touch account, outside the prompt's audience.
    await api.post('/v1/batch', { batch: [{ type: 'group', userId: 'pm', groupId: 'big', traits: { arr: 90000 }, messageId: 'g1' }] })
    const res = await preview(`token=${token}&userId=pm&groupId=big`)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    const body = await res.json()
    expect(body.prompts).toEqual([{ id: 'payroll', kind: 'modal', title: 'Pay your team', body: 'B', cta: { label: 'Try', href: '/payroll' } }])
    expect(body.preview).toEqual({ kind: 'prompts', id: 'payroll', expiresAt: new Date(NOW + PREVIEW_TTL_MS).toISOString() })
    // In the page's language, like /v1/content; a locale that is no language tag is refused.
    const ja = await (await preview(`token=${token}&userId=pm&locale=ja-JP`)).json()
    expect([ja.locale, ja.messages['prompt.dismiss']]).toEqual(['ja-JP', '閉じる'])
    const bad = await preview(`token=${token}&userId=pm&locale=${encodeURIComponent('ja JP')}`)
    expect(bad.status).toBe(400)
  })

  it('refuses an expired or tampered token with a readable reason (CORS too, so the SDK can log it)', async () => {
    const token = await createPreviewToken(api.keys.secretKey, { kind: 'prompts', id: 'payroll' }, now)
    now += PREVIEW_TTL_MS + 1
    const expired = await preview(`token=${token}`)
    expect(expired.status).toBe(403)
    expect(expired.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(await expired.json()).toMatchObject({ error: 'preview_expired', message: expect.stringContaining('expired at') })
    now = NOW
    const forged = await createPreviewToken('sk_someone_else', { kind: 'prompts', id: 'payroll' }, now)
    const tampered = await preview(`token=${forged}`)
    expect(tampered.status).toBe(403)
    expect(await tampered.json()).toMatchObject({ error: 'preview_tampered' })
    expect((await preview('')).status).toBe(400)
    expect((await api.request(`/v1/preview?token=${token}`)).status).toBe(401)
    const gone = await createPreviewToken(api.keys.secretKey, { kind: 'tours', id: 'payroll' }, now)
    expect((await preview(`token=${gone}`)).status).toBe(404)
  })

  it('stores, counts and caps nothing from events marked context.preview', async () => {
    await api.post('/v1/batch', { batch: [{ type: 'group', userId: 'u1', groupId: 'small', traits: { arr: 900 }, messageId: 'g1' }] })
    const before = await (await api.report('/v1/reports/overview')).json()
    const res = await api.post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u1', event: 'Prompt Shown', properties: { prompt: 'payroll' }, context: { groupId: 'small', preview: true }, messageId: 'p1' },
        { type: 'track', userId: 'pm', event: 'Prompt Clicked', properties: { prompt: 'payroll' }, context: { groupId: 'elsewhere', preview: true }, messageId: 'p2' },
      ],
    })
    expect(res.status).toBe(200)
    expect(await (await api.report('/v1/reports/overview')).json()).toEqual(before)
    expect(await (await api.report('/v1/reports/events')).json()).not.toContainEqual(expect.objectContaining({ event: 'Prompt Shown' }))
    // No account appears for the engine (and its playbooks) to evaluate.
    expect(await store.sql.query(`SELECT account_id FROM accounts WHERE account_id = 'elsewhere'`)).toEqual([])
    // The prompt's cap of one show is untouched.
    const delivered = await api.request('/v1/content?userId=u1&groupId=small', { headers: { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}` } })
    expect((await delivered.json()).prompts.map((p: { id: string }) => p.id)).toEqual(['payroll'])
  })
})
