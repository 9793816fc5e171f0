import { openPglite } from './pglite'
import { openPostgres } from './postgres'
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
  const sql =
    'databaseUrl' in location
      ? await openPostgres({ connectionString: location.databaseUrl })
      : await openPglite(location.dataDir)
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
