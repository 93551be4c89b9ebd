-- The audit log's index on `at` replaced on SQLite by a block summary (issue 8,
-- docs/performance.md): audit_log_at took a B-tree page of its own on every commit that
-- records anything, one of ≈13 WAL pages a task completion writes. Records are numbered in the
-- order they are committed, and their times follow that order but for clock adjustments and
-- changes computed ahead (decision 0014), so a period's records are found by number instead:
-- each block of 128 numbers (1–128, 129–256, …) gets one row with the earliest and latest time of
-- its records still in audit_log when its last number is appended (NULL when none is), and a
-- period is read as the blocks whose times meet it plus the numbers after the last block
-- (store/audit_store.cpp, list()). Packed records (decision 0018) have their own times in
-- audit_packed_cases. audit verify checks the blocks. PostgreSQL keeps its index.
CREATE TABLE audit_time_blocks (
  first_seq INTEGER PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  min_at INTEGER,
  max_at INTEGER
);
INSERT INTO audit_time_blocks (first_seq, last_seq, min_at, max_at)
  WITH newest AS (SELECT MAX(n) AS n FROM (SELECT seq AS n FROM audit_head
                                           UNION ALL SELECT MAX(seq) FROM audit_log
                                           UNION ALL SELECT MAX(last_seq) FROM audit_packed_cases)),
       blocks(first_seq) AS (SELECT 1 WHERE (SELECT n FROM newest) >= 128
                             UNION ALL SELECT first_seq + 128 FROM blocks
                             WHERE first_seq + 255 <= (SELECT n FROM newest))
  SELECT b.first_seq, b.first_seq + 127, MIN(a.at), MAX(a.at)
  FROM blocks b LEFT JOIN audit_log a ON a.seq BETWEEN b.first_seq AND b.first_seq + 127
  GROUP BY b.first_seq;
DROP INDEX audit_log_at;
