import type { SqlClient } from './sql'

/**
 * Keeps the log's xid index (a BRIN, migration 007) useful to the fold's queries, which find the
 * unfolded tail through it: every report, account read and content answer asks whether anything
 * is unfolded first, and a fold reads the tail. Without this, both read the whole log.
 *
 * Two things can make PostgreSQL read the whole log instead:
 * - BRIN ranges not summarised yet match every query. PostgreSQL's autovacuum summarises new
 *   ranges within about a minute (autosummarize); PGlite has no autovacuum at all.
 * - A table without statistics gets a default estimate (a third of the rows match), and a scan of
 *   the whole table wins. PGlite never analyses by itself either.
 */

/**
 * Summarises the BRIN ranges written since the last call: a cost of the pages written since.
 * Waits at most 100 ms for the lock it needs (held by autovacuum, or another replica doing the
 * same), then leaves it for the next fold: a BRIN that lags only costs the fold time.
 */
export async function summarizeNewLogRanges(sql: SqlClient): Promise<void> {
  // One statement in its own transaction: the timeout ends with it, and a lock it could not
  // take is not an error.
  // A log partitioned by time (README, "Past one PostgreSQL") has one BRIN per partition.
  await sql.exec(`DO $$ DECLARE brin regclass; BEGIN
    SET LOCAL lock_timeout = '100ms';
    FOR brin IN
      SELECT i.indexrelid::regclass FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
      WHERE am.amname = 'brin' AND c.relkind = 'i'
        AND i.indrelid IN (SELECT 'events'::regclass UNION ALL SELECT inhrelid FROM pg_inherits WHERE inhparent = 'events'::regclass)
    LOOP
      PERFORM brin_summarize_new_values(brin);
    END LOOP;
  EXCEPTION WHEN lock_not_available THEN NULL;
  END $$`)
}

/** Pages past the size at the last ANALYZE, before the next: autovacuum's threshold, roughly. */
const ANALYZE_AFTER_PAGES = 100

/**
 * Analyses the log when it has no statistics yet, or has more than doubled since they were
 * taken (what autovacuum would do, which PGlite lacks and a fresh PostgreSQL table waits for).
 * The fold's tail queries then estimate their few rows as few, and use the index.
 */
export async function refreshLogStatistics(sql: SqlClient): Promise<void> {
  const [row] = await sql.query<{ reltuples: number; relpages: number; pages: number | string }>(
    `SELECT reltuples, relpages, pg_relation_size(oid) / current_setting('block_size')::int AS pages
     FROM pg_class WHERE oid = 'events'::regclass`,
  )
  if (!row) return
  const pages = Number(row.pages)
  const stale = row.reltuples < 0 ? pages > 0 : pages > 2 * row.relpages + ANALYZE_AFTER_PAGES
  if (stale) await sql.exec('ANALYZE events')
}
