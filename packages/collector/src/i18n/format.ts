/**
 * Numbers, money, dates and durations written the way a language writes them, through `Intl`.
 * Every function takes null (a rate with nothing to divide by, a quantile not reached) and answers
 * {@link MISSING}; none ever prints "-0": a value that rounds to zero is zero.
 */

/** What a missing value looks like in every language. */
export const MISSING = '–'

type Value = number | null | undefined

export interface FormatOptions {
  /** IANA time zone that dates are written in. Default `UTC`, where reports cut days. */
  timeZone?: string
}

/** The formatting functions of one locale. */
export interface Format {
  readonly locale: string
  /** A count or amount, grouped: 12,345 / 12,345; at most `digits` decimals (default 0). */
  number(value: Value, digits?: number): string
  /** A signed change: +3 / −2 / 0. */
  signed(value: Value, digits?: number): string
  /** A ratio as a percentage: 0.1234 → 12% (`digits` decimals, default 0). */
  percent(ratio: Value, digits?: number): string
  /** Short scale for axes: 692k / 69万. */
  compact(value: Value): string
  /** An amount of money: with an ISO currency code in that currency, else a number with 2 decimals at most. */
  money(value: Value, currency?: string): string
  /** A calendar day (YYYY-MM-DD, an ISO instant or a Date): May 17, 2026 / 2026/05/17. */
  date(value: string | Date | null | undefined): string
  /** A day in a chart's axis: May 17 / 5/17. */
  day(value: string | Date): string
  /** An instant, to the minute, with its time zone's name. */
  dateTime(value: string | Date | null | undefined): string
  /** A month (YYYY-MM): May 2026 / 2026年5月. */
  month(value: string): string
  /** A month in a chart's axis: May 26 / 26年5月. */
  monthShort(value: string): string
  /** A duration in hours: hours below two days, else days (3.5 hr, 2.1 days / 3.5 時間, 2.1 日). */
  hours(value: Value): string
  /** Items joined as a sentence does: a, b, and c / a、b、c. */
  list(items: readonly string[]): string
}

/** Rounds to `digits` decimals so that a tiny negative becomes 0, not -0. */
const rounded = (value: number, digits: number) => {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale + 0
}
const present = (value: Value): value is number => typeof value === 'number' && Number.isFinite(value)

/** Turns YYYY-MM-DD and YYYY-MM into the instant they start (UTC), leaving instants alone. */
function instant(value: string | Date): Date {
  if (value instanceof Date) return value
  if (/^\d{4}-\d{2}$/.test(value)) return new Date(`${value}-01T00:00:00Z`)
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`)
  return new Date(value)
}

/**
 * The formatting functions of `locale` (a BCP 47 tag `Intl` knows). Calendar days and months from
 * reports (YYYY-MM-DD, YYYY-MM) are written as they are, whatever the time zone; instants in `timeZone`.
 *
 * @example
 * const f = createFormat('ja')
 * f.percent(0.1234) // '12%'
 * f.hours(60) // '2.5 日'
 */
export function createFormat(locale: string, options: FormatOptions = {}): Format {
  const timeZone = options.timeZone ?? 'UTC'
  const numbers = new Map<string, Intl.NumberFormat>()
  const numberFormat = (key: string, make: () => Intl.NumberFormat) => {
    let format = numbers.get(key)
    if (!format) numbers.set(key, (format = make()))
    return format
  }
  const plain = (digits: number) => numberFormat(`n${digits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }))
  const calendar = (shape: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...shape, timeZone: 'UTC' })
  const dateFormat = calendar({ dateStyle: 'medium' })
  const dayFormat = calendar({ month: 'short', day: 'numeric' })
  const monthFormat = calendar({ year: 'numeric', month: 'long' })
  const monthShortFormat = calendar({ year: '2-digit', month: 'short' })
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone, hourCycle: 'h23' })
  const zoneName = timeZone === 'UTC' ? 'UTC' : timeZone
  const listFormat = new Intl.ListFormat(locale, { type: 'conjunction' })

  const format: Format = {
    locale,
    number: (value, digits = 0) => (present(value) ? plain(digits).format(rounded(value, digits)) : MISSING),
    signed: (value, digits = 0) =>
      present(value) ? numberFormat(`s${digits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: 'exceptZero' })).format(rounded(value, digits)) : MISSING,
    percent: (ratio, digits = 0) =>
      present(ratio)
        ? numberFormat(`p${digits}`, () => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })).format(rounded(ratio, digits + 2))
        : MISSING,
    compact: (value) => (present(value) ? numberFormat('c', () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 })).format(rounded(value, 2)) : MISSING),
    money: (value, currency) => {
      if (!present(value)) return MISSING
      if (!currency) return plain(2).format(rounded(value, 2))
      return numberFormat(`m${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(rounded(value, 2))
    },
    date: (value) => (value === null || value === undefined ? MISSING : dateFormat.format(instant(value))),
    day: (value) => dayFormat.format(instant(value)),
    dateTime: (value) => (value === null || value === undefined ? MISSING : `${dateTimeFormat.format(instant(value))} ${zoneName}`),
    month: (value) => monthFormat.format(instant(value)),
    monthShort: (value) => monthShortFormat.format(instant(value)),
    hours: (value) => {
      if (!present(value)) return MISSING
      const [unit, amount] = value < 48 ? ['hour', value] : ['day', value / 24]
      return numberFormat(unit, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 })).format(rounded(amount, 1))
    },
    list: (items) => listFormat.format(items),
  }
  return format
}
