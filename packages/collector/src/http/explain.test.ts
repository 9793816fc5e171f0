import { readFileSync } from 'node:fs'
import { contentSchema, parseContent, type ContentInput } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import type { Explanation, ItemExplanation } from '../content/checks'
import { staticContent } from '../content/source'
import { seedDemo } from '../demo/seed'
import { createRandom } from '../demo/random'
import type { Store } from '../store/store'

const DAY = 86_400_000
const START = Date.parse('2026-06-01T09:00:00Z')

const CONTENT: ContentInput = {
  features: { 'invoices.create': { selectors: ['#new-invoice'] } },
  tiers: [{ id: 'high-touch', when: { trait: 'arr', gte: 50000 } }, { id: 'low-touch', when: { trait: 'arr', gte: 5000 } }, { id: 'tech-touch' }],
  checklists: [{ id: 'setup', title: 'Set up', audience: { tiers: ['tech-touch', 'low-touch'] }, items: [{ id: 'i', title: 'x', doneWhen: { event: 'Tour Completed' } }] }],
  prompts: [
    {
      id: 'payroll', kind: 'modal', title: 'Pay your team', body: 'b', cta: { label: 'Try', href: '/payroll' }, priority: 10,
      audience: { tiers: ['tech-touch'], lacksProduct: 'payroll', usage: { feature: 'invoices.create', atLeast: 10, withinDays: 30 }, urls: ['/invoices'] },
      frequency: { maxShows: 3, cooldownDays: 7 },
    },
    { id: 'rescue-offer', kind: 'banner', title: 'Need help?', body: 'b', cta: { label: 'Book', href: '/help' }, priority: 20, audience: { requiresPlaybook: true } },
    { id: 'held', kind: 'slideout', title: 'Held', body: 'b', cta: { label: 'Go', href: '/x' }, holdout: 0.5 },
  ],
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely…?', frequency: { maxShows: 5, cooldownDays: 0 } }],
  tours: [{ id: 'intro', title: 'Intro', steps: [{ id: 'a', title: 't', body: 'b' }] }],
  playbooks: [{ id: 'at-risk', when: { health: { below: 40 } }, do: [{ enablePrompt: 'rescue-offer' }] }],
  frequency: { maxPromptsPerDay: 1 },
}

const item = (explanation: Explanation, kind: 'checklists' | 'prompts' | 'surveys' | 'tours', id: string): ItemExplanation => {
  const found = explanation[kind].find((entry) => entry.id === id)
  if (!found) throw new Error(`no ${kind} ${id} in the explanation`)
  return found
}
const checkOf = (entry: ItemExplanation, name: string) => entry.checks.find((c) => c.check === name)

