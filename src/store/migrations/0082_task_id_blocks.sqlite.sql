-- Task ids that name their case (issue 8, docs/performance.md session 18, decision 0018). A task
-- packed away with its ended case was found by its global id through packed_tasks, a row a task
-- (61 for a Västernorrland case: 576 B on SQLite, 4,352 B on PostgreSQL). Now a case takes its
-- task ids a block of 64 at a time (store/task_store.cpp, insert_opened): the task with local id
-- L gets the id first + (L - 1) % 64 of the case's block (L - 1) / 64. task_blocks keeps each
-- block's first id with its case — a row for every 64 tasks — and cases.task_blocks the case's
-- blocks in order. A new block starts after the highest id of the blocks, the tasks and the
-- packed tasks. packed_tasks stays for the tasks whose ids came before (and any a block does not
-- give: packing writes a row only for those).
ALTER TABLE cases ADD COLUMN task_blocks TEXT;
CREATE TABLE task_blocks (
  first_id INTEGER PRIMARY KEY,
  case_id BIGINT NOT NULL
);
