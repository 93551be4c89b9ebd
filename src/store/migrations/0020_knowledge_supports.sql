-- Knowledge supports (kunskapsstöd) and their documents (issue 5). Dates are TEXT 'YYYY-MM-DD',
-- instants BIGINT epoch milliseconds. kind and national_status hold the keys of
-- src/domain/knowledge_support.hpp.
CREATE TABLE knowledge_supports (
  id {{ID}},
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner_unit_id TEXT,
  version TEXT NOT NULL DEFAULT '',
  national_status TEXT NOT NULL,
  consultation_from TEXT,
  consultation_to TEXT,
  summary TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX knowledge_supports_owner ON knowledge_supports (owner_unit_id);
CREATE INDEX knowledge_supports_status ON knowledge_supports (national_status);

-- A stored document (PDF or DOCX), never on the side: every row has a diary entry (0022) made in
-- the same transaction. content holds the bytes (SQLite BLOB; PostgreSQL BYTEA, bound as
-- '\x<hex>' text, see src/store/document_store.cpp).
CREATE TABLE documents (
  id {{ID}},
  knowledge_support_id BIGINT REFERENCES knowledge_supports (id),
  case_id BIGINT,
  task_id BIGINT,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  content {{BLOB}} NOT NULL,
  uploaded_by TEXT NOT NULL DEFAULT '',
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX documents_knowledge_support ON documents (knowledge_support_id);
CREATE INDEX documents_case ON documents (case_id);
