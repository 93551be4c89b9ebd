-- A task completion writes fewer pages (issue 8, docs/performance.md): every B-tree a completion
-- touches is one more page in the WAL and in its fsync.
--
-- Tasks: the inbox and the open-task counts only ever ask for open tasks, so their indexes hold
-- open tasks only (a few percent of all tasks) instead of every task ever; tasks_status_due had no
-- reader. A case's tasks are found through UNIQUE (case_id, local_id).
DROP INDEX tasks_inbox;
DROP INDEX tasks_case_status;
DROP INDEX tasks_status_due;
CREATE INDEX tasks_open_inbox ON tasks (function, scope_unit, due) WHERE status = 'open';
CREATE INDEX tasks_open_case ON tasks (case_id) WHERE status = 'open';

-- The history is read per case in order, and written at the end of a case's events: keyed by
-- (case_id, seq) itself, WITHOUT ROWID, it is one B-tree instead of a table plus its unique index.
-- Its id was never read.
CREATE TABLE case_history_by_case (
  case_id BIGINT NOT NULL REFERENCES cases (id),
  seq INTEGER NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  element TEXT NOT NULL DEFAULT '',
  step TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
INSERT INTO case_history_by_case (case_id, seq, at, kind, element, step, actor, data)
  SELECT case_id, seq, at, kind, element, step, actor, data FROM case_history;
DROP TABLE case_history;
ALTER TABLE case_history_by_case RENAME TO case_history;

-- The audit log's "seq BIGINT PRIMARY KEY" is, in SQLite, a unique index beside the table's own
-- rowid (only INTEGER PRIMARY KEY names the rowid): two B-trees where one will do. Same columns,
-- same values, so every row's hash is unchanged.
CREATE TABLE audit_log_by_seq (
  seq INTEGER PRIMARY KEY,
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
INSERT INTO audit_log_by_seq SELECT seq, at, account_id, person_id, username, acting_function, action, outcome,
  object_type, object_id, case_id, remote_addr, request_id, before_json, after_json, detail, prev_hash, hash
  FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_by_seq RENAME TO audit_log;
CREATE INDEX audit_log_case ON audit_log (case_id, seq);
CREATE INDEX audit_log_person ON audit_log (person_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);
