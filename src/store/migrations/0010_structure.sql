-- The structure of kunskapsstyrning (src/domain/structure.hpp): units (every organisation and
-- group), relations between them, functions in units, people, and assignments of people to
-- functions with validity periods. Dates are TEXT 'YYYY-MM-DD'; booleans INTEGER 0/1.
-- parent_id and principal_id are checked by the import (domain/structure_csv.hpp), not by foreign
-- keys, so that a batch may name a parent before the parent's own row.
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  parent_id TEXT,
  county TEXT,
  code TEXT,
  municipal_participation INTEGER NOT NULL DEFAULT 0,
  purpose TEXT NOT NULL DEFAULT '',
  commission TEXT NOT NULL DEFAULT '',
  start_date TEXT,
  end_date TEXT,
  status TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX units_kind_county ON units (kind, county);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_county ON units (county);

CREATE TABLE unit_relations (
  unit_id TEXT NOT NULL REFERENCES units (id),
  kind TEXT NOT NULL,
  related_id TEXT NOT NULL REFERENCES units (id),
  PRIMARY KEY (unit_id, kind, related_id)
);
CREATE INDEX unit_relations_related ON unit_relations (related_id);

CREATE TABLE people (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);

-- A function in a unit; principal_id is '' unless the function is held for one principal.
CREATE TABLE unit_functions (
  id {{ID}},
  function TEXT NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units (id),
  principal_id TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL DEFAULT '',
  UNIQUE (function, unit_id, principal_id)
);
CREATE INDEX unit_functions_unit ON unit_functions (unit_id);

CREATE TABLE function_assignments (
  id {{ID}},
  person_id TEXT NOT NULL REFERENCES people (id),
  unit_function_id BIGINT NOT NULL REFERENCES unit_functions (id),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  updated_at BIGINT NOT NULL,
  UNIQUE (person_id, unit_function_id, valid_from)
);
CREATE INDEX function_assignments_function ON function_assignments (unit_function_id);
CREATE INDEX function_assignments_person ON function_assignments (person_id);
