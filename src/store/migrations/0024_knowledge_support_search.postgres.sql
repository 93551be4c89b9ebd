-- Full-text search in Swedish over knowledge supports (title and summary): PostgreSQL's
-- `swedish` text search configuration with a GIN index on the same expression the query uses
-- (src/store/knowledge_support_store.cpp).
CREATE INDEX knowledge_supports_fts ON knowledge_supports
  USING GIN (to_tsvector('swedish'::regconfig, title || ' ' || summary));
