import { Hono } from 'hono'
import type { Engine } from '../cs/scheduler'
import { eraseUser } from '../store/erase'
import type { Store } from '../store/store'
import { bearerToken, requireSecretKey, type Keys } from './auth'
import { HttpError } from './errors'

/** `DELETE /v1/users/:userId` (secret key): erases a user and everything derived from them. */
export function userRoutes(deps: { store: Store; keys: Keys; engine?: Engine }) {
  const app = new Hono()
  app.use('*', async (c, next) => {
    requireSecretKey(bearerToken(c.req.header('authorization')), deps.keys)
    await next()
  })
  app.delete('/:userId', async (c) => {
    const userId = c.req.param('userId')
    if (userId.length === 0 || userId.length > 255) throw new HttpError(400, 'invalid_user', 'userId must be 1-255 characters')
    const { removed, accounts } = await eraseUser(deps.store.sql, userId)
    const total = Object.values(removed).reduce((sum, n) => sum + n, 0)
    if (total === 0) throw new HttpError(404, 'not_found', `no data for user ${userId}`)
    // The accounts' health and active users changed: evaluate them again without waiting.
    deps.engine?.markDirty(accounts)
    return c.json({ userId, removed })
  })
  return app
}
