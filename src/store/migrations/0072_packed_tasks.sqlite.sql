-- A finished case's tasks packed into one row (issue 8, docs/performance.md): when a case ends,
-- its closed tasks leave `tasks` and are kept here as one zstd frame of their text (≈18 KB of
-- rows and index entries become ≈3.5 KB), the way its history is (migration 0070).
-- store/task_store.hpp reads rows and packed tasks as one list. `tasks` is a zstd frame (BLOB)
-- or, when short, the text itself.
CREATE TABLE case_tasks_packed (
  case_id INTEGER PRIMARY KEY REFERENCES cases (id),
  tasks BLOB NOT NULL
);
-- Where a packed task is, by its global id (task pages, the audit's submitted values). Ids are
-- never reused: tasks.id is AUTOINCREMENT.
CREATE TABLE packed_tasks (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL
);
