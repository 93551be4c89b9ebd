// Account administration (`ks user`, `ks token`, demo accounts). Each use case is one write
// transaction together with its audit event; passwords and tokens are hashed before they reach the
// store and never appear in an audit event or a log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/account_store.hpp"

namespace ks::service {

// Minimum password length for accounts created or reset here.
inline constexpr std::size_t kMinPasswordLength = 10;

// Creates an account for a person. Errors: invalid_input (username syntax, password shorter than
// kMinPasswordLength), not_found (no such person), conflict (username taken). Returns the id.
Result<std::int64_t> add_user(Context& ctx, const Actor& by, std::string_view username, std::string_view person_id,
                              std::string_view password, bool admin);
// Disables (or re-enables) an account; disabling ends its sessions and revokes its API tokens.
// not_found for an unknown username.
Status set_user_disabled(Context& ctx, const Actor& by, std::string_view username, bool disabled);
// Sets a new password and ends the account's sessions. invalid_input, not_found as add_user.
Status reset_password(Context& ctx, const Actor& by, std::string_view username, std::string_view password);

// A new API token for the account, returned once in clear ("ks_" + 64 hex digits: 256 random
// bits); only its SHA-256 is stored.
struct NewToken {
  std::int64_t id = 0;
  std::string token;
};
Result<NewToken> create_token(Context& ctx, const Actor& by, std::string_view username, std::string_view label);
// Revokes a token by id; not_found when unknown or already revoked.
Status revoke_token(Context& ctx, const Actor& by, std::int64_t token_id);

Result<std::vector<store::accounts::Account>> list_users(Context& ctx);

// The demo password, shown on the login page in demo mode only.
inline constexpr std::string_view kDemoPassword = "demo-losen";
// Creates an account (username = the person's username, password kDemoPassword) for every demo
// person that has none; people holding the `administrator` function get the admin flag. Returns the
// number created.
Result<std::size_t> ensure_demo_accounts(Context& ctx);
// The demo people with accounts, for the login page: username and name, ordered by username.
struct DemoAccount {
  std::string username;
  std::string name;
  std::string functions; // "Samordnare för kunskapsstyrning, Region Västernorrland".
};
Result<std::vector<DemoAccount>> demo_accounts(Context& ctx);

} // namespace ks::service
