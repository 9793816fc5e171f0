-- The customer-success engine's state per account: tier (with the hysteresis bookkeeping),
-- health, tags and what playbooks enabled. Rewritten on every evaluation of the account.
CREATE TABLE account_state (
  account_id text PRIMARY KEY,
  tier text,
  tier_reason text,
  tier_since timestamptz,
  tier_candidate text,
  tier_candidate_count integer NOT NULL DEFAULT 0,
  health_score double precision,
  health_band text,
  health jsonb,
  active_users integer NOT NULL DEFAULT 0,
  tags jsonb NOT NULL DEFAULT '[]',
  enabled jsonb NOT NULL DEFAULT '{"prompts":[],"checklists":[]}',
  watched_traits jsonb NOT NULL DEFAULT '{}',
  evaluated_at timestamptz
);
CREATE INDEX account_state_tier ON account_state (tier, health_band);

-- One health snapshot per account and day, kept 90 days, for trends and "what changed".
CREATE TABLE health_snapshots (
  account_id text NOT NULL,
  day date NOT NULL,
  score double precision,
  band text NOT NULL,
  tier text,
  measures jsonb NOT NULL,
  PRIMARY KEY (account_id, day)
);

-- Whether each playbook's condition held at the account's last evaluation: a playbook fires on
-- the change from not holding to holding, once per crossing.
CREATE TABLE playbook_state (
  account_id text NOT NULL,
  playbook_id text NOT NULL,
  holding boolean NOT NULL,
  last_fired_at timestamptz,
  PRIMARY KEY (account_id, playbook_id)
);

-- The account's communication history: engine decisions (tier, band, playbooks, CS edits) and
-- the in-product contacts recorded by ingest (prompts, surveys, checklists, milestones).
CREATE TABLE timeline (
  id bigserial PRIMARY KEY,
  account_id text NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  user_key text,
  data jsonb NOT NULL DEFAULT '{}',
  message_id text UNIQUE
);
CREATE INDEX timeline_account_at ON timeline (account_id, at DESC, id DESC);
CREATE INDEX timeline_kind_at ON timeline (kind, at);

-- Webhooks waiting to be delivered. A row is written in the same transaction as the firing, so a
-- crash cannot lose it; a worker delivers and retries it for 24 hours.
CREATE TABLE webhook_outbox (
  id bigserial PRIMARY KEY,
  account_id text NOT NULL,
  playbook_id text NOT NULL,
  url text NOT NULL,
  body text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL,
  lease_until timestamptz,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  failed_at timestamptz,
  last_error text
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
