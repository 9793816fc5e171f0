import { type Month, monthStart, addMonths } from './months'

/**
 * One row of `account_revenue_history`: the commercial facts one event carried. A row may carry
 * only some fields (a `group` call with only `plan`); missing fields are null.
 */
export interface RevenueRow {
  accountId: string
  /** Event time, ms since the epoch. */
  at: number
  /** Breaks ties between rows with the same `at`, so the order is total and repeatable. */
  messageId: string
  mrr: number | null
  arr: number | null
  products: readonly string[] | null
}

/** An account's commercial state at an instant. */
export interface AccountState {
  mrr: number
  products: ReadonlySet<string>
}

/** Sorts rows by time, then message id (the order every function below expects). */
export const byTime = (a: RevenueRow, b: RevenueRow) => a.at - b.at || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

/**
 * The MRR a row states, or null when it states none: `mrr`, else `arr / 12` (cs-metrics §5.2
 * works in MRR; billing systems often send only ARR).
 */
export const rowMrr = (row: RevenueRow): number | null => (row.mrr !== null ? row.mrr : row.arr !== null ? row.arr / 12 : null)

/**
 * The account's state at instant `t` (rows at or before `t` count), from its rows sorted by
 * `byTime`: products are the latest non-null products; MRR is that of the latest row that states
 * any revenue (its `mrr`, else its `arr / 12`), 0 before the first one.
 *
 * Deliberate: MRR is taken per row rather than as "latest mrr, else latest arr", so a later row
 * that carries only `arr` replaces an older `mrr` instead of being shadowed by it.
 */
export function stateAt(rows: readonly RevenueRow[], t: number): AccountState {
  let mrr = 0
  let products: readonly string[] = []
  for (const row of rows) {
    if (row.at > t) break
    const m = rowMrr(row)
    if (m !== null) mrr = m
    if (row.products !== null) products = row.products
  }
  return { mrr: Math.max(0, mrr), products: new Set(products) }
}

/** The first instant the account had positive MRR, or null if it never had. */
export function firstPaidAt(rows: readonly RevenueRow[]): number | null {
  for (const row of rows) if ((rowMrr(row) ?? 0) > 0) return row.at
  return null
}

/**
 * The account's state at the end of each month (the last instant before the next month starts,
 * capped at `now` for the month in progress), keyed by month.
 */
export function monthEndStates(rows: readonly RevenueRow[], months: readonly Month[], now: number, timeZone: string): Map<Month, AccountState> {
  return new Map(months.map((m) => [m, stateAt(rows, Math.min(monthStart(addMonths(m, 1), timeZone) - 1, now))]))
}

/** Groups rows by account, each account's rows sorted by `byTime`. */
export function groupByAccount(rows: readonly RevenueRow[]): Map<string, RevenueRow[]> {
  const accounts = new Map<string, RevenueRow[]>()
  for (const row of rows) {
    let list = accounts.get(row.accountId)
    if (!list) accounts.set(row.accountId, (list = []))
    list.push(row)
  }
  for (const list of accounts.values()) list.sort(byTime)
  return accounts
}
