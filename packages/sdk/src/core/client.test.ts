// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, type TransportFactory } from './client'
import { memoryKv, type Kv } from '../lib/kv'
import type { DeliveredContent, Goyo, GoyoError, GoyoOptions, WireEvent } from '../types'
import type { Queue } from '../transport/queue'

let clients: Goyo[] = []
afterEach(() => {
  clients.forEach((c) => c.destroy())
  clients = []
  document.body.innerHTML = ''
  history.replaceState(null, '', '/')
})
beforeEach(() => history.replaceState(null, '', '/start?x=1'))

/** A client whose queue records what it is given; `disk` stands in for localStorage. */
function setup(options: Partial<GoyoOptions> = {}, disk: Kv = memoryKv()) {
  const queued: WireEvent[] = []
  const errors: GoyoError[] = []
  const queue = { push: (e: WireEvent) => queued.push(e), flush: vi.fn(async () => {}), clear: vi.fn(async () => {}), destroy: vi.fn() }
  const transport: TransportFactory = () => queue as unknown as Queue
  const client = createClient({ writeKey: 'wk', pageViews: false, ...options }, transport, disk)
  client.on('error', (e) => errors.push(e))
  clients.push(client)
  const tracks = () => queued.filter((e): e is Extract<WireEvent, { type: 'track' }> => e.type === 'track')
  return { client, queued, errors, queue, disk, tracks }
}

