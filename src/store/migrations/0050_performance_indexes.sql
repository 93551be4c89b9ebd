-- Indexes that keep the reads users wait for flat as the data grows (issue 8, docs/performance.md).
-- The overview lists a region's running cases newest first: with the order in the index, the first
-- page is read without sorting every running case of the region. It covers (region_id, status),
-- so the older index goes.
CREATE INDEX cases_region_status_started ON cases (region_id, status, started_at, id);
DROP INDEX cases_region_status;
