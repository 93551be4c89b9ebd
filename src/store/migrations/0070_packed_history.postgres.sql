-- A finished case's history packed into one row (issue 8, docs/performance.md): when a case
-- ends, its ≈250 events leave case_history and are kept here as one text, which TOAST
-- compresses (≈250 rows with their tuple headers and index entries become one). Events through
-- `through_seq` are here; any appended after the case ended (an attachment) are rows of
-- case_history as before. store/history_store.hpp reads both as one sequence.
CREATE TABLE case_history_packed (
  case_id BIGINT PRIMARY KEY REFERENCES cases (id),
  through_seq BIGINT NOT NULL,
  events TEXT NOT NULL
);
