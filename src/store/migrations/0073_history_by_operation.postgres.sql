-- A case's history written one row an operation instead of one row an event (issue 8,
-- docs/performance.md): a task completion appends its ≈4 events as one row, and a case's end packs
-- ≈60 rows instead of ≈250. A row's `events` holds one line an event — kind, element, step and
-- data, separated by tabs, with a backslash, tab or newline within a field written \\, \t, \n (the
-- packed form's escaping, store/packed_lines.hpp) — and its columns what the operation's events
-- share: `through_seq`, the number of its last event (the first is through_seq − lines + 1), `at`
-- and `actor`. Each existing row becomes a row of one event.
CREATE TABLE case_history_by_operation (
  case_id BIGINT NOT NULL REFERENCES cases (id),
  through_seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  events TEXT NOT NULL,
  CONSTRAINT case_history_by_operation_key PRIMARY KEY (case_id, through_seq)
);
INSERT INTO case_history_by_operation (case_id, through_seq, at, actor, events)
  SELECT case_id, seq, at, actor,
         replace(replace(replace(kind, E'\\', E'\\\\'), E'\t', E'\\t'), E'\n', E'\\n') || E'\t' ||
         replace(replace(replace(element, E'\\', E'\\\\'), E'\t', E'\\t'), E'\n', E'\\n') || E'\t' ||
         replace(replace(replace(step, E'\\', E'\\\\'), E'\t', E'\\t'), E'\n', E'\\n') || E'\t' ||
         replace(replace(replace(data, E'\\', E'\\\\'), E'\t', E'\\t'), E'\n', E'\\n') || E'\n'
  FROM case_history;
DROP TABLE case_history;
ALTER TABLE case_history_by_operation RENAME TO case_history;
ALTER TABLE case_history RENAME CONSTRAINT case_history_by_operation_key TO case_history_pkey;
