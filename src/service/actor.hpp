// Who is acting: a signed-in person (through an account), with the functions they hold today, and
// where the request came from. Built once per request by the authentication step (http) or by a
// command; the permission model (service/permissions.hpp) decides from it alone, so that how the
// person signed in (password, API token, later OIDC/SAML) never changes what they may do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/structure_store.hpp"

namespace ks::service {

struct Actor {
  std::int64_t account_id = 0; // 0: anonymous (no account).
  std::string person_id;
  std::string username;
  std::string display_name;
  bool admin_account = false; // The account's administrator flag (`ks user add --admin`).
  bool via_token = false;     // API token rather than a browser session (for the audit record).
  std::string remote_addr;
  std::string request_id;
  std::string today;                                // "YYYY-MM-DD" the functions were resolved for.
  std::vector<store::structure::Holding> functions; // Current on `today`.

  bool anonymous() const { return account_id == 0; }
  // The account flag, or a current `administrator` function anywhere.
  bool administrator() const;
};

// The actor for an account: its person and the person's functions current on `now` (UTC date).
// not_found when the account does not exist. A disabled account gives forbidden.
Result<Actor> actor_for_account(store::Connection& c, std::int64_t account_id, Instant now);

// An actor for `ks` commands run on the server (administration from the shell): no account,
// username "ks-cli", an administrator.
Actor command_line_actor();

} // namespace ks::service
