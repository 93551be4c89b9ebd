#include "service/actor.hpp"

#include "store/account_store.hpp"

namespace ks::service {

bool Actor::administrator() const {
  if (admin_account) return true;
  for (const auto& h : functions)
    if (h.function == "administrator") return true;
  return false;
}

Result<Actor> actor_for_account(store::Connection& c, std::int64_t account_id, Instant now) {
  auto account = KS_TRY(store::accounts::find_by_id(c, account_id));
  if (!account) return fail(Error::not_found("no account " + std::to_string(account_id)));
  if (account->disabled) return fail(Error::forbidden("the account is disabled"));
  Actor a;
  a.account_id = account->id;
  a.person_id = account->person_id;
  a.username = account->username;
  a.display_name = account->person_name;
  a.admin_account = account->admin;
  a.today = format_date(now);
  auto detail = KS_TRY(store::structure::person_detail(c, a.person_id, a.today));
  if (detail) a.functions = std::move(detail->current);
  return a;
}

Actor command_line_actor() {
  Actor a;
  a.username = "ks-cli";
  a.admin_account = true;
  a.remote_addr = "local";
  return a;
}

} // namespace ks::service
