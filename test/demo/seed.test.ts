import { readFileSync } from 'node:fs'
import { parseContent } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../packages/collector/src/demo/seed'
import type { Store } from '../../packages/collector/src/store/store'
import { storeCases } from '../_util/stores'

const parsed = parseContent(readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
if (!parsed.ok) throw new Error('demo/goyo.content.json does not validate')
const content = parsed.content

// Small enough for a unit test, large enough that seed 1 shows every kind of account (checked
// below): the demo's point is that each report and dashboard page has something to say.
const OPTIONS = { content, accounts: 40, days: 30, seed: 1, now: new Date('2026-06-15T12:00:00Z') }

async function snapshot(store: Store) {
  const bands = await store.sql.query<{ tier: string; band: string; n: number }>(
    'SELECT tier, health_band AS band, count(*)::int AS n FROM account_state GROUP BY 1, 2 ORDER BY 1, 2',
  )
  const eligibility = await store.sql.query<{ holdout: boolean; n: number }>(
    'SELECT holdout, count(DISTINCT account_id)::int AS n FROM prompt_eligibility GROUP BY 1 ORDER BY 1',
  )
  const conversions = await store.sql.query<{ holdout: boolean; n: number }>('SELECT holdout, count(*)::int AS n FROM prompt_conversions GROUP BY 1 ORDER BY 1')
  const timeline = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM timeline')
  return { overview: await store.overview(), events: await store.eventCounts(), bands, eligibility, conversions, timeline: timeline[0]!.n }
}

describe.each(storeCases)('seed-demo on $name', (storeCase) => {
  it('writes the same believable history for the same seed, once', async () => {
    let store = await storeCase.open()
    const first = await seedDemo({ store, ...OPTIONS })
    const a = await snapshot(store)
    await store.close()

    expect(first.inserted).toBe(first.events)
    expect(a.overview.accounts).toBe(40)
    // Plus the `Prompt Converted` events that ingest derives from the goal events.
    const derived = a.events.find((row) => row.event === 'Prompt Converted')?.count ?? 0
    expect(derived).toBeGreaterThan(0)
    expect(a.overview.events).toBe(first.events + derived)
    expect(new Set(a.bands.map((row) => row.tier))).toEqual(new Set(['high-touch', 'low-touch', 'tech-touch']))
    expect(a.bands.some((row) => row.band === 'red')).toBe(true)
    expect(a.bands.some((row) => row.band === 'green')).toBe(true)
    expect(a.eligibility.find((row) => row.holdout)?.n).toBeGreaterThan(0)
    expect(a.eligibility.find((row) => !row.holdout)?.n).toBeGreaterThan(0)
    expect(a.conversions.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThan(0)
    const names = new Set(a.events.map((row) => row.event))
    for (const name of ['Invoice Sent', 'Checklist Item Completed', 'Prompt Shown', 'Payroll Trial Started', 'Survey Answered', 'identify', 'group', 'page']) {
      expect(names, name).toContain(name)
    }

    store = await storeCase.open()
    await seedDemo({ store, ...OPTIONS })
    expect(await snapshot(store)).toEqual(a)

    // A second run on the same store stores nothing new and changes no count.
    const again = await seedDemo({ store, ...OPTIONS })
    expect(again.inserted).toBe(0)
    const b = await snapshot(store)
    expect(b.overview).toEqual(a.overview)
    expect(b.conversions).toEqual(a.conversions)
    expect(b.timeline).toBe(a.timeline)
    // Every conversion row points at its prompt's convertedWhen event.
    const rows = await store.sql.query<{ prompt_id: string; event: string | null }>(
      'SELECT c.prompt_id, e.event FROM prompt_conversions c LEFT JOIN events e ON e.message_id = c.message_id',
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.event).toBe(content.prompts.find((p) => p.id === row.prompt_id)?.convertedWhen?.event)
    await store.close()
  }, 120_000)
})
