import pg from 'pg'
import { StoreUnavailableError } from '../../packages/collector/src/store/errors'
import { migrate } from '../../packages/collector/src/store/migrate'
import { openPglite } from '../../packages/collector/src/store/pglite'
import { openPostgres } from '../../packages/collector/src/store/postgres'
import type { SqlClient } from '../../packages/collector/src/store/sql'
import { createSqlStore } from '../../packages/collector/src/store/sql-store'
import type { Store } from '../../packages/collector/src/store/store'

/** A store under test, and how to get a fresh, empty one. */
export interface StoreCase {
  name: 'pglite' | 'postgres'
  /** An empty, migrated store. Closing it makes it unavailable, like a database that went away. */
  open(): Promise<Store>
}

const POSTGRES_URL = process.env.TEST_DATABASE_URL
const REQUIRE_POSTGRES = process.env.GOYO_REQUIRE_POSTGRES === '1'

/**
 * Creates a database of its own on the server named by TEST_DATABASE_URL, so parallel test files
 * never see each other's rows; it is dropped when the worker exits.
 */
async function createTestDatabase(): Promise<string> {
  if (!POSTGRES_URL) throw new Error('GOYO_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL suite cannot run')
  const name = `goyo_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Opening PGlite costs about a second, so each test worker keeps one database per store kind and
 * empties it for every test instead. What a test sees is a fresh store all the same.
 */
function leased(openShared: () => Promise<SqlClient>): () => Promise<Store> {
  let shared: Promise<SqlClient> | undefined
  return async () => {
    shared ??= openShared().then(async (sql) => {
      await migrate(sql)
      return sql
    })
    const sql = await shared
    const tables = await sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goyo_migrations'`,
    )
    if (tables.length > 0) await sql.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY`)
    let closed = false
    const check = () => {
      if (closed) throw new StoreUnavailableError('the test store was closed')
    }
    const lease: SqlClient = {
      dialect: sql.dialect,
      query: async (text, params) => (check(), sql.query(text, params)),
      exec: async (script) => (check(), sql.exec(script)),
      transaction: async (fn) => (check(), sql.transaction(fn)),
      close: async () => {
        closed = true
      },
    }
    return createSqlStore(lease)
  }
}

/**
 * The stores every storage test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 * With GOYO_REQUIRE_POSTGRES=1 (as in CI) a missing server fails the suite instead of skipping it.
 */
export const storeCases: StoreCase[] = [
  { name: 'pglite', open: leased(() => openPglite()) },
  ...(POSTGRES_URL || REQUIRE_POSTGRES
    ? [{ name: 'postgres' as const, open: leased(async () => openPostgres({ connectionString: await createTestDatabase() })) }]
    : []),
]

/** The connection string of the test server, for tests that need a database of their own. */
export const postgresUrl = POSTGRES_URL
export { createTestDatabase }
