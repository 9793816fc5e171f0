import { setFlagsFromString } from 'node:v8'

/**
 * How much V8 lets the old generation grow past what survived the last full collection, in
 * percent. V8's own factor (up to 4× when garbage collection is fast) suits short programs;
 * under sustained ingest the collector's heap then grew to about 130 MB of mostly garbage around
 * a live heap of 35 MB (test/bench/RESULTS.md). 30 % keeps the peak near the live size for a few
 * more, cheap, full collections.
 */
export const HEAP_GROWING_PERCENT = 30

let applied = false

/**
 * Keeps a long-running collector's heap close to its live size. Process-wide, so only the Node
 * server entry (`serve`) calls it; a program that embeds the collector otherwise keeps V8's defaults.
 */
export function limitHeapGrowth(): void {
  if (applied) return
  applied = true
  // A flag V8 reads at every full collection, so setting it after start-up takes effect.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
