// Authentication, CSRF and route permissions as server hooks (issue 6), and the helpers handlers
// use to learn who is asking.
//
// Hooks, in order, on every routed request:
//  1. authenticate: an `Authorization: Bearer` API token, else the session cookie (ks_session, or
//     __Host-ks_session behind https); fills request.principal. A bad bearer token is a 401.
//  2. csrf: a state-changing request (not GET) carrying the session cookie needs the session's
//     token (form field csrf_token or header X-CSRF-Token) and an Origin (or Referer) equal to the
//     public URL or, without one, to the Host; bearer-token requests are exempt. Any request with a
//     foreign Origin is refused, also sign-in (login CSRF). Refusals are 403 and audited.
//  3. permission: the route's action from the permission table: "public" passes; anonymous callers
//     of other routes get 401 JSON (API) or a redirect to /login?next=... (browser); named actions
//     need service::may_somewhere (object-level checks follow in the services); refusals are 403
//     and audited.
//  4. uploads: files over config.max_upload_bytes → 413; types other than PDF, Office Open XML,
//     OpenDocument, CSV and plain text → 422, with the file named.
#pragma once

#include <string>

#include "http/server.hpp"
#include "service/actor.hpp"

namespace ks::http {

// Installs the four hooks on the server.
void install_auth_hooks(Server& server);

// The actor of a request: the signed-in person, or an anonymous actor carrying the request's
// address and id.
service::Actor actor_of(const Request& request);

// "ks_session", or "__Host-ks_session" when config.public_url starts with https://.
std::string session_cookie_name(const Config& config);
// The Set-Cookie value that stores a session token (HttpOnly, SameSite=Lax, Path=/, Secure behind
// https), and the one that clears it.
std::string session_cookie(const Config& config, const std::string& token);
std::string clear_session_cookie(const Config& config);

// A safe local redirect target from a `next` parameter: a path starting with one '/', else "/".
std::string safe_next(const std::string& next);

// Route groups (routes_auth.cpp, routes_audit.cpp).
void register_auth_routes(Server& server);
void register_audit_routes(Server& server);

} // namespace ks::http
