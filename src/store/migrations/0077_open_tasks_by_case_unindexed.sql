-- A case's open tasks found through UNIQUE (case_id, local_id) instead of an index of their own
-- (issue 8, docs/performance.md): tasks_open_case lost an entry when a task closed and gained
-- one when a task opened — a B-tree page in every task completion's commit, one of ≈11.5 WAL
-- pages on SQLite. Reading a case's open tasks now reads the case's task rows still in the table
-- (its closed ones until the case ends and they are packed: ≈30 for a running case of the
-- national dataset, ≈60 at most) and keeps the open ones: the case page's p99 at F=0.1 went from
-- 0.92–0.96 to 1.00–1.03 ms, the region's open-task count stayed under 2 ms.
DROP INDEX tasks_open_case;
