import { readFileSync } from 'node:fs'
import { parseContent, textFields, type Content } from '@goyo/schema'
import { describe, expect, it } from 'vitest'

// The demo's content file is the complete example the README points newcomers to (issue 7), and
// seed-demo writes history against it: it must validate and keep every part it shows off.
const text = readFileSync(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8')

function load(): Content {
  const result = parseContent(text)
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.line ?? ''} ${issue.path}: ${issue.message}`).join('\n'))
  return result.content
}

describe('demo/goyo.content.json', () => {
  it('validates against the content schema', () => {
    expect(() => load()).not.toThrow()
  })

  it('says every text in English and Japanese (the Tokyo persona), with no locale warning', () => {
    const fields = textFields(load())
    expect(fields.length).toBeGreaterThan(20)
    for (const { path, value } of fields) expect(Object.keys(value as object).sort(), path.join('.')).toEqual(['en', 'ja'])
    const result = parseContent(text)
    expect(result.ok && result.warnings.filter((warning) => warning.event === undefined)).toEqual([])
  })

  it('has features with selectors, URLs and events, and a value milestone', () => {
    const content = load()
    expect(content.features['invoices.create']?.selectors).toEqual(expect.arrayContaining(["[data-goyo-feature='invoices.create']", '#new-invoice']))
    expect(content.features['reports.export']?.events).toContain('Report Exported')
    expect(Object.keys(content.features)).toEqual(expect.arrayContaining(['invoices.send', 'clients.add', 'settings.branding', 'payroll.run']))
    expect(content.milestones['first-invoice-sent']).toMatchObject({ event: 'Invoice Sent' })
  })

  it('has a getting-started checklist for tech-touch and low-touch accounts', () => {
    const checklist = load().checklists.find((c) => c.id === 'getting-started')
    expect(checklist?.audience?.tiers).toEqual(['tech-touch', 'low-touch'])
    expect(checklist?.items.length).toBeGreaterThanOrEqual(4)
    for (const item of checklist!.items) {
      expect(item.doneWhen.event).toBeTruthy()
      expect(item.href).toMatch(/^\//)
    }
  })

  it('has the Payroll cross-sell with a holdout and the seats upsell banner', () => {
    const content = load()
    const payroll = content.prompts.find((p) => p.id === 'payroll-cross-sell')
    expect(payroll).toMatchObject({
      kind: 'modal',
      audience: { tiers: ['tech-touch', 'low-touch'], lacksProduct: 'payroll', usage: { feature: 'invoices.create', atLeast: 10, withinDays: 30 } },
      convertedWhen: { event: 'Payroll Trial Started', withinDays: 14 },
      frequency: { maxShows: 3, cooldownDays: 7 },
      holdout: 0.1,
    })
    const seats = content.prompts.find((p) => p.id === 'seats-upsell')
    expect(seats?.kind).toBe('banner')
    // The banner appears once the seats playbook enabled it for the account.
    expect(seats?.audience?.requiresPlaybook).toBe(true)
    const seatsPlaybook = content.playbooks.find((p) => 'ratio' in p.when)
    expect(seatsPlaybook?.do).toContainEqual({ enablePrompt: 'seats-upsell' })
  })

  it('has an NPS survey, three tiers, health and playbooks', () => {
    const content = load()
    expect(content.surveys.some((s) => s.kind === 'nps')).toBe(true)
    expect(content.tiers.map((t) => t.id)).toEqual(['high-touch', 'low-touch', 'tech-touch'])
    expect(content.tiers.every((t) => t.targetDays)).toBe(true)
    expect(content.health?.bands).toEqual({ red: 40, yellow: 70 })
    expect(content.health?.measures.map((m) => m.id).sort()).toEqual(['activeUsers', 'breadth', 'nps', 'stickiness', 'trend', 'valueReached'])
    const atRisk = content.playbooks.find((p) => p.id === 'at-risk')
    expect(atRisk?.when).toEqual({ health: { below: 40 } })
    // No webhooks in the demo: it must not call hosts outside the machine. The README shows one.
    expect(atRisk?.do).toEqual(expect.arrayContaining([expect.objectContaining({ enablePrompt: 'rescue-call' }), expect.objectContaining({ tag: 'at-risk' })]))
    expect(JSON.stringify(content.playbooks)).not.toContain('webhook')
    expect(content.playbooks.some((p) => 'milestoneNotReached' in p.when)).toBe(true)
  })
})
