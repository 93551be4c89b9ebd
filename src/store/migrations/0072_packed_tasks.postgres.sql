-- A finished case's tasks packed into one row (issue 8, docs/performance.md): when a case ends,
-- its closed tasks leave `tasks` and are kept here as one text, which TOAST compresses, the way
-- its history is (migration 0070). store/task_store.hpp reads rows and packed tasks as one list.
CREATE TABLE case_tasks_packed (
  case_id BIGINT PRIMARY KEY REFERENCES cases (id),
  tasks TEXT NOT NULL
);
-- Where a packed task is, by its global id (task pages, the audit's submitted values). Ids are
-- never reused: tasks.id comes from a sequence.
CREATE TABLE packed_tasks (
  id BIGINT PRIMARY KEY,
  case_id BIGINT NOT NULL
);
