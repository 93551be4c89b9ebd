-- A task completion writes fewer index pages (issue 8, docs/performance.md). The inbox and the
-- open-task counts only ever ask for open tasks, so their indexes hold open tasks only instead of
-- every task ever; tasks_status_due had no reader. A case's tasks are found through
-- UNIQUE (case_id, local_id). (The SQLite version of this migration also rebuilds case_history
-- and audit_log, whose extra B-trees are SQLite's own: PostgreSQL tables have no rowid.)
DROP INDEX tasks_inbox;
DROP INDEX tasks_case_status;
DROP INDEX tasks_status_due;
CREATE INDEX tasks_open_inbox ON tasks (function, scope_unit, due) WHERE status = 'open';
CREATE INDEX tasks_open_case ON tasks (case_id) WHERE status = 'open';
