import { readdirSync, readFileSync } from 'node:fs'
import type { SqlClient } from './sql'

/** A numbered SQL migration, as found in `migrations/NNN_name.sql`. */
export interface Migration {
  id: number
  name: string
  sql: string
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)

/** Reads the migrations shipped with the collector, in order. */
export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .map((file) => ({
      id: Number(file.slice(0, file.indexOf('_'))),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'),
    }))
    .sort((a, b) => a.id - b.id)
}

// Any fixed number works; it only has to be the same for every replica.
const MIGRATION_LOCK = 4_770_501

/**
 * Applies the migrations not yet recorded in `goyo_migrations`, each in the same transaction as
 * its record. An advisory lock makes replicas that start together apply each migration once.
 * @returns the names of the migrations applied now.
 */
export async function migrate(sql: SqlClient, migrations = loadMigrations()): Promise<string[]> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.exec(`CREATE TABLE IF NOT EXISTS goyo_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM goyo_migrations')).map((row) => row.id))
    const applied: string[] = []
    for (const migration of migrations) {
      if (done.has(migration.id)) continue
      await tx.exec(migration.sql)
      await tx.query('INSERT INTO goyo_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name])
      applied.push(migration.name)
    }
    return applied
  })
}
