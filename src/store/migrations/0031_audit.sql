-- The audit log (issue 6): every state change and every denied or failed access, hash-chained.
-- Each row's hash = SHA-256(previous row's hash + the row's content); audit_head holds the number of
-- rows and the last hash, so that deleting the newest rows is detected too (`ks audit verify`).
-- Every column is NOT NULL so that the content hashed on write reads back identically.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  account_id BIGINT NOT NULL DEFAULT 0,
  person_id TEXT NOT NULL DEFAULT '',
  username TEXT NOT NULL DEFAULT '',
  acting_function TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  case_id TEXT NOT NULL DEFAULT '',
  remote_addr TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_case ON audit_log (case_id, seq);
CREATE INDEX audit_log_person ON audit_log (person_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
