/**
 * Compiles a content-file path pattern: `*` matches within one path segment, `**` across
 * segments, everything else literally; the whole path must match (as the collector reads it).
 *
 * @example
 * urlPattern('/reports/*\/export').test('/reports/42/export') // true
 */
export const urlPattern = (pattern: string): RegExp =>
  RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*?/g, (stars) => (stars[1] ? '.*' : '[^/]*'))}$`)
