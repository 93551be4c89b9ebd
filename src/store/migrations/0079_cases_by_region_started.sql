-- A region's cases newest first (issue 8, docs/performance.md): the case list (store/case_store.hpp,
-- list: `region_id IN (...)`, no status, ORDER BY started_at DESC, id DESC) read every case of the
-- region through cases_region_status_started (region, status, started) and sorted them — ≈5,000 at
-- national scale, for a page of 50. In this order a page is the index's next entries. The columns
-- never change once a case is started, so completions do not write it.
CREATE INDEX cases_region_started ON cases (region_id, started_at, id);
