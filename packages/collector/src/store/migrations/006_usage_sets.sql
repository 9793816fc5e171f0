-- Who did what on each day, as bitmaps over dense numbers for users and accounts. The number of
-- distinct users or accounts over any period is the popcount of the OR of its days' bitmaps, so
-- adoption, stickiness and cross-sell cost (days × things) instead of rows of history.
-- Built from usage_daily by store/usage-sets.ts for the days that ingest marked as changed.

-- Dense numbers: bit n of a bitmap stands for the unit numbered n. Only identified users and
-- real accounts get one (anonymous visitors and '' never count as users or accounts). Numbers
-- come from sequences, so an erased user's number is never given to someone else.
CREATE SEQUENCE user_ordinals MINVALUE 0 START 0;
CREATE SEQUENCE account_ordinals MINVALUE 0 START 0;
CREATE TABLE unit_ordinals (
  unit text NOT NULL CHECK (unit IN ('user', 'account')),
  key text NOT NULL,
  ordinal integer NOT NULL,
  PRIMARY KEY (unit, key),
  UNIQUE (unit, ordinal)
);

-- One row per UTC day and thing done: kind 'feature' or 'event' (what reports count as uses), or
-- kind and name '*' for any activity that day (page views and Goyo's own events included).
CREATE TABLE usage_sets (
  day date NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  users varbit NOT NULL,
  accounts varbit NOT NULL,
  -- Sum of usage_daily.count, all rows and the rows inside an account.
  uses bigint NOT NULL,
  account_uses bigint NOT NULL,
  PRIMARY KEY (day, kind, name)
);

-- Days whose usage_daily rows changed since their sets were built. Ingest bumps `changes` as the
-- last step of its transaction; the builder deletes the row before reading usage_daily, so a
-- write that commits meanwhile leaves the day marked again (the row lock orders the two).
CREATE TABLE usage_changed_days (
  day date PRIMARY KEY,
  changes bigint NOT NULL
);

-- The builder reads one day of usage_daily at a time. Ingest appends in time order, so a BRIN
-- index finds a day's rows for almost nothing at write time (a btree would cost every insert).
CREATE INDEX usage_daily_day ON usage_daily USING brin (day) WITH (pages_per_range = 16, autosummarize = on);

-- Installations upgraded with history get every day built on first use.
INSERT INTO usage_changed_days (day, changes) SELECT DISTINCT day, 1 FROM usage_daily;
