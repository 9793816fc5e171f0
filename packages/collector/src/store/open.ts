import { createSqlStore } from './sql-store'
import type { Store } from './store'

/** Where the collector keeps its data: a PostgreSQL server, or the embedded store in a folder. */
export type StoreLocation = { databaseUrl: string } | { dataDir?: string }

/**
 * Opens the store and applies pending migrations.
 *
 * @example
 * const store = await openStore({ dataDir: './.goyo-data' })
 * const production = await openStore({ databaseUrl: 'postgres://goyo@db/goyo' })
 */
export async function openStore(location: StoreLocation, options: { migrate?: boolean } = {}): Promise<Store> {
  // Each driver is loaded only when used: PGlite alone adds ~45 MB to a collector on PostgreSQL.
  const sql =
    'databaseUrl' in location
      ? await (await import('./postgres')).openPostgres({ connectionString: location.databaseUrl })
      : await (await import('./pglite')).openPglite(location.dataDir)
  const store = createSqlStore(sql)
  if (options.migrate !== false) {
    try {
      await store.migrate()
    } catch (error) {
      await store.close().catch(() => {})
      throw error
    }
  }
  return store
}
