/**
 * @module
 * Goyo's shared schema: the Segment-compatible wire format, the content file, and the limits.
 * The collector validates with these schemas; the SDK imports the types only.
 *
 * @example
 * import { batchSchema, validate } from '@goyo/schema'
 * const result = validate(batchSchema, JSON.parse(body))
 */
export * from './limits'
export * from './parameters'
export * from './names'
export * from './event'
export * from './batch'
export * from './issues'
export * from './content'
export * from './locales'
export * from './messages'
export * from './content-references'
export * from './json-lines'
