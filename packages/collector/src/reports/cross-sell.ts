import type { Content } from '@goyo/schema'
import { backtest, byRank, type BacktestResult, type Outcome } from '../cs/backtest'
import { fitPropensity, scoreProfile, type PropensityModel, type Signal } from '../cs/propensity'
import { defineReport } from './context'
import { invalidParameter } from './errors'
import { loadAccountInfo, loadSnapshot, type Snapshot } from './cross-sell-data'
import { addDays } from '../calendar/dates'
import { ratio, round } from './stats'

/** The usage window a profile is read from (cs-metrics §6.1: features used). */
export const CROSS_SELL_WINDOW_DAYS = 90
/** The backtest scores accounts as they were this many days before `to` (the `horizon` parameter). */
export const DEFAULT_HORIZON_DAYS = 30
/** Candidates per page (the `limit` parameter, at most 500). */
export const DEFAULT_LIMIT = 50

export interface Candidate {
  /** 1 for the best score. */
  rank: number
  accountId: string
  name: string | null
  tier: string | null
  band: string | null
  arr: number | null
  /** The model's estimate, 0-1, that an account with this usage owns the product. */
  score: number
  /** The features that raise the score most, in words. */
  signals: Signal[]
}

export interface CrossSellProduct {
  product: string
  /** Accounts of the population that own it at `to`, and their share. */
  owners: number
  share: number | null
  /** Features that belong to the product (`features.<name>.product`): never used to predict it. */
  ownFeatures: string[]
  /** The fitted weights (on standardised log usage), largest first; null when too few owners or non-owners. */
  model: { weights: Array<{ feature: string; weight: number }>; ownersMedian: Record<string, number> } | null
  /** How the same method ranked the accounts that acquired the product over the last `horizon` days. */
  backtest: BacktestResult & { asOf: string; horizonDays: number }
  /** Accounts that lack the product, are not red and match the tier, best first: the whole list is `total`, this page `items`. */
  candidates: { total: number; items: Candidate[]; nextCursor: string | null }
}

export interface CrossSellReport {
  /** The population's usage window, ending `to`. */
  window: { from: string; to: string }
  tier: string | null
  /** Accounts with activity in the window: the population the models learn from. */
  accounts: number
  products: CrossSellProduct[]
}

interface Fitted {
  model: PropensityModel | null
  owners: Set<string>
  ownFeatures: string[]
}

/** Fits one product's model on a snapshot, leaving out the product's own features. */
function fit(content: Content, snapshot: Snapshot, product: string): Fitted {
  const ownFeatures = Object.keys(content.features).filter((f) => content.features[f]!.product === product)
  const predictors = Object.keys(content.features).filter((f) => content.features[f]!.product !== product).sort()
  const owners = new Set(snapshot.profiles.filter((p) => snapshot.products.get(p.accountId)?.has(product)).map((p) => p.accountId))
  return { model: fitPropensity(snapshot.profiles, owners, predictors), owners, ownFeatures }
}

/** Scores the accounts of `then` that lacked the product, and checks who owns it in `now`. */
function runBacktest(content: Content, then: Snapshot, now: Snapshot, product: string): BacktestResult {
  const { model, owners } = fit(content, then, product)
  const lacking = then.profiles.filter((p) => !owners.has(p.accountId))
  const acquired = (id: string) => now.products.get(id)?.has(product) === true
  if (!model) return backtest(null, lacking.length, lacking.filter((p) => acquired(p.accountId)).length)
  return backtest(lacking.map((p): Outcome => ({ accountId: p.accountId, score: scoreProfile(model, p, 0).score, acquired: acquired(p.accountId) })))
}

const encodeCursor = (score: number, accountId: string) => Buffer.from(JSON.stringify([score, accountId])).toString('base64url')

