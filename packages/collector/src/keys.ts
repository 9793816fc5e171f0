import type { Keys } from './http/auth'
import type { Store } from './store/store'

/** A random key: a prefix that says what it is for, then 32 bytes of base64url. */
export function generateKey(prefix: 'wk' | 'sk'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return `${prefix}_${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}

/**
 * The workspace keys: from the environment when given; otherwise the ones stored on an earlier
 * start; otherwise new ones, stored so that every later start and every replica uses them.
 * @returns the keys, and whether they were generated now (so the CLI can print them once).
 */
export async function resolveKeys(
  store: Store,
  given: Partial<Keys> = {},
): Promise<{ keys: Keys; generated: boolean }> {
  let generated = false
  const pick = async (name: 'write_key' | 'secret_key', fromEnv: string | undefined, prefix: 'wk' | 'sk') => {
    if (fromEnv) return fromEnv
    const stored = await store.getSetting(name)
    if (stored) return stored
    generated = true
    return store.setSettingOnce(name, generateKey(prefix))
  }
  const writeKey = await pick('write_key', given.writeKey, 'wk')
  const secretKey = await pick('secret_key', given.secretKey, 'sk')
  if (writeKey === secretKey) throw new Error('the write key and the secret key must differ')
  return { keys: { writeKey, secretKey }, generated }
}
