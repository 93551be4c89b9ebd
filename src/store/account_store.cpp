#include "store/account_store.hpp"

namespace ks::store::accounts {

namespace {

constexpr std::string_view kAccountColumns =
    "a.id, a.username, a.person_id, p.name, a.password_hash, a.is_admin, a.disabled "
    "FROM accounts a JOIN people p ON p.id = a.person_id";

Account account_of(const Row& r) {
  return Account{r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.boolean(5), r.boolean(6)};
}

Token token_of(const Row& r) {
  Token t;
  t.id = r.integer(0);
  t.account_id = r.integer(1);
  t.label = r.text(2);
  t.created_at = Instant{r.integer(3)};
  if (auto v = r.opt_integer(4)) t.revoked_at = Instant{*v};
  return t;
}

} // namespace

Result<std::int64_t> insert(Connection& c, std::string_view username, std::string_view person_id,
                            std::string_view password_hash, bool admin, Instant now) {
  if (!KS_TRY(c.row("SELECT 1 FROM people WHERE id = ?", person_id)))
    return fail(Error::not_found("no person with id '" + std::string(person_id) + "'"));
  if (KS_TRY(c.row("SELECT 1 FROM accounts WHERE username = ?", username)))
    return fail(Error::conflict("an account named '" + std::string(username) + "' exists already"));
  return c.insert("INSERT INTO accounts (username, person_id, password_hash, is_admin, disabled, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
                  username, person_id, password_hash, admin, now.ms, now.ms);
}

Result<std::optional<Account>> find_by_username(Connection& c, std::string_view username) {
  auto r = KS_TRY(c.row(std::string("SELECT ") + std::string(kAccountColumns) + " WHERE a.username = ?", username));
  if (!r) return std::optional<Account>();
  return std::optional<Account>(account_of(*r));
}

Result<std::optional<Account>> find_by_id(Connection& c, std::int64_t id) {
  auto r = KS_TRY(c.row(std::string("SELECT ") + std::string(kAccountColumns) + " WHERE a.id = ?", id));
  if (!r) return std::optional<Account>();
  return std::optional<Account>(account_of(*r));
}

Result<std::vector<Account>> list(Connection& c) {
  auto rows = KS_TRY(c.rows(std::string("SELECT ") + std::string(kAccountColumns) + " ORDER BY a.username"));
  std::vector<Account> out;
  for (const auto& r : rows) out.push_back(account_of(r));
  return out;
}

Status set_password_hash(Connection& c, std::int64_t id, std::string_view hash, Instant now) {
  KS_TRY(c.exec("UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?", hash, now.ms, id));
  return {};
}

Status set_disabled(Connection& c, std::int64_t id, bool disabled, Instant now) {
  KS_TRY(c.exec("UPDATE accounts SET disabled = ?, updated_at = ? WHERE id = ?", disabled, now.ms, id));
  return {};
}

Result<std::int64_t> insert_token(Connection& c, std::int64_t account_id, std::string_view token_hash,
                                  std::string_view label, Instant now) {
  return c.insert("INSERT INTO api_tokens (account_id, token_hash, label, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                  account_id, token_hash, label, now.ms);
}

Result<std::optional<std::int64_t>> account_for_token(Connection& c, std::string_view token_hash) {
  auto r = KS_TRY(c.row("SELECT account_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", token_hash));
  if (!r) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(r->integer(0));
}

Result<std::optional<Token>> find_token(Connection& c, std::int64_t id) {
  auto r = KS_TRY(c.row("SELECT id, account_id, label, created_at, revoked_at FROM api_tokens WHERE id = ?", id));
  if (!r) return std::optional<Token>();
  return std::optional<Token>(token_of(*r));
}

Result<std::vector<Token>> tokens_of(Connection& c, std::int64_t account_id) {
  auto rows = KS_TRY(c.rows("SELECT id, account_id, label, created_at, revoked_at FROM api_tokens "
                            "WHERE account_id = ? ORDER BY id",
                            account_id));
  std::vector<Token> out;
  for (const auto& r : rows) out.push_back(token_of(r));
  return out;
}

Result<bool> revoke_token(Connection& c, std::int64_t id, Instant now) {
  auto n = KS_TRY(c.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now.ms, id));
  return n > 0;
}

Status revoke_tokens_of(Connection& c, std::int64_t account_id, Instant now) {
  KS_TRY(c.exec("UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", now.ms, account_id));
  return {};
}

Status insert_session(Connection& c, const Session& s, std::string_view remote_addr) {
  KS_TRY(c.exec("INSERT INTO sessions (id_hash, account_id, csrf_token, created_at, last_seen_at, remote_addr) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                s.id_hash, s.account_id, s.csrf_token, s.created_at.ms, s.last_seen_at.ms, remote_addr));
  return {};
}

Result<std::optional<Session>> find_session(Connection& c, std::string_view id_hash) {
  auto r = KS_TRY(c.row("SELECT id_hash, account_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?",
                        id_hash));
  if (!r) return std::optional<Session>();
  return std::optional<Session>(
      Session{r->text(0), r->integer(1), r->text(2), Instant{r->integer(3)}, Instant{r->integer(4)}});
}

Status touch_session(Connection& c, std::string_view id_hash, Instant now) {
  KS_TRY(c.exec("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", now.ms, id_hash));
  return {};
}

Status delete_session(Connection& c, std::string_view id_hash) {
  KS_TRY(c.exec("DELETE FROM sessions WHERE id_hash = ?", id_hash));
  return {};
}

Status delete_sessions_of(Connection& c, std::int64_t account_id) {
  KS_TRY(c.exec("DELETE FROM sessions WHERE account_id = ?", account_id));
  return {};
}

Status delete_expired_sessions(Connection& c, Instant created_before, Instant seen_before) {
  KS_TRY(c.exec("DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?", created_before.ms, seen_before.ms));
  return {};
}

Status record_failure(Connection& c, std::string_view kind, std::string_view subject, Instant at) {
  KS_TRY(c.exec("INSERT INTO login_failures (kind, subject, at) VALUES (?, ?, ?)", kind, subject, at.ms));
  return {};
}

Result<FailureCount> failures_since(Connection& c, std::string_view kind, std::string_view subject, Instant since) {
  auto r = KS_TRY(c.row("SELECT COUNT(*), MIN(at) FROM login_failures WHERE kind = ? AND subject = ? AND at >= ?", kind,
                        subject, since.ms));
  FailureCount out;
  if (r) {
    out.count = r->integer(0);
    out.earliest = Instant{r->integer(1)};
  }
  return out;
}

Status clear_failures(Connection& c, std::string_view kind, std::string_view subject) {
  KS_TRY(c.exec("DELETE FROM login_failures WHERE kind = ? AND subject = ?", kind, subject));
  return {};
}

Status delete_failures_before(Connection& c, Instant before) {
  KS_TRY(c.exec("DELETE FROM login_failures WHERE at < ?", before.ms));
  return {};
}

} // namespace ks::store::accounts
