-- Dictionaries for what an ended case keeps (issue 8, docs/performance.md session 19, decision
-- 0023; store/pack_dictionary.hpp). A finished case's archive (≈46 KB of text) and packed history
-- (≈23 KB) are zstd frames of ≈8.5 and ≈4.6 KB, each paying again for what every case of its
-- routine repeats. The first archive (at least 16 KB) and the first history (8 KB) of a process
-- definition are kept here as that definition's dictionaries (the text as a zstd frame, with the
-- case it came from); later values are compressed with them and name them by id, the first 60
-- bits of the text's SHA-256. Values written before stay as they are and read as before.
CREATE TABLE pack_dictionaries (
  id BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  definition_id BIGINT NOT NULL REFERENCES process_definitions (id),
  case_id BIGINT NOT NULL,
  content {{BLOB}} NOT NULL
);
CREATE UNIQUE INDEX pack_dictionaries_kind_definition ON pack_dictionaries (kind, definition_id);
