-- tasks, timers and notifications without AUTOINCREMENT (issue 8, docs/performance.md): with it,
-- every INSERT rewrote the row of sqlite_sequence that keeps each table's highest id ever, a
-- B-tree page of its own in ≈half of the task completions' commits. Without it SQLite gives a new
-- row the highest id in the table + 1, which could give a task the id of a task packed away with
-- its ended case (decision 0018: task pages and audit records name tasks by id), so
-- store/task_store.cpp gives new tasks ids itself, after the highest of tasks and packed_tasks.
-- Notifications are never deleted; a timer's id is only ever used while its row exists (claiming
-- and firing it), so theirs may be SQLite's.
CREATE TABLE tasks_rebuilt (
  id INTEGER PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  local_id BIGINT NOT NULL,
  element TEXT NOT NULL,
  step TEXT NOT NULL DEFAULT '',
  function TEXT NOT NULL DEFAULT '',
  scope_unit TEXT NOT NULL DEFAULT '',
  form_id TEXT NOT NULL DEFAULT '',
  item TEXT,
  opened_at BIGINT NOT NULL,
  due BIGINT,
  status TEXT NOT NULL,
  completed_by TEXT,
  completed_at BIGINT,
  submitted TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (case_id, local_id)
);
INSERT INTO tasks_rebuilt (id, case_id, local_id, element, step, function, scope_unit, form_id, item, opened_at, due,
                           status, completed_by, completed_at, submitted, version)
  SELECT id, case_id, local_id, element, step, function, scope_unit, form_id, item, opened_at, due, status,
         completed_by, completed_at, submitted, version FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_rebuilt RENAME TO tasks;
CREATE INDEX tasks_open_inbox ON tasks (function, scope_unit, due) WHERE status = 'open';
CREATE INDEX tasks_open_case ON tasks (case_id) WHERE status = 'open';

CREATE TABLE timers_rebuilt (
  id INTEGER PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  local_id BIGINT NOT NULL,
  element TEXT NOT NULL,
  due BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_until BIGINT,
  UNIQUE (case_id, local_id)
);
INSERT INTO timers_rebuilt (id, case_id, local_id, element, due, claimed_by, claimed_until)
  SELECT id, case_id, local_id, element, due, claimed_by, claimed_until FROM timers;
DROP TABLE timers;
ALTER TABLE timers_rebuilt RENAME TO timers;
CREATE INDEX timers_due ON timers (due);

CREATE TABLE notifications_rebuilt (
  id INTEGER PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  element TEXT NOT NULL DEFAULT '',
  step TEXT NOT NULL DEFAULT '',
  function TEXT NOT NULL DEFAULT '',
  scope_unit TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
INSERT INTO notifications_rebuilt (id, case_id, element, step, function, scope_unit, message, created_at)
  SELECT id, case_id, element, step, function, scope_unit, message, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_rebuilt RENAME TO notifications;
CREATE INDEX notifications_recipient ON notifications (function, scope_unit, created_at);
CREATE INDEX notifications_case ON notifications (case_id);
