-- Archived cases by the time of their last audit record (issue 8, docs/performance.md session
-- 17): the audit view for a period (store/audit_store.cpp, add_packed) finds the cases whose last
-- record is at or after the period's start through it, instead of passing over every archived
-- case in the order of their last record's number (65 ms at national scale for a week a month
-- back, when none of them matched). One entry a case, written when the case is archived.
CREATE INDEX audit_packed_cases_last_at ON audit_packed_cases (last_at);
