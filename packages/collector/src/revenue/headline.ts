import type { BridgeSums } from './bridge'
import { daysBetween } from '../calendar/dates'
import { dayOf } from '../calendar/zone'
import { addMonths, monthStart, type Month } from './months'
import { monthRates, type MonthRates } from './rates'

/** One month of the headline: its rates (cs-metrics §5.2) and the bridge figures they come from. */
export interface HeadlineMonth extends MonthRates {
  month: Month
  /** Money in cents, as the bridge. */
  startingMrr: number
  endingMrr: number
  customersAtStart: number
  customersLost: number
  newMrr: number
}

/** What a CFO reads first: the last month that is over, and the one in progress, labelled as such. */
export interface RevenueHeadline {
  /** The latest month of the period that has ended; null when none has. */
  lastCompleteMonth: HeadlineMonth | null
  /** The current month up to `asOf`, when the period reaches it; its rates move until the month ends. */
  monthToDate: (HeadlineMonth & { asOf: string; days: number }) | null
}

const headlineMonth = (month: Month, b: BridgeSums): HeadlineMonth => ({
  month, startingMrr: b.starting, endingMrr: b.ending, customersAtStart: b.customersAtStart, customersLost: b.customersLost,
  newMrr: b.new + b.reactivation, ...monthRates(b),
})

/**
 * Picks the headline months from a period's bridges (`months[i]` ↔ `bridges[i]`): a month is
 * complete once `now` is past its last instant; the month containing `now` is month-to-date, never
 * a headline, so a month one day old cannot show "NRR 100 %". Months, `asOf` and `days` are
 * calendar dates in `timeZone`. Pure.
 *
 * @example
 * revenueHeadline(['2026-11', '2026-12'], bridges, Date.parse('2026-12-01T10:00:00Z'), 'UTC')
 * // lastCompleteMonth: November; monthToDate: December, 1 day
 */
export function revenueHeadline(months: readonly Month[], bridges: readonly BridgeSums[], now: number, timeZone: string): RevenueHeadline {
  let lastCompleteMonth: HeadlineMonth | null = null
  let monthToDate: RevenueHeadline['monthToDate'] = null
  months.forEach((month, i) => {
    const start = monthStart(month, timeZone)
    const end = monthStart(addMonths(month, 1), timeZone)
    if (end <= now) lastCompleteMonth = headlineMonth(month, bridges[i]!)
    else if (start <= now) {
      // Days counted on the calendar: a month with a change of clocks has no 24-hour days to divide by.
      const asOf = dayOf(now, timeZone)
      monthToDate = { ...headlineMonth(month, bridges[i]!), asOf, days: daysBetween(`${month}-01`, asOf) + 1 }
    }
  })
  return { lastCompleteMonth, monthToDate }
}
