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
