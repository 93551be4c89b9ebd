-- Deployed process definitions and forms: a new version only when the text changed (hash is a
-- change detector, FNV-1a 64 in hex, not a security measure).
CREATE TABLE process_definitions (
  id {{ID}},
  process_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  bpmn TEXT NOT NULL,
  hash TEXT NOT NULL,
  deployed_at BIGINT NOT NULL,
  UNIQUE (process_id, version)
);

CREATE TABLE process_forms (
  id {{ID}},
  form_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  form_json TEXT NOT NULL,
  hash TEXT NOT NULL,
  deployed_at BIGINT NOT NULL,
  UNIQUE (form_id, version)
);
