/**
 * A small seeded pseudo-random generator, so that one seed always writes the same demo history.
 * mulberry32: 32 bits of state, fast, and good enough for made-up data (not for anything secret).
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  /** A float in [min, max). */
  between(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** A log-normal draw with the given median; `spread` is the σ of the underlying normal. */
  logNormal(median: number, spread: number): number
  /** A generator of its own, derived from this seed and `label`, so that parts stay stable when others change. */
  fork(label: string): Random
}

/** Creates a generator from a numeric seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const random: Random = {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    logNormal(median, spread) {
      // Box-Muller; 1 - next() keeps the logarithm away from 0.
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
      return median * Math.exp(spread * normal)
    },
    fork: (label) => createRandom(hashSeed(`${seed}:${label}`)),
  }
  return random
}

/** FNV-1a of a string, as a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
