/**
 * Cross-sell propensity: how much an account's usage looks like that of the accounts that own a
 * product. An L2-regularised logistic regression over per-feature usage, fitted on owners against
 * non-owners, gives every account its own score from its own profile; the features of the product
 * itself are never inputs (owning Payroll is what makes an account run payroll, not the reverse).
 * Pure and deterministic: the same profiles give the same model.
 */

/** One account's usage: uses of each feature in the window (missing = 0). */
export interface UsageProfile {
  accountId: string
  uses: Readonly<Record<string, number>>
}

/** A fitted model for one product. */
export interface PropensityModel {
  /** The features it reads, with their weight on standardised log usage (> 0: owners use it more). */
  weights: Array<{ feature: string; weight: number }>
  /** The median uses of each feature among owners, for the signals' wording. */
  ownersMedian: Record<string, number>
  owners: number
  accounts: number
  /** @internal standardisation and intercept */
  _mean: number[]
  _sd: number[]
  _intercept: number
}

/** Why an account scores high: one feature it uses more than owners' median usage would predict. */
export interface Signal {
  feature: string
  uses: number
  ownersMedian: number
  /** uses / ownersMedian, null when owners' median is 0. */
  ratio: number | null
  /** "uses invoices.create 3× the median of owners (12)". */
  text: string
}

/** Fewer owners (or non-owners) than this and no model is fitted: it would only learn noise. */
export const MIN_CLASS_SIZE = 3
/** The ridge penalty on standardised weights; 1 keeps a handful of owners from producing huge weights. */
export const L2_PENALTY = 1
const MAX_ITERATIONS = 50
const TOLERANCE = 1e-9

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/** Linear interpolation between closest ranks, as `percentile_cont(0.5)`. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = (sorted.length - 1) / 2
  const low = sorted[Math.floor(mid)]!
  const high = sorted[Math.ceil(mid)]!
  return low + (high - low) * (mid - Math.floor(mid))
}

/** Solves A x = b (A symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let row = col + 1; row < n; row++) if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    const p = m[col]![col]!
    if (Math.abs(p) < 1e-12) continue
    for (let row = col + 1; row < n; row++) {
      const f = m[row]![col]! / p
      if (f === 0) continue
      for (let k = col; k <= n; k++) m[row]![k]! -= f * m[col]![k]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let row = n - 1; row >= 0; row--) {
    let sum = m[row]![n]!
    for (let k = row + 1; k < n; k++) sum -= m[row]![k]! * x[k]!
    const p = m[row]![row]!
    x[row] = Math.abs(p) < 1e-12 ? 0 : sum / p
  }
  return x
}

/**
 * Fits the model on `profiles` (owners are those in `owners`) over `features`, by Newton's method
 * on the penalised log-likelihood (the intercept is not penalised). Inputs are log(1 + uses),
 * standardised; a feature nobody in the population used carries no information and is left out.
 * Returns null with fewer than {@link MIN_CLASS_SIZE} owners or non-owners.
 *
 * @example
 * const model = fitPropensity(profiles, new Set(['acme', 'globex', 'initech']), ['invoices.create', 'reports.export'])
 */
export function fitPropensity(profiles: readonly UsageProfile[], owners: ReadonlySet<string>, features: readonly string[]): PropensityModel | null {
  const y = profiles.map((p) => (owners.has(p.accountId) ? 1 : 0))
  const positives = y.reduce<number>((sum, v) => sum + v, 0)
  if (positives < MIN_CLASS_SIZE || profiles.length - positives < MIN_CLASS_SIZE) return null
  const raw = features.map((f) => profiles.map((p) => Math.log1p(Math.max(0, p.uses[f] ?? 0))))
  const kept = features.map((_, j) => j).filter((j) => raw[j]!.some((v) => v > 0))
  const mean = kept.map((j) => raw[j]!.reduce((s, v) => s + v, 0) / profiles.length)
  const sd = kept.map((j, k) => Math.sqrt(raw[j]!.reduce((s, v) => s + (v - mean[k]!) ** 2, 0) / profiles.length) || 1)
  const x = profiles.map((_, i) => kept.map((j, k) => (raw[j]![i]! - mean[k]!) / sd[k]!))
  const d = kept.length + 1
  // beta[0] is the intercept, started at the base rate's log-odds.
  const beta = new Array<number>(d).fill(0)
  beta[0] = Math.log(positives / (profiles.length - positives))
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gradient = new Array<number>(d).fill(0)
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0))
    for (let i = 0; i < profiles.length; i++) {
      const row = [1, ...x[i]!]
      const p = sigmoid(row.reduce((s, v, k) => s + v * beta[k]!, 0))
      const w = p * (1 - p)
      for (let a = 0; a < d; a++) {
        gradient[a]! += (y[i]! - p) * row[a]!
        for (let b = 0; b <= a; b++) hessian[a]![b]! += w * row[a]! * row[b]!
      }
    }
    for (let a = 1; a < d; a++) {
      gradient[a]! -= L2_PENALTY * beta[a]!
      hessian[a]![a]! += L2_PENALTY
    }
    hessian[0]![0]! += 1e-9
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) hessian[a]![b] = hessian[b]![a]!
    const step = solve(hessian, gradient)
    let change = 0
    for (let a = 0; a < d; a++) {
      beta[a]! += step[a]!
      change = Math.max(change, Math.abs(step[a]!))
    }
    if (change < TOLERANCE) break
  }
  const ownerProfiles = profiles.filter((p) => owners.has(p.accountId))
  return {
    weights: kept.map((j, k) => ({ feature: features[j]!, weight: beta[k + 1]! })),
    ownersMedian: Object.fromEntries(features.map((f) => [f, median(ownerProfiles.map((p) => p.uses[f] ?? 0))])),
    owners: positives,
    accounts: profiles.length,
    _mean: mean,
    _sd: sd,
    _intercept: beta[0]!,
  }
}

const times = (ratio: number) => (ratio >= 10 ? Math.round(ratio).toString() : (Math.round(ratio * 10) / 10).toString())

/**
 * The model's estimate that an account with this profile owns the product (0-1), and the top
 * `signals` features that raise it most: those with a positive weight whose contribution, weight ×
 * the account's standardised usage, is positive, largest first.
 */
export function scoreProfile(model: PropensityModel, profile: UsageProfile, signals = 3): { score: number; signals: Signal[] } {
  let z = model._intercept
  const contributions: Array<{ feature: string; contribution: number }> = []
  model.weights.forEach(({ feature, weight }, k) => {
    const value = (Math.log1p(Math.max(0, profile.uses[feature] ?? 0)) - model._mean[k]!) / model._sd[k]!
    z += weight * value
    if (weight > 0 && value > 0) contributions.push({ feature, contribution: weight * value })
  })
  contributions.sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1))
  return {
    score: sigmoid(z),
    signals: contributions.slice(0, signals).map(({ feature }) => {
      const uses = profile.uses[feature] ?? 0
      const ownersMedian = model.ownersMedian[feature] ?? 0
      const ratio = ownersMedian > 0 ? uses / ownersMedian : null
      const text = ratio === null
        ? `uses ${feature} ${uses} times; the median owner never does`
        : `uses ${feature} ${times(ratio)}× the median of owners (${uses} vs ${Math.round(ownersMedian * 10) / 10})`
      return { feature, uses, ownersMedian, ratio: ratio === null ? null : Math.round(ratio * 100) / 100, text }
    }),
  }
}
