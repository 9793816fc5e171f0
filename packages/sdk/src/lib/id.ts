let counter = 0

/**
 * Random hex string of `bytes` bytes, from the platform CSPRNG when there is one.
 *
 * @example
 * randomHex(16) // '9f86d081884c7d659a2feaa0c55ad015': an anonymous id
 */
export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes)
  // Every browser the SDK targets (ES2021) has it, workers too; elsewhere the id is all zeros rather than a crash.
  ;(globalThis as { crypto?: Crypto }).crypto?.getRandomValues(buf)
  let out = ''
  for (const b of buf) out += (b | 256).toString(16).slice(1) // `| 256` then slice: zero-padded
  return out
}

/**
 * A message id that sorts by creation time: base-36 milliseconds, a per-page counter, then 64
 * random bits. The queue uses it as its IndexedDB key, so key order is send order across tabs.
 *
 * @example
 * messageId(1_700_000_000_000) // 'loyw3v28-0001-9f86d081884c7d65'
 */
export function messageId(now: number = Date.now()): string {
  counter = (counter + 1) % 1679616 // 36^4: the counter stays four characters wide
  return `${now.toString(36).padStart(9, '0')}-${counter.toString(36).padStart(4, '0')}-${randomHex(8)}`
}