function decodeCursor(cursor: string): { score: number; accountId: string } {
  try {
    const [score, accountId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (typeof score === 'number' && typeof accountId === 'string') return { score, accountId }
  } catch {
    // Falls through to the 400 below.
  }
  throw invalidParameter('cursor', 'is not a cursor from a previous page')
}

/**
 * Cross-sell: for each product in the accounts' `products`, a propensity model and the accounts
 * that lack the product ranked by it, with a backtest of the same method.
 *
 * Definitions. Population: accounts with activity in the 90 days ending `to` (account_days);
 * accounts created after `to` or silent through the window are in no denominator. Profile: each
 * account's uses of every content feature in that window (`Feature Used` plus mapped track
 * events). Owners: accounts whose latest `products` at the end of `to` includes the product
 * (revenue history). Model (cs/propensity.ts): L2-regularised logistic regression of ownership on
 * log(1 + uses) of every feature except the product's own (`features.<name>.product`), fitted on
 * the population; none with fewer than 3 owners or 3 non-owners. Score: the model's probability
 * for the account's own profile; signals: the features that raise it most, against the owners'
 * median. Candidates: the population without the product, not red (cs-metrics §6.1 health gate),
 * in `tier` if given, by score (ties by account id), paginated with `limit` (default 50) and
 * `cursor`; `product` keeps one product. Backtest (cs/backtest.ts): the same method on the
 * snapshot of `to − horizon` days (default 30: its own window, ownership then, no data after it),
 * scoring every account that lacked the product then, red ones included; acquirers are those that
 * own it at `to`. AUC, top-decile conversion against the base rate, with counts; with fewer than 5
 * acquirers, the counts only and `status: 'too_few_acquirers'`.
 */
export const crossSell = defineReport<CrossSellReport>({
  description: 'Per product: a propensity model over feature usage, the accounts that lack it ranked with their signals, and a backtest (AUC, top decile)',
  async run({ sql, content, timeZone }, params) {
    const horizon = params.horizon ?? DEFAULT_HORIZON_DAYS
    const limit = params.limit ?? DEFAULT_LIMIT
    const after = params.cursor ? decodeCursor(params.cursor) : null
    const current = await loadSnapshot(sql, content, params.to, CROSS_SELL_WINDOW_DAYS, timeZone)
    const past = await loadSnapshot(sql, content, addDays(params.to, -horizon), CROSS_SELL_WINDOW_DAYS, timeZone)
    const inPopulation = new Set(current.profiles.map((p) => p.accountId))
    const owned = [...current.products].filter(([id]) => inPopulation.has(id)).flatMap(([, set]) => [...set])
    const names = params.product ? [params.product] : [...new Set(owned)].sort()
    const info = await loadAccountInfo(sql, [...inPopulation])

    const products = names.map((product): CrossSellProduct => {
      const { model, owners, ownFeatures } = fit(content, current, product)
      const ranked = model
        ? current.profiles
          .filter((p) => !owners.has(p.accountId))
          .filter((p) => info.get(p.accountId)?.band !== 'red' && (!params.tier || info.get(p.accountId)?.tier === params.tier))
          .map((p) => ({ profile: p, ...scoreProfile(model, p) }))
          .map((c) => ({ ...c, accountId: c.profile.accountId, acquired: false }))
          .sort(byRank)
        : []
      const start = after ? ranked.findIndex((c) => byRank(c, { accountId: after.accountId, score: after.score, acquired: false }) > 0) : 0
      const from = start < 0 ? ranked.length : start
      const page = ranked.slice(from, from + limit)
      const last = page.at(-1)
      return {
        product,
        owners: owners.size,
        share: ratio(owners.size, current.profiles.length),
        ownFeatures,
        model: model && {
          weights: [...model.weights].sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1)).map((w) => ({ feature: w.feature, weight: round(w.weight) })),
          ownersMedian: model.ownersMedian,
        },
        backtest: { asOf: past.asOf, horizonDays: horizon, ...runBacktest(content, past, current, product) },
        candidates: {
          total: ranked.length,
          items: page.map((c, i): Candidate => {
            const account = info.get(c.accountId)
            return {
              rank: from + i + 1, accountId: c.accountId, name: account?.name ?? null, tier: account?.tier ?? null,
              band: account?.band ?? null, arr: account?.arr ?? null, score: round(c.score), signals: c.signals,
            }
          }),
          nextCursor: last && from + page.length < ranked.length ? encodeCursor(last.score, last.accountId) : null,
        },
      }
    })
    return { window: { from: current.from, to: params.to }, tier: params.tier ?? null, accounts: current.profiles.length, products }
  },
  table: (report) =>
    report.products.flatMap((p) =>
      p.candidates.items.map((c) => ({
        product: p.product, rank: c.rank, accountId: c.accountId, name: c.name, tier: c.tier, arr: c.arr, score: c.score,
        signals: c.signals.map((s) => s.text).join('; '),
      })),
    ),
})
