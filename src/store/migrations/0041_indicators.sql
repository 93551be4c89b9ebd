-- Indicators of a knowledge support and their measurements per principal and period (issue 7).
-- direction: 'higher' or 'lower' is better. target: the målnivå (NULL: none set). period: 'YYYY'
-- or 'YYYY-MM'. A period without a row is missing data, never zero.
CREATE TABLE indicators (
  id {{ID}},
  knowledge_support_id BIGINT NOT NULL REFERENCES knowledge_supports (id),
  name TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL,
  target DOUBLE PRECISION,
  data_source TEXT NOT NULL DEFAULT '',
  kolada_kpi TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX indicators_knowledge_support ON indicators (knowledge_support_id);
CREATE INDEX indicators_kolada ON indicators (kolada_kpi);

CREATE TABLE measurements (
  id {{ID}},
  indicator_id BIGINT NOT NULL REFERENCES indicators (id),
  principal_id TEXT NOT NULL,
  period TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  imported_by TEXT NOT NULL DEFAULT '',
  imported_at BIGINT NOT NULL,
  UNIQUE (indicator_id, principal_id, period)
);
CREATE INDEX measurements_principal ON measurements (principal_id);
