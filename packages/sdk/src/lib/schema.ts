/**
 * The schema constants the SDK uses, imported from their own files rather than from
 * `@goyo/schema`'s index: the index also builds zod schemas at module load, and reaching them
 * through it would tie the script-tag bundle (and its size) to everything else the schema
 * package grows. Types still come from `@goyo/schema` with `import type`.
 *
 * @internal
 */
export { EVENTS } from '../../../schema/src/names'
export { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from '../../../schema/src/limits'