describe('createGoyo / createClient', () => {
  it('throws a helpful error without a write key (programmer error)', () => {
    expect(() => createClient({} as GoyoOptions, () => ({}) as Queue)).toThrow(/writeKey/)
  })

  it('sends Segment-shaped events with the full context and no input values', () => {
    document.title = 'Invoices'
    document.body.innerHTML = '<input id="secret" value="hunter2">'
    const { client, queued } = setup()
    client.track('Invoice Sent', { amount: 3 })
    const [event] = queued
    expect(event).toMatchObject({
      type: 'track',
      event: 'Invoice Sent',
      properties: { amount: 3 },
      anonymousId: expect.stringMatching(/^[0-9a-f]{32}$/),
      messageId: expect.any(String),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      context: {
        page: { url: location.href, path: '/start', search: '?x=1', title: 'Invoices', referrer: expect.any(String) },
        locale: navigator.language,
        timezone: expect.any(String),
        library: { name: 'goyo', version: expect.any(String) },
        userAgent: navigator.userAgent,
      },
    })
    expect(JSON.stringify(queued)).not.toContain('hunter2')
  })

  it('says the locale option in the context, else the browser language, and gives it to the transport', () => {
    const seen: Array<string | undefined> = []
    const transport: TransportFactory = (config) => (seen.push(config._locale), { push() {}, flush: async () => {}, clear: async () => {}, destroy() {} }) as unknown as Queue
    clients.push(createClient({ writeKey: 'wk', pageViews: false, locale: 'ja-JP' }, transport, memoryKv()), createClient({ writeKey: 'wk', pageViews: false }, transport, memoryKv()))
    expect(seen).toEqual(['ja-JP', navigator.language])
    const { client, queued } = setup({ locale: 'ja-JP' })
    client.track('Invoice Sent')
    expect(queued[0]!.context.locale).toBe('ja-JP')
  })

  it('identify sets userId and group attaches context.groupId to every later event', () => {
    const { client, queued } = setup()
    client.track('Before')
    client.identify('u1', { role: 'admin' })
    client.group(42, { plan: 'pro' })
    client.track('After')
    expect(queued.map((e) => [e.type, e.userId, e.context.groupId])).toEqual([
      ['track', undefined, undefined],
      ['identify', 'u1', undefined],
      ['group', 'u1', '42'],
      ['track', 'u1', '42'],
    ])
    expect(queued[1]).toMatchObject({ traits: { role: 'admin' } })
    expect(queued[2]).toMatchObject({ groupId: '42', traits: { plan: 'pro' } })
  })

  it('keeps the anonymous id and user across reloads, and reset() clears all three', () => {
    const disk = memoryKv()
    const first = setup({}, disk)
    first.client.identify('u1')
    first.client.group('a1')
    const anon = first.client.user.anonymousId
    const second = setup({}, disk)
    expect(second.client.user).toEqual({ anonymousId: anon, userId: 'u1', groupId: 'a1' })
    second.client.reset()
    expect(second.client.user.userId).toBeNull()
    expect(second.client.user.groupId).toBeNull()
    expect(second.client.user.anonymousId).not.toBe(anon)
    expect(setup({}, disk).client.user).toEqual({ ...second.client.user })
  })

  it('never throws into the page: bad calls and broken plugins become error events', () => {
    const { client, errors, queued } = setup({
      plugins: [{ name: 'broken', onEvent: () => { throw new Error('boom') } }],
    })
    expect(() => {
      client.track('' as string)
      client.identify(undefined as unknown as string)
      client.group(null as unknown as string)
      client.milestone(5 as unknown as string)
      client.track('Fine', { n: 1 })
    }).not.toThrow()
    expect(errors.map((e) => e.code)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'internal'])
    expect(queued.map((e) => e.type === 'track' && e.event)).toEqual(['Fine']) // plugin failure: event continues
  })

  it('a failing transport is reported, not thrown', async () => {
    const { client, errors, queue } = setup()
    queue.flush.mockRejectedValueOnce(new Error('down'))
    await expect(client.flush()).resolves.toBeUndefined()
    expect(errors).toEqual([expect.objectContaining({ code: 'internal', message: 'flush() failed' })])
  })

  it('plugins may alter or drop events', () => {
    const { client, queued } = setup({
      plugins: [
        { name: 'drop-secret', onEvent: (e) => (e.type === 'track' && e.event === 'Secret' ? null : e) },
        { name: 'tag', onEvent: (e) => ({ ...e, context: { ...e.context, app: 'x' } }) },
      ],
    })
    client.track('Secret')
    client.track('Public')
    expect(queued).toHaveLength(1)
    expect(queued[0]!.context.app).toBe('x')
  })

  it('tracks Feature Used from one delegated click listener; content features join the configured ones', () => {
    document.body.innerHTML = '<button id="new" data-goyo-feature="invoices.create">New</button><a id="exp">Export</a>'
    const { client, tracks } = setup({ features: { 'reports.export': { selectors: ['#exp'] } } })
    document.getElementById('new')!.click()
    document.getElementById('exp')!.click()
    client.setContent({ features: { 'reports.csv': { selectors: ['#exp'] } } })
    document.getElementById('exp')!.click()
    expect(tracks().map((e) => [e.event, e.properties.feature])).toEqual([
      ['Feature Used', 'invoices.create'],
      ['Feature Used', 'reports.export'],
      // The content file's features are added to those of the options, not swapped for them.
      ['Feature Used', 'reports.export'],
      ['Feature Used', 'reports.csv'],
    ])
  })

  it('milestone() and configured milestone events fire once per user, across reloads, with a stable messageId', () => {
    const disk = memoryKv()
    const { client, tracks } = setup({ milestones: { 'first-invoice': { event: 'Invoice Sent' } } }, disk)
    client.identify('u1')
    client.track('Invoice Sent')
    client.track('Invoice Sent')
    client.milestone('first-invoice')
    client.milestone('activated')
    const reached = tracks().filter((e) => e.event === 'Milestone Reached')
    expect(reached.map((e) => [e.properties.milestone, e.messageId])).toEqual([
      ['first-invoice', 'ms-u1-first-invoice'],
      ['activated', 'ms-u1-activated'],
    ])
    const reload = setup({ milestones: { 'first-invoice': { event: 'Invoice Sent' } } }, disk)
    reload.client.track('Invoice Sent')
    reload.client.milestone('activated')
    expect(reload.tracks().filter((e) => e.event === 'Milestone Reached')).toEqual([])
  })

  it('sends a page view on load and on SPA navigation when enabled, none when disabled', async () => {
    const on = setup({ pageViews: true })
    history.pushState(null, '', '/next')
    await new Promise((r) => setTimeout(r, 5))
    expect(on.queued.filter((e) => e.type === 'page').map((e) => e.context.page.path)).toEqual(['/start', '/next'])
    expect(on.queued.at(-1)?.context.page.referrer).toContain('/start?x=1')
    on.client.destroy()
    const off = setup({ pageViews: false })
    history.pushState(null, '', '/other')
    await new Promise((r) => setTimeout(r, 5))
    expect(off.queued).toEqual([])
  })

  it('consent pending: nothing stored or queued until granted; then the held events go', () => {
    const disk = memoryKv()
    const { client, queued } = setup({ consent: 'pending' }, disk)
    client.track('Held')
    expect(queued).toEqual([])
    expect(disk.get('goyo_aid')).toBeNull() // not even the anonymous id reaches the disk
    client.consent(true)
    expect(queued.map((e) => e.type === 'track' && e.event)).toEqual(['Held'])
    expect(disk.get('goyo_aid')).toBe(client.user.anonymousId)
  })

  it('consent(false) deletes the queue and the stored ids, and drops later events', () => {
    const disk = memoryKv()
    const { client, queued, queue } = setup({}, disk)
    client.identify('u1')
    client.consent(false)
    expect(queue.clear).toHaveBeenCalled()
    expect(disk.get('goyo_aid')).toBeNull()
    expect(disk.get('goyo_uid')).toBeNull()
    client.track('After')
    expect(queued.map((e) => e.type)).toEqual(['identify'])
  })

  it('honours Global Privacy Control only when respectGpc is set', () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })
    try {
      // globals.ts reads navigator lazily per call through `nav`, the same object.
      const respected = setup({ respectGpc: true })
      respected.client.track('x')
      expect(respected.queued).toEqual([])
      const ignored = setup()
      ignored.client.track('x')
      expect(ignored.queued).toHaveLength(1)
    } finally {
      Reflect.deleteProperty(navigator, 'globalPrivacyControl')
    }
  })

  describe('content from the collector', () => {
    const answer = (extra: Partial<DeliveredContent> = {}): DeliveredContent => ({
      tier: 'tech-touch',
      features: { 'reports.view': { urls: ['/reports/*'] }, 'invoices.create': { selectors: ['#new'] } },
      milestones: { 'first-invoice': { event: 'Invoice Sent' } },
      checklists: [],
      prompts: [],
      surveys: [],
      remainingToday: null,
      theme: {},
      ...extra,
    })
    function withContent(content: DeliveredContent | undefined, options: Partial<GoyoOptions> = {}) {
      const calls: Array<{ anonymousId: string; userId: string | null; groupId: string | null }> = []
      const queued: WireEvent[] = []
      const queue = {
        push: (e: WireEvent) => queued.push(e),
        flush: vi.fn(async () => {}),
        clear: vi.fn(async () => {}),
        destroy: vi.fn(),
        content: vi.fn(async (who: (typeof calls)[number]) => {
          calls.push({ anonymousId: who.anonymousId, userId: who.userId, groupId: who.groupId })
          return content
        }),
      }
      const client = createClient({ writeKey: 'wk', pageViews: false, ...options }, (() => queue) as unknown as TransportFactory, memoryKv())
      clients.push(client)
      const loadUi = vi.spyOn(client, 'loadUi').mockResolvedValue(true)
      const tracks = () => queued.filter((e): e is Extract<WireEvent, { type: 'track' }> => e.type === 'track')
      return { client, calls, queue, loadUi, tracks }
    }
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

    it('fetches once per start, coalescing the identify and group replayed right after it', async () => {
      const { client, calls } = withContent(answer())
      client.identify('u1')
      client.group('acct1')
      await settle()
      expect(calls).toEqual([{ anonymousId: expect.any(String), userId: 'u1', groupId: 'acct1' }])
      client.group('acct2')
      await settle()
      expect(calls).toHaveLength(2)
      expect(calls[1]).toMatchObject({ groupId: 'acct2' })
    })

    it('feeds the content features (selectors and URL patterns) and milestones into tracking', async () => {
      history.replaceState(null, '', '/reports/7')
      document.body.innerHTML = '<button id="new">New</button>'
      const { client, tracks } = withContent(answer(), { pageViews: true })
      await settle()
      document.getElementById('new')!.click()
      client.track('Invoice Sent')
      history.pushState(null, '', '/invoices')
      client.page()
      expect(tracks().map((e) => [e.event, e.properties.feature ?? e.properties.milestone ?? null])).toEqual([
        ['Feature Used', 'reports.view'], // the page view of load, counted once the patterns arrived
        ['Feature Used', 'invoices.create'],
        ['Invoice Sent', null],
        ['Milestone Reached', 'first-invoice'],
      ])
    })

    it('loads the UI only when there is something to show, and hands it the content', async () => {
      const nothing = withContent(answer({ checklists: [{ id: 'c', title: 'C', items: [], completed: true, dismissed: false }] }))
      await settle()
      expect(nothing.loadUi).not.toHaveBeenCalled()

      const content = answer({ prompts: [{ id: 'p', kind: 'modal', title: 'T', body: 'B', cta: { label: 'Go', href: '/x' } }] })
      const some = withContent(content)
      const seen: DeliveredContent[] = []
      some.client.on('content', (c) => seen.push(c))
      await settle()
      expect(some.loadUi).toHaveBeenCalledTimes(1)
      expect(seen).toEqual([content])
    })

    it('loads the UI for a tour or a survey alone, and not for features, milestones and theme only', async () => {
      const tour = withContent(answer({ tours: [{ id: 't', title: 'T', steps: [{ id: 's', title: 'S', body: 'B' }] }] }))
      const survey = withContent(answer({ surveys: [{ id: 's', kind: 'nps', question: 'Q' }] }))
      const pending = withContent(answer({ checklists: [{ id: 'c', title: 'C', items: [], completed: false, dismissed: true }] }))
      const quiet = withContent(answer({ tours: [], theme: { '--goyo-accent': '#000' } }))
      await settle()
      expect([tour, survey, pending, quiet].map((c) => c.loadUi.mock.calls.length)).toEqual([1, 1, 1, 0])
    })

    it('keeps going without UI when there is no content (offline), and asks nothing without consent', async () => {
      const offline = withContent(undefined)
      await settle()
      offline.client.track('Still Tracked')
      expect(offline.tracks().map((e) => e.event)).toEqual(['Still Tracked'])
      expect(offline.loadUi).not.toHaveBeenCalled()

      const pending = withContent(answer(), { consent: 'pending' })
      await settle()
      expect(pending.calls).toHaveLength(0)
      pending.client.consent(true)
      await settle()
      expect(pending.calls).toHaveLength(1)
    })
  })
})
