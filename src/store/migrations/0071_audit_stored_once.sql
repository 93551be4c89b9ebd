-- The audit log stores each thing once (issue 8, docs/performance.md).
--
-- A task completion's record named the submitted values in after_json, which the task's row
-- holds as well (tasks.submitted): ≈9 KB of a finished case's ≈32 KB of audit. From now on such a
-- record names the task (values_task) and is stored without them; reading puts them back, so the
-- record reads, hashes and verifies exactly as written, and a change to the task's values breaks
-- the chain as a change to the record would. Rows written before keep their values (NULL here).
--
-- prev_hash repeated the previous row's `hash` in every row (64 characters, ≈4 KB a finished
-- case); verification takes it from the previous row instead. A row's hash still covers it, so
-- every stored hash stays valid, and an edit anywhere is still found: the edited row's hash no
-- longer matches, or, if the forger rewrote that hash too, the next row's does not.
ALTER TABLE audit_log ADD COLUMN values_task BIGINT;
ALTER TABLE audit_log DROP COLUMN prev_hash;
