#include "service/accounts.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "domain/functions.hpp"
#include "domain/shipped_structure.hpp"
#include "service/audit_sink.hpp"

namespace ks::service {

namespace {

namespace acc = store::accounts;

Status check_username(std::string_view u) {
  if (u.empty() || u.size() > 64)
    return fail(Error::invalid("a username has 1 to 64 characters", "username"));
  for (char ch : u)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
      return fail(Error::invalid("a username has lower-case letters a-z, digits, '-', '_' and '.' only", "username"));
  return {};
}

Status check_password(std::string_view p) {
  if (p.size() < kMinPasswordLength)
    return fail(Error::invalid("the password must have at least " + std::to_string(kMinPasswordLength) + " characters",
                               "password"));
  return {};
}

nlohmann::json account_state(const acc::Account& a) {
  return {{"username", a.username}, {"person_id", a.person_id}, {"admin", a.admin}, {"disabled", a.disabled}};
}

Result<acc::Account> existing(store::Connection& c, std::string_view username) {
  auto a = KS_TRY(acc::find_by_username(c, username));
  if (!a) return fail(Error::not_found("no account named '" + std::string(username) + "'"));
  return *a;
}

} // namespace

Result<std::int64_t> add_user(Context& ctx, const Actor& by, std::string_view username, std::string_view person_id,
                              std::string_view password, bool admin) {
  KS_TRY(check_username(username));
  KS_TRY(check_password(password));
  const auto hash = KS_TRY(crypto::hash_password(password));
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    const auto now = ctx.clock.now();
    const auto id = KS_TRY(acc::insert(c, username, person_id, hash, admin, now));
    KS_TRY(audit(ctx, c, by,
                 {.action = "user.add",
                  .acting_function = by.anonymous() ? "command_line" : "admin",
                  .object_type = "account",
                  .object_id = std::string(username),
                  .after = {{"username", username}, {"person_id", person_id}, {"admin", admin}, {"disabled", false}}}));
    return id;
  });
}

Status set_user_disabled(Context& ctx, const Actor& by, std::string_view username, bool disabled) {
  return ctx.db.write([&](store::Connection& c) -> Status {
    const auto now = ctx.clock.now();
    auto a = KS_TRY(existing(c, username));
    const auto before = account_state(a);
    KS_TRY(acc::set_disabled(c, a.id, disabled, now));
    if (disabled) {
      KS_TRY(acc::delete_sessions_of(c, a.id));
      KS_TRY(acc::revoke_tokens_of(c, a.id, now));
    }
    a.disabled = disabled;
    KS_TRY(audit(ctx, c, by,
                 {.action = disabled ? "user.disable" : "user.enable",
                  .acting_function = by.anonymous() ? "command_line" : "admin",
                  .object_type = "account",
                  .object_id = a.username,
                  .before = before,
                  .after = account_state(a)}));
    return {};
  });
}

Status reset_password(Context& ctx, const Actor& by, std::string_view username, std::string_view password) {
  KS_TRY(check_password(password));
  const auto hash = KS_TRY(crypto::hash_password(password));
  return ctx.db.write([&](store::Connection& c) -> Status {
    const auto now = ctx.clock.now();
    auto a = KS_TRY(existing(c, username));
    KS_TRY(acc::set_password_hash(c, a.id, hash, now));
    KS_TRY(acc::delete_sessions_of(c, a.id));
    KS_TRY(audit(ctx, c, by,
                 {.action = "user.reset_password",
                  .acting_function = by.anonymous() ? "command_line" : "admin",
                  .object_type = "account",
                  .object_id = a.username,
                  .detail = "password changed; sessions ended"}));
    return {};
  });
}

