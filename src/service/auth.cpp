#include "service/auth.hpp"

#include "core/crypto.hpp"
#include "service/audit_sink.hpp"
#include "store/account_store.hpp"

namespace ks::service {

namespace {

namespace acc = store::accounts;

Actor anonymous_at(std::string_view username, const Origin& o) {
  Actor a;
  a.username = std::string(username);
  a.remote_addr = o.remote_addr;
  a.request_id = o.request_id;
  return a;
}

void with_origin(Actor& a, const Origin& o) {
  a.remote_addr = o.remote_addr;
  a.request_id = o.request_id;
}

std::string minutes_until(Instant now, Instant until) {
  const auto ms = std::max<std::int64_t>(until.ms - now.ms, 0);
  return std::to_string((ms + 59'999) / 60'000);
}

// Throttled: when the account or the address reached its limit within the window.
Result<std::optional<Error>> throttled(store::Connection& c, std::string_view username, const Origin& o, Instant now) {
  const Instant since{now.ms - kThrottleWindowMs};
  auto by_account = KS_TRY(acc::failures_since(c, "account", username, since));
  auto by_address = KS_TRY(acc::failures_since(c, "address", o.remote_addr, since));
  const acc::FailureCount* hit = nullptr;
  if (by_account.count >= kMaxFailuresPerAccount) hit = &by_account;
  else if (by_address.count >= kMaxFailuresPerAddress) hit = &by_address;
  if (!hit) return std::optional<Error>();
  return std::optional<Error>(Error{ErrorCode::rate_limited,
                                    "för många misslyckade inloggningar: försök igen om " +
                                        minutes_until(now, Instant{hit->earliest.ms + kThrottleWindowMs}) + " minuter",
                                    ""});
}

Result<NewSession> open_session(store::Connection& c, std::int64_t account_id, const Origin& o, Instant now) {
  NewSession s;
  s.token = crypto::random_hex(16); // 128 bits.
  s.csrf_token = crypto::random_hex(16);
  KS_TRY(acc::insert_session(c, acc::Session{crypto::sha256_hex(s.token), account_id, s.csrf_token, now, now}, o.remote_addr));
  s.actor = KS_TRY(actor_for_account(c, account_id, now));
  with_origin(s.actor, o);
  return s;
}

} // namespace

Result<NewSession> login_with_password(Context& ctx, std::string_view username, std::string_view password,
                                       const Origin& origin) {
  const auto now = ctx.clock.now();
  const auto bad = Error::unauthenticated("fel användarnamn eller lösenord");
  // Read the account and the throttle state first; the Argon2id check runs outside any transaction.
  struct Pre {
    std::optional<acc::Account> account;
    std::optional<Error> throttle;
  };
  auto pre = KS_TRY(ctx.db.read([&](store::Connection& c) -> Result<Pre> {
    Pre p;
    p.throttle = KS_TRY(throttled(c, username, origin, now));
    if (!p.throttle) p.account = KS_TRY(acc::find_by_username(c, username));
    return p;
  }));
  AuditEvent event{.action = "auth.login", .object_type = "account", .object_id = std::string(username)};
  if (pre.throttle) {
    audit_refusal(ctx, anonymous_at(username, origin), event, *pre.throttle);
    return fail(*pre.throttle);
  }
  const bool ok = pre.account && !pre.account->disabled && crypto::verify_password(pre.account->password_hash, password);
  if (!ok) {
    if (!pre.account) {
      // Same work as for a known account, so that the answer time does not tell which usernames exist.
      static const std::string dummy = crypto::hash_password("ks-dummy-password").value_or("");
      (void)crypto::verify_password(dummy, password);
    }
    auto s = ctx.db.write([&](store::Connection& c) -> Status {
      KS_TRY(acc::record_failure(c, "account", username, now));
      KS_TRY(acc::record_failure(c, "address", origin.remote_addr, now));
      KS_TRY(acc::delete_failures_before(c, Instant{now.ms - 2 * kThrottleWindowMs}));
      event.outcome = AuditOutcome::failed;
      event.detail = !pre.account ? "unknown username" : pre.account->disabled ? "account disabled" : "wrong password";
      return audit(ctx, c, anonymous_at(username, origin), event);
    });
    if (!s) return fail(s.error());
    return fail(bad);
  }
  return ctx.db.write([&](store::Connection& c) -> Result<NewSession> {
    KS_TRY(acc::clear_failures(c, "account", username));
    KS_TRY(acc::delete_expired_sessions(c, Instant{now.ms - kSessionAbsoluteMs}, Instant{now.ms - kSessionIdleMs}));
    auto s = KS_TRY(open_session(c, pre.account->id, origin, now));
    KS_TRY(audit(ctx, c, s.actor, AuditEvent{.action = "auth.login", .acting_function = "password",
                                            .object_type = "account", .object_id = s.actor.username}));
    return s;
  });
}

Result<NewSession> start_session(Context& ctx, std::int64_t account_id, const Origin& origin) {
  const auto now = ctx.clock.now();
  return ctx.db.write([&](store::Connection& c) -> Result<NewSession> {
    auto s = KS_TRY(open_session(c, account_id, origin, now));
    KS_TRY(audit(ctx, c, s.actor, AuditEvent{.action = "auth.login", .object_type = "account",
                                            .object_id = s.actor.username}));
    return s;
  });
}

Result<std::optional<SessionState>> resume_session(Context& ctx, std::string_view token, const Origin& origin) {
  if (token.size() != 32) return std::optional<SessionState>();
  const auto now = ctx.clock.now();
  const auto id_hash = crypto::sha256_hex(token);
  auto session = KS_TRY(ctx.db.read([&](store::Connection& c) { return acc::find_session(c, id_hash); }));
  if (!session) return std::optional<SessionState>();
  const bool expired = now.ms - session->last_seen_at.ms > kSessionIdleMs ||
                       now.ms - session->created_at.ms > kSessionAbsoluteMs;
  if (expired) {
    KS_TRY(ctx.db.write([&](store::Connection& c) { return acc::delete_session(c, id_hash); }));
    return std::optional<SessionState>();
  }
  // Touch at most once a minute: the idle timer is minutes, and a write per request is not free.
  const bool touch = now.ms - session->last_seen_at.ms >= 60'000;
  auto actor = ctx.db.read([&](store::Connection& c) { return actor_for_account(c, session->account_id, now); });
  if (!actor) {
    if (actor.error().code == ErrorCode::forbidden || actor.error().code == ErrorCode::not_found)
      return std::optional<SessionState>(); // Disabled or deleted account.
    return fail(actor.error());
  }
  if (touch) KS_TRY(ctx.db.write([&](store::Connection& c) { return acc::touch_session(c, id_hash, now); }));
  with_origin(*actor, origin);
  return std::optional<SessionState>(SessionState{std::move(*actor), session->csrf_token});
}

Status logout(Context& ctx, std::string_view token, const Origin& origin) {
  if (token.empty()) return {};
  const auto id_hash = crypto::sha256_hex(token);
  const auto now = ctx.clock.now();
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto session = KS_TRY(acc::find_session(c, id_hash));
    if (!session) return {};
    KS_TRY(acc::delete_session(c, id_hash));
    auto actor = actor_for_account(c, session->account_id, now);
    Actor a = actor ? *actor : anonymous_at("", origin);
    with_origin(a, origin);
    return audit(ctx, c, a, AuditEvent{.action = "auth.logout", .object_type = "account", .object_id = a.username});
  });
}

Result<std::optional<Actor>> authenticate_token(Context& ctx, std::string_view token, const Origin& origin) {
  if (token.empty() || token.size() > 128) return std::optional<Actor>();
  const auto now = ctx.clock.now();
  const auto hash = crypto::sha256_hex(token);
  return ctx.db.read([&](store::Connection& c) -> Result<std::optional<Actor>> {
    auto account_id = KS_TRY(acc::account_for_token(c, hash));
    if (!account_id) return std::optional<Actor>();
    auto actor = actor_for_account(c, *account_id, now);
    if (!actor) {
      if (actor.error().code == ErrorCode::forbidden || actor.error().code == ErrorCode::not_found)
        return std::optional<Actor>();
      return fail(actor.error());
    }
    actor->via_token = true;
    with_origin(*actor, origin);
    return std::optional<Actor>(std::move(*actor));
  });
}

} // namespace ks::service
