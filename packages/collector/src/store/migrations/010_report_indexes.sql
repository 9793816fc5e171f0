-- Reports that read raw events, through partial indexes that hold only the few rows they need:
-- each costs an insert only for events of its kind (a survey answer, a group call).

-- NPS counts every respondent, with or without an account, from the answers themselves.
CREATE INDEX events_survey_answers ON events ("timestamp") WHERE type = 'track' AND event = 'Survey Answered';

-- revenue-tiers and ltv place an account in a month by its traits as they were then: the account's
-- group calls, in time order.
CREATE INDEX events_group_calls ON events (account_id, "timestamp") WHERE type = 'group';
