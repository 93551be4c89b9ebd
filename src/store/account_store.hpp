// Storage of accounts, API tokens, sessions and login failures (migration 0030). Every function
// takes a Connection& inside a transaction the caller opened. Secrets arrive here already hashed:
// this layer never sees a password, a token or a session id in clear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace ks::store::accounts {

struct Account {
  std::int64_t id = 0;
  std::string username;
  std::string person_id;
  std::string person_name;
  std::string password_hash; // Argon2id string; empty: no password (cannot sign in with one).
  bool admin = false;
  bool disabled = false;
};

// Inserts an account; conflict when the username is taken, not_found when the person is unknown.
Result<std::int64_t> insert(Connection& c, std::string_view username, std::string_view person_id,
                            std::string_view password_hash, bool admin, Instant now);
Result<std::optional<Account>> find_by_username(Connection& c, std::string_view username);
Result<std::optional<Account>> find_by_id(Connection& c, std::int64_t id);
Result<std::vector<Account>> list(Connection& c);
Status set_password_hash(Connection& c, std::int64_t id, std::string_view hash, Instant now);
Status set_disabled(Connection& c, std::int64_t id, bool disabled, Instant now);

// API tokens.
struct Token {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string label;
  Instant created_at;
  std::optional<Instant> revoked_at;
};
Result<std::int64_t> insert_token(Connection& c, std::int64_t account_id, std::string_view token_hash,
                                  std::string_view label, Instant now);
// The account of a token that is not revoked, by the token's hash; nullopt otherwise.
Result<std::optional<std::int64_t>> account_for_token(Connection& c, std::string_view token_hash);
Result<std::optional<Token>> find_token(Connection& c, std::int64_t id);
Result<std::vector<Token>> tokens_of(Connection& c, std::int64_t account_id);
// Marks a token revoked; false when it was unknown or revoked already.
Result<bool> revoke_token(Connection& c, std::int64_t id, Instant now);
Status revoke_tokens_of(Connection& c, std::int64_t account_id, Instant now);

// Sessions, by the SHA-256 of their token.
struct Session {
  std::string id_hash;
  std::int64_t account_id = 0;
  std::string csrf_token;
  Instant created_at;
  Instant last_seen_at;
};
Status insert_session(Connection& c, const Session& s, std::string_view remote_addr);
Result<std::optional<Session>> find_session(Connection& c, std::string_view id_hash);
Status touch_session(Connection& c, std::string_view id_hash, Instant now);
Status delete_session(Connection& c, std::string_view id_hash);
Status delete_sessions_of(Connection& c, std::int64_t account_id);
// Removes sessions that are past either expiry (created before `created_before` or last seen before
// `seen_before`).
Status delete_expired_sessions(Connection& c, Instant created_before, Instant seen_before);

// Login failures: kind "account" (subject: username) or "address" (subject: remote address).
Status record_failure(Connection& c, std::string_view kind, std::string_view subject, Instant at);
// Number of failures since `since`, and the earliest of them (to say when throttling ends).
struct FailureCount {
  std::int64_t count = 0;
  Instant earliest;
};
Result<FailureCount> failures_since(Connection& c, std::string_view kind, std::string_view subject, Instant since);
Status clear_failures(Connection& c, std::string_view kind, std::string_view subject);
Status delete_failures_before(Connection& c, Instant before);

} // namespace ks::store::accounts
