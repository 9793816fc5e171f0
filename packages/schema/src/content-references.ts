import type { Audience, Condition, Content } from './content'
import { EVENTS } from './names'

/** Where a problem is in the content file, as zod paths are: `['prompts', 0, 'audience', 'tiers', 1]`. */
export type ContentPath = Array<string | number>

/** A reference that points nowhere, or an event that nothing is known to send. */
export interface ReferenceIssue {
  path: ContentPath
  message: string
}

/** A warning about an event a checklist item or a conversion waits for; `event` names it. */
export interface EventWarning extends ReferenceIssue {
  event: string
}

/** Every item that has an audience, with where it sits in the file. */
function audiences(content: Content): Array<{ section: 'checklists' | 'prompts' | 'tours' | 'surveys'; index: number; id: string; audience: Audience | undefined }> {
  return (['checklists', 'prompts', 'tours', 'surveys'] as const).flatMap((section) =>
    content[section].map((item, index) => ({ section, index, id: item.id, audience: item.audience })),
  )
}

/** The features a rule compares usage of, with their paths inside the rule. */
function ruleFeatures(rule: Condition, path: ContentPath): Array<{ feature: string; path: ContentPath }> {
  if ('all' in rule) return rule.all.flatMap((inner, i) => ruleFeatures(inner, [...path, 'all', i]))
  if ('any' in rule) return rule.any.flatMap((inner, i) => ruleFeatures(inner, [...path, 'any', i]))
  if ('not' in rule) return ruleFeatures(rule.not, [...path, 'not'])
  return 'usage' in rule && rule.feature !== undefined ? [{ feature: rule.feature, path: [...path, 'feature'] }] : []
}

/**
 * References between sections that point nowhere: a feature, tier, milestone, prompt or checklist
 * named but not defined, and `requiresPlaybook` on an item no playbook can enable. Each of these
 * would otherwise be accepted and silently never show (or never fire). Pure; run on content whose
 * sections are each valid.
 *
 * @example
 * danglingReferences(content) // [{ path: ['prompts', 0, 'audience', 'usage', 'feature'], message: 'unknown feature "invoice.create"' }]
 */
