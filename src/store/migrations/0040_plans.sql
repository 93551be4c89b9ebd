-- The activity, time and communication plan of a case (step 28 of the Västernorrland routine), its
-- anchoring in the LPO (29), the principals' internal activities (30), joint activities assigned by
-- Länsledningen or a steering group to a grouping (31) and their progress reports (32) (issue 7).
-- Dates are TEXT 'YYYY-MM-DD', instants BIGINT epoch milliseconds. Keys of scope and status are
-- those of src/domain/plan.hpp.
CREATE TABLE plans (
  id {{ID}},
  case_id BIGINT NOT NULL UNIQUE REFERENCES cases (id),
  anchored_by TEXT,
  anchored_on TEXT,
  anchoring_note TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- An activity: joint for the county (principal_id NULL) or internal to one principal (a unit id).
-- assigned_to / assigned_by / assigned_on: step 31, for joint activities only.
CREATE TABLE plan_activities (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL,
  principal_id TEXT,
  responsible TEXT NOT NULL DEFAULT '',
  start_date TEXT,
  end_date TEXT,
  status TEXT NOT NULL,
  gap_finding TEXT NOT NULL DEFAULT '',
  assigned_to TEXT,
  assigned_by TEXT,
  assigned_on TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX plan_activities_plan ON plan_activities (plan_id);
CREATE INDEX plan_activities_principal ON plan_activities (principal_id);

-- Progress reported on an activity (steps 30 and 32): the status it reached and a note.
CREATE TABLE activity_reports (
  id {{ID}},
  activity_id BIGINT NOT NULL REFERENCES plan_activities (id),
  status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  reported_by TEXT NOT NULL DEFAULT '',
  reported_at BIGINT NOT NULL
);
CREATE INDEX activity_reports_activity ON activity_reports (activity_id);

CREATE TABLE plan_communications (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  audience TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  planned_on TEXT,
  message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_communications_plan ON plan_communications (plan_id);

-- What stops being done because the new way replaces it.
CREATE TABLE plan_phase_outs (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  practice TEXT NOT NULL,
  replaced_by TEXT NOT NULL DEFAULT '',
  principal_id TEXT,
  by_date TEXT
);
CREATE INDEX plan_phase_outs_plan ON plan_phase_outs (plan_id);