describe.each(storeCases)('GET /v1/admin/explain on $name', ({ open }) => {
  let store: Store
  let now: number
  let api: ReturnType<typeof inProcessCollector>
  let seq = 0

  const setup = (content: ContentInput = CONTENT) => {
    api = inProcessCollector(store, { content: staticContent(contentSchema.parse(content)), now: () => now, rateLimit: false })
  }
  const send = async (...events: Record<string, unknown>[]) => {
    const res = await api.post('/v1/batch', { batch: events.map((e) => ({ messageId: `m${++seq}`, timestamp: new Date(now).toISOString(), ...e })) })
    expect(res.status).toBe(200)
  }
  const explain = async (query: string): Promise<Explanation> => {
    const res = await api.report(`/v1/admin/explain?${query}`)
    expect(res.status).toBe(200)
    return res.json()
  }
  const delivered = async (query: string) => {
    const res = await api.request(`/v1/content?${query}`, { headers: { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}` } })
    expect(res.status).toBe(200)
    return res.json()
  }
  const uses = (n: number, account = 'acct') =>
    Array.from({ length: n }, () => ({ type: 'track', userId: 'u1', event: 'Feature Used', properties: { feature: 'invoices.create' }, context: { groupId: account } }))

  beforeEach(async () => {
    store = await open()
    now = START
    seq = 0
    setup()
  })
  afterEach(async () => {
    await store.close()
  })

  it('says which tier, product and usage checks stand in the way, in order, with their values', async () => {
    await send({ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 9000, products: ['invoicing', 'payroll'] } }, ...uses(4))
    const answer = await explain('userId=u1&groupId=acct')
    expect(answer).toMatchObject({ user: { userId: 'u1', anonymousId: null }, account: 'acct', tier: 'low-touch', at: new Date(START).toISOString() })
    const payroll = item(answer, 'prompts', 'payroll')
    expect(payroll.eligible).toBe(false)
    expect(payroll.page).toEqual({ urls: ['/invoices'] })
    expect(payroll.checks.slice(0, 3).map((c) => [c.check, c.pass, c.value, c.detail])).toEqual([
      ['tier', false, 'low-touch', 'tier is low-touch, wanted tech-touch'],
      ['lacksProduct', false, true, 'lacks product payroll: no'],
      ['usage', false, 4, 'usage of invoices.create in 30 days: 4, wanted at least 10'],
    ])
    expect(item(answer, 'checklists', 'setup')).toMatchObject({ eligible: true, checks: [{ check: 'tier', pass: true }] })
  })

  it('says how often a prompt was shown and until when its cooldown runs', async () => {
    await send({ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 900 } }, ...uses(10))
    expect(item(await explain('userId=u1&groupId=acct'), 'prompts', 'payroll').eligible).toBe(true)
    for (let i = 0; i < 3; i++) {
      await send({ type: 'track', userId: 'u1', event: 'Prompt Shown', properties: { prompt: 'payroll' }, context: { groupId: 'acct' } })
      now += 8 * DAY
    }
    now -= 7 * DAY
    const payroll = item(await explain('userId=u1&groupId=acct'), 'prompts', 'payroll')
    expect(payroll.eligible).toBe(false)
    expect(checkOf(payroll, 'maxShows')).toMatchObject({ pass: false, value: 3, wanted: 3, detail: 'shown 3 of 3 times' })
    const until = new Date(START + 16 * DAY + 7 * DAY).toISOString()
    expect(checkOf(payroll, 'cooldown')).toMatchObject({ pass: false, value: until, wanted: 7, detail: `cooldown until ${until.slice(0, 16).replace('T', ' ')} UTC` })
  })

  it('names the playbook that has not enabled a prompt, and passes once it has', async () => {
    await send({ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 900 } })
    const before = checkOf(item(await explain('userId=u1&groupId=acct'), 'prompts', 'rescue-offer'), 'playbook')
    expect(before).toMatchObject({ pass: false, wanted: ['at-risk'], detail: 'needs playbook at-risk, which has not enabled it' })
    await store.sql.query(`INSERT INTO account_state (account_id, enabled) VALUES ('acct', '{"prompts":["rescue-offer"],"checklists":[]}') ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled`)
    expect(item(await explain('userId=u1&groupId=acct'), 'prompts', 'rescue-offer').eligible).toBe(true)
  })

  it('says which item used today’s cap, and puts a held-out account in the holdout', async () => {
    await send({ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 900 } })
    await store.sql.query(`INSERT INTO account_state (account_id, enabled) VALUES ('acct', '{"prompts":["rescue-offer"],"checklists":[]}') ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled`)
    const answer = await explain('userId=u1&groupId=acct')
    expect(answer.prompts.map((p) => p.id)).toEqual(['rescue-offer', 'payroll', 'held']) // highest priority first
    expect(item(answer, 'prompts', 'rescue-offer')).toMatchObject({ eligible: true })
    const nps = item(answer, 'surveys', 'nps')
    expect(checkOf(nps, 'dailyCap')).toMatchObject({ pass: false, value: ['rescue-offer'], wanted: 1, detail: "today's cap of 1 used by rescue-offer" })

    // Some account is in the 50 % holdout of `held`; whichever it is, the check says so with its position.
    let heldOut: ItemExplanation | undefined
    for (let i = 0; i < 20 && !heldOut; i++) {
      await send({ type: 'group', userId: `h${i}`, groupId: `h${i}`, traits: { arr: 900 } })
      const held = item(await explain(`userId=h${i}&groupId=h${i}`), 'prompts', 'held')
      if (!checkOf(held, 'holdout')!.pass) heldOut = held
    }
    expect(heldOut).toBeDefined()
    expect(heldOut!.eligible).toBe(false)
    expect(checkOf(heldOut!, 'holdout')).toMatchObject({ wanted: 0.5, detail: 'in the holdout (50 % of accounts never see it)' })
    expect(checkOf(heldOut!, 'holdout')!.value).toBeLessThan(0.5)
  })

  it('says when a survey was answered and a tour finished', async () => {
    setup({ ...CONTENT, frequency: {} })
    await send(
      { type: 'track', userId: 'u1', event: 'Survey Answered', properties: { survey: 'nps', score: 9 } },
      { type: 'track', userId: 'u1', event: 'Tour Dismissed', properties: { tour: 'intro', step: 'a' } },
    )
    const answer = await explain('userId=u1')
    expect(answer.account).toBeNull()
    expect(checkOf(item(answer, 'surveys', 'nps'), 'answered')).toMatchObject({ pass: false, wanted: 90 })
    expect(checkOf(item(answer, 'tours', 'intro'), 'finished')).toMatchObject({ pass: false, value: 'dismissed', detail: 'already dismissed' })
    now += 91 * DAY
    expect(item(await explain('userId=u1'), 'surveys', 'nps').eligible).toBe(true)
  })

  it('records nothing: explaining a prompt does not make the user eligible in the prompts report', async () => {
    await send({ type: 'group', userId: 'u1', groupId: 'acct', traits: { arr: 900 } }, ...uses(10))
    await explain('userId=u1&groupId=acct')
    expect(await store.sql.query('SELECT * FROM prompt_eligibility')).toEqual([])
    await delivered('userId=u1&groupId=acct')
    expect((await store.sql.query('SELECT * FROM prompt_eligibility')).length).toBeGreaterThan(0)
  })

  it('needs the secret key and a user', async () => {
    expect((await api.request('/v1/admin/explain?userId=u1')).status).toBe(401)
    const withWriteKey = await api.request('/v1/admin/explain?userId=u1', { headers: { authorization: `Bearer ${api.keys.writeKey}` } })
    expect(withWriteKey.status).toBe(403)
    const missing = await api.report('/v1/admin/explain?groupId=acct')
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ error: 'invalid_query', message: expect.stringContaining('userId or anonymousId is required') })
  })

  it('answers 503 when the store is unavailable', async () => {
    await store.close()
    const res = await api.report('/v1/admin/explain?userId=u1')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
  })
})

const demo = parseContent(readFileSync(new URL('../../../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!demo.ok) throw new Error('demo/goyo.content.json does not validate')

describe.each(storeCases)('explain agrees with GET /v1/content on $name', ({ open }) => {
  let store: Store
  afterEach(async () => {
    await store.close()
  })

  it('for random users of the seeded demo: eligible items are exactly the delivered ones, in order', async () => {
    store = await open()
    const end = new Date('2026-06-15T12:00:00Z')
    await seedDemo({ store, content: demo.content, accounts: 24, days: 21, seed: 7, now: end, weeklyEvaluations: 2 })
    const api = inProcessCollector(store, { content: staticContent(demo.content), now: () => end.getTime() + 3_600_000, rateLimit: false })
    const users = await store.sql.query<{ user_id: string; account_id: string | null }>('SELECT user_id, account_id FROM users ORDER BY user_id')
    const anonymous = await store.sql.query<{ anonymous_id: string }>('SELECT anonymous_id FROM identities ORDER BY anonymous_id LIMIT 5')
    const random = createRandom(17)
    const queries = [
      ...Array.from({ length: 20 }, () => {
        const user = users[Math.floor(random.next() * users.length)]!
        // Sometimes the account the page names, sometimes the one the collector remembers.
        return random.next() < 0.5 && user.account_id ? `userId=${user.user_id}&groupId=${user.account_id}` : `userId=${user.user_id}`
      }),
      ...anonymous.map((row) => `anonymousId=${row.anonymous_id}`),
    ]
    let deliveredSomething = 0
    for (const query of queries) {
      const explained = (await (await api.report(`/v1/admin/explain?${query}`)).json()) as Explanation
      const content = await (await api.request(`/v1/content?${query}`, { headers: { authorization: `Basic ${btoa(`${api.keys.writeKey}:`)}` } })).json()
      expect(explained.tier, query).toBe(content.tier)
      for (const kind of ['checklists', 'prompts', 'surveys', 'tours'] as const) {
        const eligible = explained[kind].filter((entry) => entry.eligible).map((entry) => entry.id)
        expect(eligible, `${kind} of ${query}`).toEqual(content[kind].map((entry: { id: string }) => entry.id))
        expect(explained[kind]).toHaveLength(demo.content[kind].length)
        deliveredSomething += eligible.length
      }
    }
    // A vacuous agreement (nothing eligible anywhere) would prove nothing.
    expect(deliveredSomething).toBeGreaterThan(5)
  }, 120_000)
})