export function danglingReferences(content: Content): ReferenceIssue[] {
  const issues: ReferenceIssue[] = []
  const features = new Set(Object.keys(content.features))
  const milestones = new Set(Object.keys(content.milestones))
  const tiers = new Set(content.tiers.map((tier) => tier.id))
  const prompts = new Set(content.prompts.map((prompt) => prompt.id))
  const checklists = new Set(content.checklists.map((checklist) => checklist.id))
  const enabled = { prompts: new Set<string>(), checklists: new Set<string>() }
  const feature = (name: string, path: ContentPath) => {
    if (!features.has(name)) issues.push({ path, message: `unknown feature "${name}"` })
  }
  const tier = (id: string, path: ContentPath) => {
    if (!tiers.has(id)) issues.push({ path, message: tiers.size ? `unknown tier "${id}"` : `unknown tier "${id}": the file defines no tiers` })
  }
  const milestone = (name: string, path: ContentPath) => {
    if (!milestones.has(name)) issues.push({ path, message: `unknown milestone "${name}"` })
  }

  content.playbooks.forEach((playbook, p) => {
    playbook.do.forEach((action, a) => {
      if ('enablePrompt' in action) {
        enabled.prompts.add(action.enablePrompt)
        if (!prompts.has(action.enablePrompt)) issues.push({ path: ['playbooks', p, 'do', a, 'enablePrompt'], message: `unknown prompt "${action.enablePrompt}"` })
      }
      if ('enableChecklist' in action) {
        enabled.checklists.add(action.enableChecklist)
        if (!checklists.has(action.enableChecklist)) issues.push({ path: ['playbooks', p, 'do', a, 'enableChecklist'], message: `unknown checklist "${action.enableChecklist}"` })
      }
    })
    if ('tierChangedTo' in playbook.when) tier(playbook.when.tierChangedTo, ['playbooks', p, 'when', 'tierChangedTo'])
    if ('milestoneNotReached' in playbook.when) milestone(playbook.when.milestoneNotReached.milestone, ['playbooks', p, 'when', 'milestoneNotReached', 'milestone'])
    playbook.tiers?.forEach((id, t) => tier(id, ['playbooks', p, 'tiers', t]))
  })

  for (const { section, index, id, audience } of audiences(content)) {
    const at = [section, index, 'audience']
    audience?.tiers?.forEach((id, t) => tier(id, [...at, 'tiers', t]))
    if (audience?.usage) feature(audience.usage.feature, [...at, 'usage', 'feature'])
    if (audience?.account) for (const use of ruleFeatures(audience.account, [...at, 'account'])) feature(use.feature, use.path)
    if (!audience?.requiresPlaybook) continue
    if (section === 'tours' || section === 'surveys') {
      issues.push({ path: [...at, 'requiresPlaybook'], message: `a playbook can enable only prompts and checklists, so ${section.slice(0, -1)} "${id}" would never show` })
    } else if (!enabled[section].has(id)) {
      issues.push({ path: [...at, 'requiresPlaybook'], message: `no playbook enables ${section.slice(0, -1)} "${id}" (add { "enable${section === 'prompts' ? 'Prompt' : 'Checklist'}": "${id}" } to one), so it would never show` })
    }
  }

  content.tiers.forEach((entry, t) => {
    if (entry.when) for (const use of ruleFeatures(entry.when, ['tiers', t, 'when'])) feature(use.feature, use.path)
  })
  content.health?.measures.forEach((measure, m) => {
    measure.keyFeatures?.forEach((name, k) => feature(name, ['health', 'measures', m, 'keyFeatures', k]))
    if (measure.milestone !== undefined) milestone(measure.milestone, ['health', 'measures', m, 'milestone'])
  })
  return issues
}

/**
 * Events the content waits for (`doneWhen`, `convertedWhen`) that nothing in Goyo or in this file
 * sends: not one of Goyo's own events, not a prompt's call-to-action event, not declared as an
 * event of a feature or a milestone. Such an event can only come from the app's own
 * `goyo.track(...)`, so it is a warning, not an error: the collector drops the warnings for events
 * it has received, and what remains is most likely a typo or a call nobody wrote yet.
 *
 * @example
 * unsentEvents(content) // [{ path: ['checklists', 0, 'items', 1, 'doneWhen', 'event'], event: 'Invoice sent', message: '...' }]
 */
export function unsentEvents(content: Content): EventWarning[] {
  const sent = new Set<string>(Object.values(EVENTS))
  for (const prompt of content.prompts) if (prompt.cta.event) sent.add(prompt.cta.event)
  for (const feature of Object.values(content.features)) for (const event of feature.events ?? []) sent.add(event)
  for (const milestone of Object.values(content.milestones)) sent.add(milestone.event)
  const known = [...sent]
  const warn = (event: string, path: ContentPath): EventWarning[] => {
    if (sent.has(event)) return []
    const near = known.find((name) => name.toLowerCase().replace(/\s+/g, ' ') === event.toLowerCase().replace(/\s+/g, ' ').trim())
    const hint = near ? `did you mean "${near}"?` : `make sure the app calls goyo.track("${event}")`
    return [{ path, event, message: `nothing in Goyo or in this file sends "${event}": ${hint}` }]
  }
  return [
    ...content.checklists.flatMap((checklist, c) => checklist.items.flatMap((item, i) => warn(item.doneWhen.event, ['checklists', c, 'items', i, 'doneWhen', 'event']))),
    ...content.prompts.flatMap((prompt, p) => (prompt.convertedWhen ? warn(prompt.convertedWhen.event, ['prompts', p, 'convertedWhen', 'event']) : [])),
  ]
}
