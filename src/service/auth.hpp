// Authentication: who is asking. Produces an Actor (a person with their current functions); what
// the person may do is service/permissions' business and never depends on how they signed in.
// Today: local passwords and API bearer tokens; OIDC/SAML (SITHS through a national IdP) will be
// another way to reach start_session() for a person (docs/decisions/0006-...).
//
// Sessions are server-side rows keyed by SHA-256 of a 128-bit random token, with a 30-minute idle
// and a 12-hour absolute expiry on the injected clock. Failed sign-ins are counted per account and
// per address in the database, so throttling holds across `ks serve` processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/actor.hpp"
#include "service/context.hpp"

namespace ks::service {

inline constexpr std::int64_t kSessionIdleMs = 30LL * 60 * 1000;
inline constexpr std::int64_t kSessionAbsoluteMs = 12LL * 60 * 60 * 1000;
inline constexpr std::int64_t kThrottleWindowMs = 15LL * 60 * 1000;
inline constexpr std::int64_t kMaxFailuresPerAccount = 10;
inline constexpr std::int64_t kMaxFailuresPerAddress = 50;

// Where a request comes from, for the audit record and the per-address throttle.
struct Origin {
  std::string remote_addr;
  std::string request_id;
};

struct NewSession {
  std::string token;      // Goes into the cookie only; never stored or logged.
  std::string csrf_token; // Put into forms.
  Actor actor;
};

// Checks a username and password and starts a new session (always a new token: a session id set
// before sign-in is never the one after). Errors: rate_limited when the account or the address has
// too many recent failures (the message says for how long); unauthenticated for a wrong
// username/password or a disabled account (one message for all, so that usernames cannot be
// probed). Every outcome is audited (auth.login ok/failed/denied).
Result<NewSession> login_with_password(Context& ctx, std::string_view username, std::string_view password,
                                       const Origin& origin);

// Starts a session for an account whose person was authenticated some other way (OIDC/SAML later).
Result<NewSession> start_session(Context& ctx, std::int64_t account_id, const Origin& origin);

struct SessionState {
  Actor actor;
  std::string csrf_token;
};
// The session of a cookie token, touched (idle timer restarted); nullopt when unknown, expired
// (then deleted) or its account is disabled.
Result<std::optional<SessionState>> resume_session(Context& ctx, std::string_view token, const Origin& origin);

// Ends the session on the server (audited when it existed). Unknown tokens are ignored.
Status logout(Context& ctx, std::string_view token, const Origin& origin);

// The actor of an API bearer token; nullopt when the token is unknown or revoked, or the account is
// disabled.
Result<std::optional<Actor>> authenticate_token(Context& ctx, std::string_view token, const Origin& origin);

} // namespace ks::service
