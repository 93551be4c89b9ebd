-- A case's LPO beside its region (issue 8, docs/performance.md session 18): the engine's
-- variable "lpo" (set when the case starts, or at Dalarna's D3), kept in a column whenever a
-- change to the case sets it, so that a list can ask for the cases of an LPO. Under the setting
-- permissions.case_read = "participants" a case may be read by those who hold a function in its
-- region or in its LPO (service/permissions.cpp); a list asked for the region alone and left out
-- the cases its reader took part in through the LPO. The column is filled for the cases already
-- stored by the migration's own step (store/migrate.cpp: store::cases::fill_lpo_ids, which
-- reads each state — compressed on SQLite, or archived). NULL: the case has no LPO.
ALTER TABLE cases ADD COLUMN lpo_id TEXT;
CREATE INDEX cases_lpo_started ON cases (lpo_id, started_at, id) WHERE lpo_id IS NOT NULL;
