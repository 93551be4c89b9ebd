-- An ended case archived in one row (issue 8, docs/performance.md, decision 0018). When a case
-- ends, what is only read from then on moves into case_archive as one zstd frame (bytea; TOAST's
-- own pglz made ≈14.6 KB of what zstd makes ≈8 KB): its final engine state (the cases row keeps
-- an empty state), its closed tasks and its audit records (every stored field as it was). The
-- history has its own packed row (migration 0070).
CREATE TABLE case_archive (
  case_id BIGINT PRIMARY KEY REFERENCES cases (id),
  data BYTEA NOT NULL
);
-- Where an archived task is, by its global id (task pages, the audit's submitted values). Ids
-- are never reused: tasks.id comes from a sequence.
CREATE TABLE packed_tasks (
  id BIGINT PRIMARY KEY,
  case_id BIGINT NOT NULL
);
-- What an archived case's audit records span (numbers, times) and hold (persons, actions,
-- outcomes, each set written "\tname\tname\t"): a filtered audit query unpacks only the cases
-- that may match, newest last record first.
CREATE TABLE audit_packed_cases (
  case_id BIGINT PRIMARY KEY,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  persons TEXT NOT NULL,
  actions TEXT NOT NULL,
  outcomes TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_packed_cases_last ON audit_packed_cases (last_seq);
