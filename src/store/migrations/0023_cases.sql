-- Cases (process instances), their tasks, timers, history and notifications (issues 4 and 5).
-- state is the engine's InstanceState JSON; every change to a case is one transaction that also
-- writes its history rows. version on cases and tasks counts changes (optimistic concurrency).
CREATE TABLE cases (
  id {{ID}},
  knowledge_support_id BIGINT NOT NULL REFERENCES knowledge_supports (id),
  region_id TEXT NOT NULL,
  routine TEXT NOT NULL,
  definition_id BIGINT NOT NULL REFERENCES process_definitions (id),
  diary_number TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  current_phase TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  started_by TEXT NOT NULL DEFAULT '',
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX cases_region_status ON cases (region_id, status);
CREATE INDEX cases_knowledge_support ON cases (knowledge_support_id);

-- A user task: id is global (the API's task id); local_id is the engine's id within the case.
-- The inbox asks by (function, scope_unit, status), so one index answers it without joins.
CREATE TABLE tasks (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  local_id BIGINT NOT NULL,
  element TEXT NOT NULL,
  step TEXT NOT NULL DEFAULT '',
  function TEXT NOT NULL DEFAULT '',
  scope_unit TEXT NOT NULL DEFAULT '',
  form_id TEXT NOT NULL DEFAULT '',
  item TEXT,
  opened_at BIGINT NOT NULL,
  due BIGINT,
  status TEXT NOT NULL,
  completed_by TEXT,
  completed_at BIGINT,
  submitted TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (case_id, local_id)
);
CREATE INDEX tasks_inbox ON tasks (function, scope_unit, status);
CREATE INDEX tasks_case_status ON tasks (case_id, status);
CREATE INDEX tasks_status_due ON tasks (status, due);

-- A pending timer; claimed by one worker (claimed_by, until claimed_until) before it fires.
CREATE TABLE timers (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  local_id BIGINT NOT NULL,
  element TEXT NOT NULL,
  due BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_until BIGINT,
  UNIQUE (case_id, local_id)
);
CREATE INDEX timers_due ON timers (due);

CREATE TABLE case_history (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  seq INTEGER NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  element TEXT NOT NULL DEFAULT '',
  step TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  UNIQUE (case_id, seq)
);

-- A notice to whoever holds function in scope_unit (resolved like tasks, when read).
CREATE TABLE notifications (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  element TEXT NOT NULL DEFAULT '',
  step TEXT NOT NULL DEFAULT '',
  function TEXT NOT NULL DEFAULT '',
  scope_unit TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX notifications_recipient ON notifications (function, scope_unit, created_at);
CREATE INDEX notifications_case ON notifications (case_id);
