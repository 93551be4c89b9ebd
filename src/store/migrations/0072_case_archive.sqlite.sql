-- An ended case archived in one row (issue 8, docs/performance.md, decision 0018). When a case
-- ends, what is only read from then on moves into case_archive as one zstd frame: its final
-- engine state (the cases row keeps an empty state), its closed tasks (≈61 rows) and its audit
-- records (≈65 rows, every stored field as it was). ≈36 KB of rows, index entries and a state
-- row of its own become ≈8.5 KB. The history has its own packed row (migration 0070).
CREATE TABLE case_archive (
  case_id INTEGER PRIMARY KEY REFERENCES cases (id),
  data BLOB NOT NULL
);
-- Where an archived task is, by its global id (task pages, the audit's submitted values). Ids
-- are never reused: tasks.id is AUTOINCREMENT.
CREATE TABLE packed_tasks (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL
);
-- What an archived case's audit records span (numbers, times) and hold (persons, actions,
-- outcomes, each set written "\tname\tname\t"): a filtered audit query unpacks only the cases
-- that may match, newest last record first.
CREATE TABLE audit_packed_cases (
  case_id INTEGER PRIMARY KEY,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  persons TEXT NOT NULL,
  actions TEXT NOT NULL,
  outcomes TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_packed_cases_last ON audit_packed_cases (last_seq);
