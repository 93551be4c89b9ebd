#include "service/audit.hpp"

namespace ks::service {

namespace {

std::string json_text(const nlohmann::json& j) {
  return j.is_null() ? std::string() : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string csv_field(std::string_view s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

} // namespace

std::string_view to_string(AuditOutcome outcome) {
  switch (outcome) {
  case AuditOutcome::ok: return "ok";
  case AuditOutcome::denied: return "denied";
  case AuditOutcome::failed: return "failed";
  }
  return "failed";
}

Status record_audit(store::Connection& c, const Actor& actor, const AuditEvent& e, Instant at) {
  store::audit::Row r;
  r.at = at;
  r.account_id = actor.account_id;
  r.person_id = actor.person_id;
  r.username = actor.username;
  r.acting_function = e.acting_function;
  r.action = e.action;
  r.outcome = std::string(to_string(e.outcome));
  r.object_type = e.object_type;
  r.object_id = e.object_id;
  r.case_id = e.case_id;
  r.remote_addr = actor.remote_addr;
  r.request_id = actor.request_id;
  r.before_json = json_text(e.before);
  r.after_json = json_text(e.after);
  r.detail = e.detail;
  if (r.action.empty()) return fail(Error::internal("an audit event needs an action"));
  KS_TRY(store::audit::append(c, std::move(r), e.values_in_task));
  return {};
}

Status record_denial(store::Database& db, const Actor& actor, const AuditEvent& event, Instant at) {
  return db.write([&](store::Connection& c) { return record_audit(c, actor, event, at); });
}

Result<std::vector<store::audit::Row>> list_audit(Context& ctx, const store::audit::Filter& filter) {
  return ctx.db.read([&](store::Connection& c) { return store::audit::list(c, filter); });
}

Result<store::audit::Verification> verify_audit(store::Database& db) {
  return db.read([](store::Connection& c) { return store::audit::verify(c); });
}

std::string audit_csv(const std::vector<store::audit::Row>& rows) {
  std::string out = "seq,at,username,person_id,acting_function,action,outcome,object_type,object_id,case_id,"
                    "remote_addr,request_id,before,after,detail,hash\r\n";
  for (const auto& r : rows) {
    for (const auto& f : {std::to_string(r.seq), format_iso(r.at), r.username, r.person_id, r.acting_function, r.action,
                          r.outcome, r.object_type, r.object_id, r.case_id, r.remote_addr, r.request_id, r.before_json,
                          r.after_json, r.detail})
      out += csv_field(f) + ",";
    out += r.hash + "\r\n";
  }
  return out;
}

nlohmann::json audit_json(const store::audit::Row& r) {
  auto parsed = [](const std::string& s) -> nlohmann::json {
    if (s.empty()) return nullptr;
    auto j = nlohmann::json::parse(s, nullptr, false);
    return j.is_discarded() ? nlohmann::json(s) : j;
  };
  return {{"seq", r.seq},
          {"at", format_iso(r.at)},
          {"username", r.username},
          {"person_id", r.person_id},
          {"acting_function", r.acting_function},
          {"action", r.action},
          {"outcome", r.outcome},
          {"object_type", r.object_type},
          {"object_id", r.object_id},
          {"case_id", r.case_id},
          {"remote_addr", r.remote_addr},
          {"request_id", r.request_id},
          {"before", parsed(r.before_json)},
          {"after", parsed(r.after_json)},
          {"detail", r.detail},
          {"hash", r.hash}};
}

} // namespace ks::service
