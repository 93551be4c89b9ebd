-- SQLite keeps the audit chain's head of a case's records in the case's row (see the SQLite
-- version of this migration). PostgreSQL writes audit_head on every record, whose row lock orders
-- concurrent writers; its cases rows have the same columns, always empty, so that both schemas
-- stay alike.
ALTER TABLE cases ADD COLUMN audit_seq BIGINT;
ALTER TABLE cases ADD COLUMN audit_hash TEXT;
