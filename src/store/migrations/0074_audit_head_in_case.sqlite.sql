-- The audit chain's head kept in the row of the case a record is about (issue 8,
-- docs/performance.md, decision 0020). A task completion rewrote audit_head's page on
-- every commit, one of ≈14 WAL pages, while it rewrites its case's row anyway. A record of a case
-- now leaves its number and hash in that row instead; other records (sign-ins, structure changes)
-- still write audit_head. verify() (store/audit_store.cpp) takes the newest of audit_head and the
-- cases' rows as the head, and appending finds the previous record as the newer
-- of audit_head and audit_log's newest row (packing raises audit_head before it moves rows out).
-- PostgreSQL keeps writing audit_head on every record: its row lock is what orders the chain there.
ALTER TABLE cases ADD COLUMN audit_seq BIGINT;
ALTER TABLE cases ADD COLUMN audit_hash TEXT;
