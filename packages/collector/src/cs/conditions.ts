import type { Comparison, Condition } from '@goyo/schema'

/** What a condition can look at: an account's traits and its usage measures. */
export interface ConditionFacts {
  traits: Record<string, unknown>
  /** A usage measure over the last `withinDays` days (default 30), optionally for one feature. */
  usage(measure: string, feature: string | undefined, withinDays: number): number
}

/**
 * Which way thresholds lean, for hysteresis: `tighten` makes a rule harder to pass by `margin`
 * (a tier the account is not in), `loosen` easier (the tier it is in).
 */
export type Bias = { margin: number; direction: 'tighten' | 'loosen' } | undefined

/** The outcome of a condition, with a sentence saying why. */
export interface Verdict {
  pass: boolean
  reason: string
}

const shift = (value: number, bias: Bias, makeHarder: 'up' | 'down'): number => {
  if (!bias || bias.margin === 0) return value
  const harder = bias.direction === 'tighten'
  const factor = (makeHarder === 'up') === harder ? 1 + bias.margin : 1 - bias.margin
  return value * factor
}

const fmt = (value: unknown) => (typeof value === 'number' ? Number(value.toFixed(2)).toString() : JSON.stringify(value))

/** Compares one value; numbers from traits may arrive as numeric strings. */
export function compare(label: string, actual: unknown, rule: Comparison, bias: Bias): Verdict {
  const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN
  const checks: Verdict[] = []
  const numeric = (op: string, limit: number | undefined, test: (a: number, b: number) => boolean, harder: 'up' | 'down') => {
    if (limit === undefined) return
    const threshold = shift(limit, bias, harder)
    const pass = Number.isFinite(number) && test(number, threshold)
    checks.push({ pass, reason: `${label} ${Number.isFinite(number) ? fmt(number) : 'missing'} ${pass ? op : `not ${op}`} ${fmt(threshold)}` })
  }
  numeric('≥', rule.gte, (a, b) => a >= b, 'up')
  numeric('>', rule.gt, (a, b) => a > b, 'up')
  numeric('≤', rule.lte, (a, b) => a <= b, 'down')
  numeric('<', rule.lt, (a, b) => a < b, 'down')
  if (rule.eq !== undefined) {
    const pass = actual === rule.eq || (typeof rule.eq === 'number' && number === rule.eq)
    checks.push({ pass, reason: `${label} ${fmt(actual)} ${pass ? '=' : '≠'} ${fmt(rule.eq)}` })
  }
  if (rule.in !== undefined) {
    const pass = rule.in.some((option) => option === actual || (typeof option === 'number' && option === number))
    checks.push({ pass, reason: `${label} ${fmt(actual)} ${pass ? 'in' : 'not in'} ${fmt(rule.in)}` })
  }
  if (checks.length === 0) {
    // A bare { trait: "strategic" } means the trait is set and truthy.
    const pass = actual !== undefined && actual !== null && actual !== false && actual !== ''
    return { pass, reason: `${label} ${pass ? 'is set' : 'is not set'}` }
  }
  const failed = checks.find((check) => !check.pass)
  return failed ?? { pass: true, reason: checks.map((check) => check.reason).join(' and ') }
}

/**
 * Evaluates a tier rule or audience rule against an account. Pure: facts come in, a verdict with
 * its reason goes out.
 *
 * @example
 * evaluate({ trait: 'arr', gte: 50000 }, { traits: { arr: 90000 }, usage: () => 0 })
 * // { pass: true, reason: 'arr 90000 ≥ 50000' }
 */
export function evaluate(condition: Condition, facts: ConditionFacts, bias?: Bias): Verdict {
  if ('all' in condition) {
    const verdicts = condition.all.map((inner) => evaluate(inner, facts, bias))
    const failed = verdicts.find((verdict) => !verdict.pass)
    return failed ?? { pass: true, reason: verdicts.map((v) => v.reason).join(' and ') }
  }
  if ('any' in condition) {
    const verdicts = condition.any.map((inner) => evaluate(inner, facts, bias))
    const passed = verdicts.find((verdict) => verdict.pass)
    return passed ?? { pass: false, reason: verdicts.map((v) => v.reason).join(' and ') }
  }
  if ('not' in condition) {
    const flipped: Bias = bias && { ...bias, direction: bias.direction === 'tighten' ? 'loosen' : 'tighten' }
    const inner = evaluate(condition.not, facts, flipped)
    return { pass: !inner.pass, reason: `not (${inner.reason})` }
  }
  if ('trait' in condition) return compare(condition.trait, facts.traits[condition.trait], condition, bias)
  const days = condition.withinDays ?? 30
  const label = `${condition.usage}${condition.feature ? `(${condition.feature})` : ''} in ${days}d`
  return compare(label, facts.usage(condition.usage, condition.feature, days), condition, bias)
}
