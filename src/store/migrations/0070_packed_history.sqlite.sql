-- A finished case's history packed into one row (issue 8, docs/performance.md): when a case
-- ends, its ≈250 events leave case_history and are kept here as one zstd frame of their text
-- (≈25 KB of rows become ≈4 KB). Events through `through_seq` are here; any appended after the
-- case ended (an attachment) are rows of case_history as before. store/history_store.hpp reads
-- both as one sequence. `events` is a zstd frame (BLOB) or, when short, the text itself.
CREATE TABLE case_history_packed (
  case_id INTEGER PRIMARY KEY REFERENCES cases (id),
  through_seq INTEGER NOT NULL,
  events BLOB NOT NULL
);
