-- Accounts, API tokens, sessions and login throttling (issue 6). An account signs a person of the
-- structure in; what the person may do follows from their functions (service/permissions), not from
-- the account. Secrets are stored only as hashes: passwords as Argon2id strings, API tokens and
-- session ids as SHA-256 hex. Timestamps are BIGINT milliseconds since the epoch.
CREATE TABLE accounts (
  id {{ID}},
  username TEXT NOT NULL UNIQUE,
  person_id TEXT NOT NULL REFERENCES people (id),
  password_hash TEXT NOT NULL DEFAULT '',
  is_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX accounts_person ON accounts (person_id);

CREATE TABLE api_tokens (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- id_hash: SHA-256 of the token in the cookie; the token itself is never stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Failed sign-ins, per account (kind 'account', subject the username) and per address (kind
-- 'address'), kept for the throttling window so that throttling holds across processes.
CREATE TABLE login_failures (
  id {{ID}},
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (kind, subject, at);
