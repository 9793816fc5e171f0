import pg from 'pg'

/**
 * Drops the databases the PostgreSQL suite created (one per test worker, named goyo_test_*),
 * after the run and also before it, in case an earlier run was killed.
 */
async function dropTestDatabases(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'goyo\\_test\\_%'")
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
  } catch {
    // A missing server is reported by the suites that need it, with a clearer message.
  } finally {
    await client.end().catch(() => {})
  }
}

export async function setup(): Promise<() => Promise<void>> {
  await dropTestDatabases()
  return dropTestDatabases
}
