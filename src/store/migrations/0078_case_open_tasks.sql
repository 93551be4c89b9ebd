-- A case's open tasks listed in its row (issue 8, docs/performance.md): the local ids of the tasks
-- its state holds open, space-separated, written with the state by every change of it
-- (store/case_store.hpp, update_state). Reading a case's open tasks (the case page; a client
-- choosing what to complete) then looks up those rows alone, where it read every task row of the
-- case still in the table — its closed ones too until the case ends, ≈30–60 rows, each on a page
-- of its own when cases are worked on side by side. NULL (rows written before this, or without an
-- engine state) reads the way it did.
ALTER TABLE cases ADD COLUMN open_tasks TEXT;
