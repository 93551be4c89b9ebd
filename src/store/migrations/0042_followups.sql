-- Follow-up entries of a case (step 33): continuous follow-up by each principal (principal_id
-- set) and notes of the yearly follow-up (kind 'yearly'). on_date is 'YYYY-MM-DD'.
CREATE TABLE followup_entries (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  principal_id TEXT,
  kind TEXT NOT NULL,
  on_date TEXT NOT NULL,
  text TEXT NOT NULL,
  adjustments TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX followup_entries_case ON followup_entries (case_id, on_date);
