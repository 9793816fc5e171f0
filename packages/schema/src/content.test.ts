import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { jsonLines, parseContent } from './json-lines'

/**
 * The example from DESIGN.md ("Content file") must always validate. A copy lives in the repository
 * so the test runs wherever the repository is; when DESIGN.md sits beside it (../shared), the copy
 * must still match it.
 */
const FIXTURE = new URL('../../../test/fixtures/design-content-example.json', import.meta.url)
const DESIGN = new URL('../../../../shared/DESIGN.md', import.meta.url)

function designExample(): string {
  return readFileSync(FIXTURE, 'utf8')
}

function designMarkdownExample(): string | null {
  if (!existsSync(DESIGN)) return null
  const design = readFileSync(DESIGN, 'utf8')
  const section = design.slice(design.indexOf('### Content file'))
  return /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? null
}

describe('content file', () => {
  it('accepts the example in DESIGN.md', () => {
    const result = parseContent(designExample())
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.content.prompts[0]!.holdout).toBe(0.1)
    expect(result.content.tiers.map((tier) => tier.id)).toEqual(['high-touch', 'low-touch', 'tech-touch'])
    expect(result.content.tours).toEqual([])
  })

  it('keeps its copy of the DESIGN.md example in step with DESIGN.md', () => {
    const markdown = designMarkdownExample()
    if (markdown !== null) expect(JSON.parse(designExample())).toEqual(JSON.parse(markdown))
  })

  it('reports every problem with its path and line', () => {
    const source = `{
  "prompts": [{
    "id": "p1", "kind": "popup",
    "title": "Hi", "body": "There",
    "cta": { "label": "Go" }
  }],
  "tiers": [{ "id": "a" }, { "id": "b", "when": { "trait": "arr", "gte": 1 } }],
  "checklists": [{ "id": "c", "title": "T", "items": [{ "id": "i", "title": "x" }] }]
}`
    const result = parseContent(source)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const byPath = Object.fromEntries(result.issues.map((issue) => [issue.path, issue]))
    expect(byPath['prompts[0].kind']).toMatchObject({ line: 3 })
    expect(byPath['prompts[0].cta']).toMatchObject({ line: 5, message: 'needs an href or an event' })
    expect(byPath['tiers[0].when']).toMatchObject({ line: 7, message: 'only the last tier may have no rule' })
    expect(byPath['checklists[0].items[0].doneWhen']).toMatchObject({ line: 8, message: 'required' })
  })

  it('refuses unknown references, duplicate ids and fields it does not know', () => {
    const result = parseContent(JSON.stringify({
      prompts: [
        { id: 'p', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' }, audience: { tiers: ['gold'] } },
        { id: 'p', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', event: 'E' } },
      ],
      tiers: [{ id: 'tech-touch' }],
      playbooks: [{ id: 'pb', when: { health: { below: 40 } }, do: [{ enablePrompt: 'nope' }] }],
      surprise: true,
    }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    const messages = result.issues.map((issue) => `${issue.path}: ${issue.message}`)
    expect(messages.some((m) => m.includes('unknown tier "gold"'))).toBe(true)
    expect(messages.some((m) => m.includes('duplicate id "p"'))).toBe(true)
    expect(messages.some((m) => m.includes('unknown prompt "nope"'))).toBe(true)
    expect(messages.some((m) => m.includes('surprise'))).toBe(true)
  })

  // Issue 17: a prompt whose audience named an unknown feature was accepted and silently never showed.
  it('refuses every reference that points nowhere, by path and line', () => {
    const source = JSON.stringify(
      {
        features: { 'invoices.create': {} },
        milestones: { 'first-invoice': { event: 'Invoice Sent' } },
        tiers: [{ id: 'low', when: { usage: 'featureUses', feature: 'invoice.create', gte: 1 } }, { id: 'tech' }],
        checklists: [
          { id: 'setup', title: 'T', audience: { tiers: ['gold'], requiresPlaybook: true }, items: [{ id: 'i', title: 'x', doneWhen: { event: 'Invoice Sent' } }] },
        ],
        prompts: [
          { id: 'p', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' }, audience: { usage: { feature: 'invoices.creat', atLeast: 1, withinDays: 7 }, account: { all: [{ usage: 'featureUses', feature: 'payroll.run', gte: 1 }] } } },
          { id: 'q', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' }, audience: { requiresPlaybook: true } },
        ],
        tours: [{ id: 't', title: 'T', audience: { requiresPlaybook: true }, steps: [{ id: 's', title: 't', body: 'b' }] }],
        health: {
          measures: [{ id: 'breadth', weight: 1, keyFeatures: ['invoices.create', 'reports.export'] }, { id: 'valueReached', weight: 1, milestone: 'first-value' }],
          bands: { red: 40, yellow: 70 },
        },
        playbooks: [
          { id: 'pb', when: { milestoneNotReached: { milestone: 'onboarded', days: 7 } }, tiers: ['platinum'], do: [{ enablePrompt: 'nope' }, { enableChecklist: 'gone' }] },
          { id: 'pb2', when: { tierChangedTo: 'vip' }, do: [{ tag: 'x' }] },
        ],
      },
      null,
      1,
    )
    const result = parseContent(source)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const byPath = Object.fromEntries(result.issues.map((issue) => [issue.path, issue]))
    const lines = jsonLines(source)
    const expected: Record<string, string> = {
      'prompts[0].audience.usage.feature': 'unknown feature "invoices.creat"',
      'prompts[0].audience.account.all[0].feature': 'unknown feature "payroll.run"',
      'tiers[0].when.feature': 'unknown feature "invoice.create"',
      'health.measures[0].keyFeatures[1]': 'unknown feature "reports.export"',
      'checklists[0].audience.tiers[0]': 'unknown tier "gold"',
      'playbooks[0].tiers[0]': 'unknown tier "platinum"',
      'playbooks[1].when.tierChangedTo': 'unknown tier "vip"',
      'health.measures[1].milestone': 'unknown milestone "first-value"',
      'playbooks[0].when.milestoneNotReached.milestone': 'unknown milestone "onboarded"',
      'playbooks[0].do[0].enablePrompt': 'unknown prompt "nope"',
      'playbooks[0].do[1].enableChecklist': 'unknown checklist "gone"',
      'checklists[0].audience.requiresPlaybook': 'no playbook enables checklist "setup"',
      'prompts[1].audience.requiresPlaybook': 'no playbook enables prompt "q"',
      'tours[0].audience.requiresPlaybook': 'a playbook can enable only prompts and checklists',
    }
    for (const [path, message] of Object.entries(expected)) {
      expect(byPath[path]?.message, path).toContain(message)
      expect(byPath[path]?.line, path).toBe(lines.get(path))
    }
    expect(result.issues).toHaveLength(Object.keys(expected).length)
  })

  it('refuses audience tiers when the file defines no tiers at all (they could never match)', () => {
    const result = parseContent(JSON.stringify({ prompts: [{ id: 'p', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' }, audience: { tiers: ['tech-touch'] } }] }))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues[0]).toMatchObject({ path: 'prompts[0].audience.tiers[0]', message: 'unknown tier "tech-touch": the file defines no tiers' })
  })

  it('warns, without refusing, about doneWhen and convertedWhen events nothing is known to send', () => {
    const source = JSON.stringify(
      {
        features: { 'reports.export': { events: ['Report Exported'] } },
        milestones: { 'first-invoice': { event: 'Invoice Sent' } },
        checklists: [
          {
            id: 'c', title: 'T',
            items: [
              { id: 'sent', title: 'x', doneWhen: { event: 'Invoice Sent' } },
              { id: 'export', title: 'x', doneWhen: { event: 'Report Exported' } },
              { id: 'tour', title: 'x', doneWhen: { event: 'Tour Completed' } },
              { id: 'typo', title: 'x', doneWhen: { event: 'invoice  sent' } },
              { id: 'app', title: 'x', doneWhen: { event: 'Client Added' } },
            ],
          },
        ],
        prompts: [
          { id: 'p', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', event: 'Trial Started' }, convertedWhen: { event: 'Trial Started', withinDays: 7 } },
          { id: 'q', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' }, convertedWhen: { event: 'Seats Added', withinDays: 7 } },
        ],
      },
      null,
      1,
    )
    const result = parseContent(source)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const lines = jsonLines(source)
    expect(result.warnings.map((w) => [w.path, w.event, w.line])).toEqual([
      ['checklists[0].items[3].doneWhen.event', 'invoice  sent', lines.get('checklists[0].items[3].doneWhen.event')],
      ['checklists[0].items[4].doneWhen.event', 'Client Added', lines.get('checklists[0].items[4].doneWhen.event')],
      ['prompts[1].convertedWhen.event', 'Seats Added', lines.get('prompts[1].convertedWhen.event')],
    ])
    expect(result.warnings[0]!.message).toContain('did you mean "Invoice Sent"?')
    expect(result.warnings[1]!.message).toContain('goyo.track("Client Added")')
  })

  it('gives the line of a JSON syntax error', () => {
    const result = parseContent('{\n  "features": {,\n}')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues[0]!.line).toBe(2)
  })

  it('refuses a theme value that could break out of CSS', () => {
    const result = parseContent(JSON.stringify({ theme: { '--goyo-accent': 'red; } body { display: none' } }))
    expect(result.ok).toBe(false)
  })
})

describe('jsonLines', () => {
  it('maps nested paths to their lines, strings with escapes included', () => {
    const lines = jsonLines('{\n "a": [\n  1,\n  {"b\\"": "x\\n"}\n ],\n "c": {}\n}')
    expect(lines.get('a')).toBe(2)
    expect(lines.get('a[0]')).toBe(3)
    expect(lines.get('a[1].b"')).toBe(4)
    expect(lines.get('c')).toBe(6)
  })
})
