-- Full-text search in Swedish over knowledge supports (title and summary): FTS5 with the
-- `swedish` tokenizer (src/store/sqlite/swedish_tokenizer.cpp: case folding and Snowball
-- stemming), kept in step with knowledge_supports by triggers; rowid = knowledge_supports.id.
CREATE VIRTUAL TABLE knowledge_support_fts USING fts5(title, summary, tokenize = 'swedish');
CREATE TRIGGER knowledge_supports_fts_insert AFTER INSERT ON knowledge_supports BEGIN
  INSERT INTO knowledge_support_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER knowledge_supports_fts_update AFTER UPDATE OF title, summary ON knowledge_supports BEGIN
  DELETE FROM knowledge_support_fts WHERE rowid = old.id;
  INSERT INTO knowledge_support_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER knowledge_supports_fts_delete AFTER DELETE ON knowledge_supports BEGIN
  DELETE FROM knowledge_support_fts WHERE rowid = old.id;
END;
