#include "domain/plan.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "core/clock.hpp"

namespace ks::domain {

namespace {

constexpr std::array<std::pair<ActivityScope, std::pair<std::string_view, std::string_view>>, 2> kScopes{{
    {ActivityScope::joint, {"joint", "Länsgemensam"}},
    {ActivityScope::internal, {"internal", "Intern (huvudman)"}},
}};
constexpr std::array<std::pair<ActivityStatus, std::pair<std::string_view, std::string_view>>, 4> kStatuses{{
    {ActivityStatus::planned, {"planned", "Planerad"}},
    {ActivityStatus::ongoing, {"ongoing", "Pågår"}},
    {ActivityStatus::done, {"done", "Klar"}},
    {ActivityStatus::cancelled, {"cancelled", "Inställd"}},
}};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool blank(std::string_view s) {
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

Status check_optional_date(const std::optional<std::string>& d, std::string_view field) {
  if (d && !is_date(*d))
    return fail(Error::invalid("inte ett datum (ÅÅÅÅ-MM-DD): \"" + *d + "\"", std::string(field)));
  return {};
}

Status check_optional_principal(const std::optional<std::string>& p) {
  if (p && !is_principal_id(*p))
    return fail(Error::invalid("inte en huvudman (region-NN eller municipality-NNNN): \"" + *p + "\"", "principal_id"));
  return {};
}

} // namespace

std::string_view to_key(ActivityScope s) {
  for (const auto& [k, v] : kScopes)
    if (k == s) return v.first;
  return "joint";
}
std::string_view label_sv(ActivityScope s) {
  for (const auto& [k, v] : kScopes)
    if (k == s) return v.second;
  return "";
}
std::optional<ActivityScope> parse_activity_scope(std::string_view key) {
  for (const auto& [k, v] : kScopes)
    if (v.first == key) return k;
  return std::nullopt;
}

std::string_view to_key(ActivityStatus s) {
  for (const auto& [k, v] : kStatuses)
    if (k == s) return v.first;
  return "planned";
}
std::string_view label_sv(ActivityStatus s) {
  for (const auto& [k, v] : kStatuses)
    if (k == s) return v.second;
  return "";
}
std::optional<ActivityStatus> parse_activity_status(std::string_view key) {
  for (const auto& [k, v] : kStatuses)
    if (v.first == key) return k;
  return std::nullopt;
}

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!all_digits(text.substr(0, 4)) || !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) return false;
  auto t = parse_iso(text);
  return t && format_date(*t) == text; // Rejects 2026-02-30.
}

bool is_principal_id(std::string_view id) {
  if (id.starts_with("region-")) return id.size() == 9 && all_digits(id.substr(7));
  if (id.starts_with("municipality-")) return id.size() == 17 && all_digits(id.substr(13));
  return false;
}

Status check_activity(const ActivityInput& in) {
  if (blank(in.title)) return fail(Error::invalid("en aktivitet behöver en rubrik", "title"));
  if (in.title.size() > 300) return fail(Error::invalid("rubriken är längre än 300 tecken", "title"));
  if (in.scope == ActivityScope::internal && !in.principal_id)
    return fail(Error::invalid("en intern aktivitet hör till en huvudman: välj vilken", "principal_id"));
  if (in.scope == ActivityScope::joint && in.principal_id)
    return fail(Error::invalid("en gemensam aktivitet hör inte till en enskild huvudman", "principal_id"));
  if (auto s = check_optional_principal(in.principal_id); !s) return s;
  if (auto s = check_optional_date(in.start_date, "start_date"); !s) return s;
  if (auto s = check_optional_date(in.end_date, "end_date"); !s) return s;
  if (in.start_date && in.end_date && *in.end_date < *in.start_date)
    return fail(Error::invalid("slutdatum är före startdatum", "end_date"));
  return {};
}

Status check_communication(const CommunicationInput& in) {
  if (blank(in.audience)) return fail(Error::invalid("en kommunikationsinsats behöver en målgrupp", "audience"));
  return check_optional_date(in.planned_on, "planned_on");
}

Status check_phase_out(const PhaseOutInput& in) {
  if (blank(in.practice)) return fail(Error::invalid("ange vad som slutar göras", "practice"));
  if (auto s = check_optional_principal(in.principal_id); !s) return s;
  return check_optional_date(in.by_date, "by_date");
}

bool activity_overdue(ActivityStatus status, const std::optional<std::string>& end_date, std::string_view today) {
  if (status == ActivityStatus::done || status == ActivityStatus::cancelled) return false;
  return end_date && !end_date->empty() && *end_date < today;
}

} // namespace ks::domain
