import { idParameter } from '@goyo/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Engine } from '../cs/scheduler'
import { eraseUser } from '../store/erase'
import type { Store } from '../store/store'
import { guardSecretKey, type SecretKeyGate } from './auth'
import { HttpError } from './errors'
import { parseWith } from './query'

const userPath = z.strictObject({ userId: idParameter })

/** `DELETE /v1/users/:userId` (secret key): erases a user and everything derived from them. */
export function userRoutes(deps: SecretKeyGate & { store: Store; engine?: Engine }) {
  const app = new Hono()
  app.use('*', async (c, next) => {
    guardSecretKey(c, deps)
    await next()
  })
  app.delete('/:userId', async (c) => {
    const { userId } = parseWith(userPath, c.req.param(), 'path')
    const { removed, accounts } = await eraseUser(deps.store.sql, userId)
    const total = Object.values(removed).reduce((sum, n) => sum + n, 0)
    if (total === 0) throw new HttpError(404, 'not_found', `no data for user ${userId}`)
    // The accounts' health and active users changed: evaluate them again without waiting.
    deps.engine?.markDirty(accounts)
    return c.json({ userId, removed })
  })
  return app
}