Result<NewToken> create_token(Context& ctx, const Actor& by, std::string_view username, std::string_view label) {
  NewToken t;
  t.token = "ks_" + crypto::random_hex(32);
  const auto hash = crypto::sha256_hex(t.token);
  t.id = KS_TRY(ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto a = KS_TRY(existing(c, username));
    if (a.disabled) return fail(Error::conflict("the account '" + a.username + "' is disabled"));
    const auto id = KS_TRY(acc::insert_token(c, a.id, hash, label, ctx.clock.now()));
    KS_TRY(audit(ctx, c, by,
                 {.action = "token.create",
                  .acting_function = by.anonymous() ? "command_line" : "admin",
                  .object_type = "api_token",
                  .object_id = std::to_string(id),
                  .after = {{"account", a.username}, {"label", label}}}));
    return id;
  }));
  return t;
}

Status revoke_token(Context& ctx, const Actor& by, std::int64_t token_id) {
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto token = KS_TRY(acc::find_token(c, token_id));
    if (!token || token->revoked_at) return fail(Error::not_found("no active API token " + std::to_string(token_id)));
    KS_TRY(acc::revoke_token(c, token_id, ctx.clock.now()));
    KS_TRY(audit(ctx, c, by,
                 {.action = "token.revoke",
                  .acting_function = by.anonymous() ? "command_line" : "admin",
                  .object_type = "api_token",
                  .object_id = std::to_string(token_id),
                  .before = {{"revoked", false}},
                  .after = {{"revoked", true}}}));
    return {};
  });
}

Result<std::vector<acc::Account>> list_users(Context& ctx) {
  return ctx.db.read([](store::Connection& c) { return acc::list(c); });
}

Result<std::size_t> ensure_demo_accounts(Context& ctx) {
  const auto demo = KS_TRY(domain::shipped_demo());
  // One hash for all: every demo account has the same published password.
  std::optional<std::string> hash;
  return ctx.db.write([&](store::Connection& c) -> Result<std::size_t> {
    const auto now = ctx.clock.now();
    const auto today = format_date(now);
    std::size_t created = 0;
    for (const auto& p : demo.people) {
      const auto& person = p.value;
      const auto username = person.username.empty() ? person.id : person.username;
      if (KS_TRY(acc::find_by_username(c, username))) continue;
      if (!KS_TRY(c.row("SELECT 1 FROM people WHERE id = ?", person.id))) continue; // Demo not loaded.
      if (!hash) hash = KS_TRY(crypto::hash_password(kDemoPassword));
      auto detail = KS_TRY(store::structure::person_detail(c, person.id, today));
      bool admin = false;
      if (detail)
        for (const auto& h : detail->current) admin = admin || h.function == "administrator";
      KS_TRY(acc::insert(c, username, person.id, *hash, admin, now));
      ++created;
    }
    if (created > 0)
      KS_TRY(audit(ctx, c, command_line_actor(),
                   {.action = "user.demo_accounts",
                    .acting_function = "command_line",
                    .object_type = "account",
                    .detail = std::to_string(created) + " demo accounts created"}));
    return created;
  });
}

Result<std::vector<DemoAccount>> demo_accounts(Context& ctx) {
  const auto demo = KS_TRY(domain::shipped_demo());
  return ctx.db.read([&](store::Connection& c) -> Result<std::vector<DemoAccount>> {
    std::vector<DemoAccount> out;
    const auto today = format_date(ctx.clock.now());
    for (const auto& p : demo.people) {
      const auto username = p.value.username.empty() ? p.value.id : p.value.username;
      auto a = KS_TRY(acc::find_by_username(c, username));
      if (!a || a->disabled) continue;
      DemoAccount d{a->username, a->person_name, ""};
      auto detail = KS_TRY(store::structure::person_detail(c, a->person_id, today));
      if (detail)
        for (const auto& h : detail->current) {
          const auto kind = domain::find_function(h.function);
          if (!d.functions.empty()) d.functions += "; ";
          d.functions += (h.label.empty() ? std::string(kind ? kind->label_sv : h.function) : h.label) + ", " + h.unit.name;
        }
      out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.username < b.username; });
    return out;
  });
}

} // namespace ks::service
