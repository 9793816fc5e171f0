/**
 * Typed message catalogs. One language's catalog is the source (English); every other language is
 * a `Translation` of it, so the compiler refuses a missing key, an extra key, or a message whose
 * parameters differ. Messages are plain strings or functions of typed parameters (counts, names,
 * already formatted numbers), so word order and plurals stay the translator's.
 *
 * @example
 * const en = { greeting: 'Hello', items: (n: number) => `${n} items` }
 * const ja: Translation<typeof en> = { greeting: 'こんにちは', items: (n) => `${n} 件` }
 * const catalogs: Record<'en' | 'ja', Translation<typeof en>> = { en, ja }
 */

/** A message: a string, or a function of its parameters that returns one. */
export type Message = string | ((...args: any[]) => string)

/** A tree of messages, grouped by page or concern. */
export interface MessageTree {
  readonly [key: string]: Message | MessageTree
}

/** The shape another language must give a source catalog: the same keys, each message of the same kind and parameters. */
export type Translation<Source> = {
  readonly [K in keyof Source]: Source[K] extends string
    ? string
    : Source[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Translation<Source[K]>
}

/**
 * Every plain string of a catalog with its dotted key (functions left out): what tests compare
 * across languages, e.g. that a Japanese page shows none of the English strings.
 *
 * @example
 * catalogStrings({ nav: { home: 'Home' } }) // [['nav.home', 'Home']]
 */
export function catalogStrings(tree: MessageTree | Translation<unknown>, prefix = ''): Array<[string, string]> {
  const found: Array<[string, string]> = []
  for (const [key, value] of Object.entries(tree as MessageTree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') found.push([path, value])
    else if (typeof value === 'object' && value !== null) found.push(...catalogStrings(value, path))
  }
  return found
}
