/**
 * The path past one PostgreSQL (README, "Scale"): `events` can become a table partitioned by
 * month without changing a query of the collector. The schema is converted in a database of its
 * own, then ingest, the fold and reports run on it unchanged, duplicates included.
 */
import type { Event } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { createTestDatabase, postgresUrl } from '../../../../test/_util/stores'
import { normalizeEvents } from '../ingest/normalize'
import { runReport } from '../reports/index'
import { overview } from '../reports/overview'
import { foldPolicy } from '../rollup/policy'
import { EMPTY_CONTENT } from '../content/source'
import { migrate } from './migrate'
import { openPostgres } from './postgres'
import { createSqlStore } from './sql-store'

/**
 * The conversion an operator runs: a partitioned `events` keyed (message_id, timestamp), as
 * PostgreSQL requires the partition key in every unique key, and messageIds deduplicated by a
 * narrow `message_ids` table that a trigger fills (a duplicate row is skipped, as ON CONFLICT
 * DO NOTHING would). pg_partman can create the monthly partitions ahead of time.
 */
const PARTITION_EVENTS = `
  ALTER TABLE events RENAME TO events_flat;
  ALTER SEQUENCE events_seq_seq OWNED BY NONE;
  CREATE TABLE events (LIKE events_flat INCLUDING DEFAULTS) PARTITION BY RANGE ("timestamp");
  ALTER TABLE events ADD PRIMARY KEY (message_id, "timestamp");
  CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
  CREATE TABLE events_2026_03 PARTITION OF events FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
  CREATE TABLE events_later PARTITION OF events DEFAULT;
  INSERT INTO events SELECT * FROM events_flat;
  DROP TABLE events_flat;
  CREATE INDEX events_user ON events (user_id) WHERE user_id IS NOT NULL;
  CREATE INDEX events_anonymous ON events (anonymous_id) WHERE anonymous_id IS NOT NULL;
  CREATE INDEX events_time ON events ("timestamp");
  CREATE INDEX events_seq ON events (seq);
  CREATE INDEX events_xid ON events USING brin (xid) WITH (pages_per_range = 8, autosummarize = on);
  CREATE TABLE message_ids (message_id text PRIMARY KEY);
  CREATE FUNCTION events_dedupe() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO message_ids VALUES (NEW.message_id) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN RETURN NULL; END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER events_dedupe BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_dedupe();
`

const use = (messageId: string, userId: string, day: string) => ({
  type: 'track', event: 'Feature Used', userId, messageId, timestamp: `${day}T10:00:00Z`,
  properties: { feature: 'invoices' }, context: { groupId: 'acme' },
})
const events = (list: Array<Record<string, unknown>>) => normalizeEvents(list as Event[], list, {}, new Date('2026-03-20T12:00:00Z'))

describe.skipIf(!postgresUrl && process.env.GOYO_REQUIRE_POSTGRES !== '1')('events partitioned by month on PostgreSQL', () => {
  it('takes ingest, the fold and reports without a changed query, and still stores each messageId once', async () => {
    const sql = await openPostgres({ connectionString: await createTestDatabase() })
    try {
      await migrate(sql)
      await sql.exec(PARTITION_EVENTS)
      const store = createSqlStore(sql)
      const policy = foldPolicy(EMPTY_CONTENT)
      const batch = events([use('feb', 'u1', '2026-02-27'), use('mar', 'u2', '2026-03-02'), use('apr', 'u1', '2026-04-02'), use('mar', 'u2', '2026-03-02')])
      expect((await store.appendEvents(batch, { policy })).inserted).toBe(3)
      // A retry, in another transaction: stored and counted once.
      expect((await store.appendEvents(batch, { policy })).inserted).toBe(0)
      const partitions = await sql.query<{ name: string; n: number }>(
        `SELECT tableoid::regclass::text AS name, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1`,
      )
      expect(partitions.map((row) => [row.name, Number(row.n)])).toEqual([['events_2026_02', 1], ['events_2026_03', 1], ['events_later', 1]])
      const { result } = await runReport('adoption', { sql, content: EMPTY_CONTENT, now: new Date('2026-04-03T00:00:00Z'), timeZone: 'UTC' }, { from: '2026-02-01', to: '2026-04-03' })
      const adoption = result as { features: Array<{ feature: string; uses: number; users: number }> }
      expect(adoption.features.find((row) => row.feature === 'invoices')).toMatchObject({ uses: 3, users: 2 })
      expect((await overview(sql, {}, 'UTC')).events).toBe(3)
    } finally {
      await sql.close()
    }
  })
})
