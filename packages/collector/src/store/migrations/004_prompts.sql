-- Prompt and survey targeting, written by content delivery (GET /v1/content) and by ingest.

-- The first time an account (and user) was found eligible for a prompt, and whether the account
-- is in the prompt's holdout (control group: eligible but never shown). Lift is computed from it.
CREATE TABLE prompt_eligibility (
  prompt_id text NOT NULL,
  account_id text NOT NULL,
  user_key text NOT NULL,
  holdout boolean NOT NULL,
  first_eligible_at timestamptz NOT NULL,
  PRIMARY KEY (prompt_id, account_id, user_key)
);
CREATE INDEX prompt_eligibility_time ON prompt_eligibility (prompt_id, first_eligible_at);

-- Conversions the collector derived: the prompt's convertedWhen event within withinDays of the
-- account's most recent show (or, for held-out accounts, of its first eligibility).
CREATE TABLE prompt_conversions (
  prompt_id text NOT NULL,
  account_id text NOT NULL,
  user_key text NOT NULL,
  holdout boolean NOT NULL,
  exposed_at timestamptz NOT NULL,
  converted_at timestamptz NOT NULL,
  message_id text NOT NULL,
  PRIMARY KEY (prompt_id, account_id)
);

-- Shows a prompt or survey would have had but for a frequency cap, per day and reason.
CREATE TABLE prompt_suppressions (
  prompt_id text NOT NULL,
  day date NOT NULL,
  reason text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (prompt_id, day, reason)
);
