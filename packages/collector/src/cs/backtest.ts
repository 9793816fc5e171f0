/**
 * How well a ranking predicted who acquired a product: the numbers a PM reads before acting on it.
 * Pure; the cross-sell report supplies scores made with data from before the horizon.
 */

/** One account scored at the start of the horizon, and whether it acquired the product by its end. */
export interface Outcome {
  accountId: string
  score: number
  acquired: boolean
}

/** Below this many acquirers a backtest says so instead of giving numbers that would be noise. */
export const MIN_ACQUIRERS = 5

export interface BacktestResult {
  /** Accounts scored (they lacked the product at the start) and those of them that acquired it. */
  scored: number
  acquirers: number
  /** `ok`, or why there are no numbers. */
  status: 'ok' | 'too_few_acquirers' | 'no_model'
  /** Probability that an acquirer outranks a non-acquirer (ties count half); 0.5 is chance. */
  auc: number | null
  /** The top tenth of the ranking (⌈scored / 10⌉ accounts) and its acquirers. */
  topDecile: { accounts: number; acquirers: number; rate: number | null }
  /** acquirers / scored. */
  baseRate: number | null
  /** topDecile.rate / baseRate. */
  lift: number | null
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000

/** Ranks highest score first, ties by account id, so the top decile is repeatable. */
export const byRank = (a: Outcome, b: Outcome) => b.score - a.score || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)

/**
 * The area under the ROC curve by Mann-Whitney: over every (acquirer, non-acquirer) pair, the share
 * where the acquirer scored higher, ties counted as one half. Null without both kinds.
 */
export function auc(outcomes: readonly Outcome[]): number | null {
  const sorted = [...outcomes].sort((a, b) => a.score - b.score)
  let positives = 0
  let rankSum = 0
  // Average ranks over ties (1-based).
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++
    const rank = (i + 1 + j) / 2
    for (let k = i; k < j; k++) if (sorted[k]!.acquired) {
      positives++
      rankSum += rank
    }
    i = j
  }
  const negatives = sorted.length - positives
  if (positives === 0 || negatives === 0) return null
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * Summarises a backtest. With `outcomes` null (no model could be fitted at the start) or fewer than
 * {@link MIN_ACQUIRERS} acquirers, the counts are given and every rate is null.
 *
 * @example
 * backtest([{ accountId: 'a', score: 0.9, acquired: true }, ...])
 */
export function backtest(outcomes: readonly Outcome[] | null, scoredWithoutModel = 0, acquirersWithoutModel = 0): BacktestResult {
  if (outcomes === null) {
    return { scored: scoredWithoutModel, acquirers: acquirersWithoutModel, status: 'no_model', auc: null, topDecile: { accounts: 0, acquirers: 0, rate: null }, baseRate: null, lift: null }
  }
  const ranked = [...outcomes].sort(byRank)
  const acquirers = ranked.filter((o) => o.acquired).length
  const top = ranked.slice(0, Math.ceil(ranked.length / 10))
  const topAcquirers = top.filter((o) => o.acquired).length
  if (acquirers < MIN_ACQUIRERS) {
    return { scored: ranked.length, acquirers, status: 'too_few_acquirers', auc: null, topDecile: { accounts: top.length, acquirers: topAcquirers, rate: null }, baseRate: null, lift: null }
  }
  const baseRate = acquirers / ranked.length
  const topRate = topAcquirers / top.length
  const area = auc(ranked)
  return {
    scored: ranked.length,
    acquirers,
    status: 'ok',
    auc: area === null ? null : round4(area),
    topDecile: { accounts: top.length, acquirers: topAcquirers, rate: round4(topRate) },
    baseRate: round4(baseRate),
    lift: round4(topRate / baseRate),
  }
}
