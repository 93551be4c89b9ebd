-- Settings that belong to the installation (demo mode, organisation name...).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
