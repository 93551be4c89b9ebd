-- The diary (diarium): every incoming and outgoing document registered with a number per region
-- and year, "RVN 2026/00042". Numbers are allocated from diary_sequences inside the transaction
-- that stores the entry (an UPSERT on the (region, year) row, which also serialises concurrent
-- allocations on PostgreSQL).
CREATE TABLE diary_prefixes (
  region_id TEXT PRIMARY KEY,
  prefix TEXT NOT NULL
);
INSERT INTO diary_prefixes (region_id, prefix) VALUES ('region-22', 'RVN');
INSERT INTO diary_prefixes (region_id, prefix) VALUES ('region-20', 'RD');
INSERT INTO diary_prefixes (region_id, prefix) VALUES ('region-25', 'RN');

CREATE TABLE diary_sequences (
  region_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (region_id, year)
);

CREATE TABLE diary_entries (
  id {{ID}},
  region_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  number TEXT NOT NULL UNIQUE,
  entry_date TEXT NOT NULL,
  direction TEXT NOT NULL,
  counterpart TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  description_folded TEXT NOT NULL,
  knowledge_support_id BIGINT,
  case_id BIGINT,
  document_id BIGINT,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (region_id, year, seq)
);
CREATE INDEX diary_entries_case ON diary_entries (case_id);
CREATE INDEX diary_entries_region_year ON diary_entries (region_id, year, direction);
