-- The packed history becomes a zstd frame on PostgreSQL too, as on SQLite (issue 8, decision
-- 0023): TOAST's pglz made ≈5.7 KB of what zstd makes ≈4.6 KB alone and ≈0.5 KB with the
-- definition's dictionary (migration 0083), and only bytes can hold a frame. Histories packed
-- before are their text's bytes, which read as they are. (SQLite's column already holds frames.)
ALTER TABLE case_history_packed ALTER COLUMN events TYPE BYTEA USING convert_to(events, 'UTF8');
