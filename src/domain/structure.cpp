#include "domain/structure.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"
#include "domain/functions.hpp"

namespace ks::domain {

namespace {

using K = UnitKind;

constexpr UnitKindInfo kKinds[] = {
    {K::healthcare_region, "healthcare_region", "Sjukvårdsregion", "Sjukvårdsregioner", Level::healthcare_regional, true},
    {K::region, "region", "Region", "Regioner", Level::local, true},
    {K::municipality, "municipality", "Kommun", "Kommuner", Level::local, true},
    {K::association, "association", "Kommunförbund", "Kommunförbund", Level::local, true},
    {K::national_body, "national_body", "Nationell styrning", "Nationell styrning", Level::national, false},
    {K::npo, "npo", "Nationellt programområde (NPO)", "Nationella programområden (NPO)", Level::national, false},
    {K::nsg, "nsg", "Nationell samverkansgrupp (NSG)", "Nationella samverkansgrupper (NSG)", Level::national, false},
    {K::nag, "nag", "Nationell arbetsgrupp (NAG)", "Nationella arbetsgrupper (NAG)", Level::national, false},
    {K::rpo, "rpo", "Sjukvårdsregionalt programområde (RPO)", "Sjukvårdsregionala programområden (RPO)",
     Level::healthcare_regional, false},
    {K::rsg, "rsg", "Sjukvårdsregional samverkansgrupp (RSG)", "Sjukvårdsregionala samverkansgrupper (RSG)",
     Level::healthcare_regional, false},
    {K::rag, "rag", "Sjukvårdsregional arbetsgrupp (RAG)", "Sjukvårdsregionala arbetsgrupper (RAG)",
     Level::healthcare_regional, false},
    {K::council, "council", "Råd", "Råd", Level::national, false},
    {K::lpo, "lpo", "Lokalt programområde (LPO)", "Lokala programområden (LPO)", Level::local, false},
    {K::lpo_area, "lpo_area", "Delområde inom LPO", "Delområden inom LPO", Level::local, false},
    {K::lsg, "lsg", "Lokal samverkansgrupp (LSG)", "Lokala samverkansgrupper (LSG)", Level::local, false},
    {K::lag, "lag", "Lokal arbetsgrupp (LAG)", "Lokala arbetsgrupper (LAG)", Level::local, false},
    {K::collaboration_body, "collaboration_body", "Samverkansorgan", "Samverkansorgan", Level::local, false},
    {K::steering_group, "steering_group", "Styrgrupp för kunskapsstyrning", "Styrgrupper för kunskapsstyrning",
     Level::local, false},
    {K::preparation_group, "preparation_group", "Beredningsgrupp för kunskapsstyrning",
     "Beredningsgrupper för kunskapsstyrning", Level::local, false},
    {K::division, "division", "Division", "Divisioner", Level::local, false},
};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

} // namespace

std::string_view to_key(Level level) {
  switch (level) {
  case Level::national: return "national";
  case Level::healthcare_regional: return "healthcare_regional";
  case Level::local: return "local";
  }
  return "local";
}

std::string_view label_sv(Level level) {
  switch (level) {
  case Level::national: return "Nationell nivå";
  case Level::healthcare_regional: return "Sjukvårdsregional nivå";
  case Level::local: return "Lokal nivå/länsnivå";
  }
  return "";
}

std::span<const UnitKindInfo> unit_kinds() { return kKinds; }

const UnitKindInfo& info(UnitKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds[0]; // Unreachable: every enumerator is in kKinds.
}

std::string_view to_key(UnitKind kind) { return info(kind).key; }

std::optional<UnitKind> parse_unit_kind(std::string_view key) {
  for (const auto& k : kKinds)
    if (iequals(k.key, key)) return k.kind;
  return std::nullopt;
}

bool is_principal(UnitKind kind) { return kind == K::region || kind == K::municipality; }
bool is_organisation(UnitKind kind) { return info(kind).organisation; }

Level level_of(UnitKind kind, std::optional<UnitKind> parent_kind) {
  if (kind == K::council && parent_kind &&
      (*parent_kind == K::healthcare_region || *parent_kind == K::rpo || *parent_kind == K::rsg))
    return Level::healthcare_regional;
  return info(kind).level;
}

bool allowed_parent(UnitKind child, UnitKind parent) {
  switch (child) {
  case K::healthcare_region:
  case K::region:
  case K::municipality: return false;
  case K::lpo_area: return parent == K::lpo;
  case K::lag: return parent == K::lpo || parent == K::lsg || parent == K::lpo_area;
  case K::nag: return parent == K::npo || parent == K::nsg;
  case K::rag: return parent == K::rpo || parent == K::rsg;
  case K::npo:
  case K::nsg: return parent == K::national_body;
  case K::rpo:
  case K::rsg: return parent == K::healthcare_region;
  case K::lpo:
  case K::lsg: return parent == K::region;
  case K::council: return parent == K::npo || parent == K::healthcare_region || parent == K::rpo;
  case K::national_body: return parent == K::national_body;
  case K::association: return false;
  case K::collaboration_body:
    return parent == K::collaboration_body || parent == K::association || parent == K::region;
  case K::steering_group: return parent == K::region;
  case K::preparation_group: return parent == K::steering_group || parent == K::region;
  case K::division: return parent == K::region;
  }
  return false;
}

bool requires_parent(UnitKind kind) {
  return kind == K::lpo_area || kind == K::lag || kind == K::nag || kind == K::rag;
}

std::string_view to_key(LagStatus status) {
  switch (status) {
  case LagStatus::active: return "active";
  case LagStatus::dormant: return "dormant";
  case LagStatus::closed: return "closed";
  }
  return "active";
}

std::string_view label_sv(LagStatus status) {
  switch (status) {
  case LagStatus::active: return "Aktiv";
  case LagStatus::dormant: return "Vilande";
  case LagStatus::closed: return "Avslutad";
  }
  return "";
}

std::optional<LagStatus> parse_lag_status(std::string_view key) {
  for (auto s : {LagStatus::active, LagStatus::dormant, LagStatus::closed})
    if (iequals(to_key(s), key)) return s;
  return std::nullopt;
}

Status check_lag_transition(LagStatus from, LagStatus to) {
  const bool allowed = (from == LagStatus::active && to != LagStatus::active) ||
                       (from == LagStatus::dormant && to != LagStatus::dormant);
  if (allowed) return {};
  return fail(Error::conflict(fmt::format("a LAG cannot go from {} to {}", to_key(from), to_key(to))));
}

bool is_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  if (!all_digits(t.substr(0, 4)) || !all_digits(t.substr(5, 2)) || !all_digits(t.substr(8, 2))) return false;
  const int y = std::stoi(std::string(t.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(t.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(t.substr(8, 2))));
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  int y2 = 0;
  unsigned m2 = 0, d2 = 0;
  civil_from_days(days_from_civil(y, m, d), y2, m2, d2);
  return y2 == y && m2 == m && d2 == d;
}

std::string fold_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == 0xC3 && i + 1 < text.size()) {
      // U+00C0..U+00DE (Latin-1 capitals, except × U+00D7) are C3 80..C3 9E; lower case is +0x20.
      const auto d = static_cast<unsigned char>(text[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>((d >= 0x80 && d <= 0x9E && d != 0x97) ? d + 0x20 : d);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string swedish_sort_key(std::string_view text) {
  const auto folded = fold_for_search(text);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (static_cast<unsigned char>(folded[i]) == 0xC3 && i + 1 < folded.size()) {
      const auto d = static_cast<unsigned char>(folded[i + 1]);
      char mapped = 0;
      switch (d) {
      case 0xA5: mapped = '{'; break; // å
      case 0xA4: mapped = '|'; break; // ä
      case 0xB6: mapped = '}'; break; // ö
      case 0xA6: mapped = '|'; break; // æ sorts as ä
      case 0xB8: mapped = '}'; break; // ø sorts as ö
      case 0xA9:
      case 0xA8: mapped = 'e'; break; // é è
      case 0xBC: mapped = 'y'; break; // ü
      default: break;
      }
      if (mapped) {
        out += mapped;
        ++i;
        continue;
      }
    }
    out += folded[i];
  }
  return out;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 80 || id.front() == '-') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Status validate(const Unit& u) {
  if (!is_valid_id(u.id))
    return fail(Error::invalid(
        fmt::format("\"{}\" is not a valid id: use lower-case letters a–z, digits and '-'", u.id), "id"));
  if (u.name.empty()) return fail(Error::invalid("a unit needs a name", "name"));
  if (u.county && (u.county->size() != 2 || !all_digits(*u.county)))
    return fail(Error::invalid(fmt::format("county \"{}\" is not a two-digit county code", *u.county), "county"));
  if (u.code && !all_digits(*u.code))
    return fail(Error::invalid(fmt::format("code \"{}\" is not an official numeric code", *u.code), "code"));
  if (u.kind == K::region) {
    if (!u.code || u.code->size() != 2 || u.id != "region-" + *u.code)
      return fail(Error::invalid(
          fmt::format("a region has id \"region-NN\" and code NN (its county code); got id \"{}\", code \"{}\"",
                      u.id, u.code.value_or("")),
          "code"));
    if (u.county && u.county != u.code)
      return fail(Error::invalid("a region's county is its own code", "county"));
  }
  if (u.kind == K::municipality) {
    if (!u.code || u.code->size() != 4 || u.id != "municipality-" + *u.code)
      return fail(Error::invalid(fmt::format("a municipality has id \"municipality-NNNN\" and its four-digit "
                                             "code; got id \"{}\", code \"{}\"",
                                             u.id, u.code.value_or("")),
                                 "code"));
    if (!u.county || u.code->substr(0, 2) != *u.county)
      return fail(Error::invalid(fmt::format("municipality {} lies in county {}, not \"{}\"", *u.code,
                                             u.code->substr(0, 2), u.county.value_or("")),
                                 "county"));
  }
  if (u.parent_id && *u.parent_id == u.id) return fail(Error::invalid("a unit cannot be its own parent", "parent"));
  if (u.kind == K::lag) {
    if (!u.status) return fail(Error::invalid("a LAG needs a status: active, dormant or closed", "status"));
  } else {
    if (u.status) return fail(Error::invalid("only a LAG has a status", "status"));
    if (!u.commission.empty()) return fail(Error::invalid("only a LAG has a commission", "commission"));
    if (u.start_date) return fail(Error::invalid("only a LAG has a start date", "start_date"));
    if (u.end_date) return fail(Error::invalid("only a LAG has an end date", "end_date"));
  }
  if (u.start_date && !is_iso_date(*u.start_date))
    return fail(Error::invalid(fmt::format("\"{}\" is not a date YYYY-MM-DD", *u.start_date), "start_date"));
  if (u.end_date && !is_iso_date(*u.end_date))
    return fail(Error::invalid(fmt::format("\"{}\" is not a date YYYY-MM-DD", *u.end_date), "end_date"));
  if (u.start_date && u.end_date && *u.end_date < *u.start_date)
    return fail(Error::invalid(fmt::format("end date {} is before start date {}", *u.end_date, *u.start_date),
                               "end_date"));
  return {};
}

Result<Unit> reactivate_lag(Unit lag, std::optional<std::string_view> additions, std::string_view today) {
  if (lag.kind != K::lag) return fail(Error::invalid(fmt::format("{} is not a LAG", lag.id), "kind"));
  const auto from = lag.status.value_or(LagStatus::active);
  if (from != LagStatus::dormant)
    return fail(Error::conflict(fmt::format("LAG {} is {}, only a dormant LAG can be reactivated", lag.id,
                                            to_key(from))));
  KS_TRY(check_lag_transition(from, LagStatus::active));
  lag.status = LagStatus::active;
  if (additions && !additions->empty()) {
    if (!lag.commission.empty()) lag.commission += "\n\n";
    lag.commission += fmt::format("Komplettering {}: {}", today, *additions);
  }
  if (lag.end_date && *lag.end_date < today) lag.end_date.reset();
  return lag;
}

std::string_view to_key(RelationKind kind) {
  switch (kind) {
  case RelationKind::belongs_to: return "belongs_to";
  case RelationKind::hosted_by: return "hosted_by";
  case RelationKind::member_of: return "member_of";
  case RelationKind::represented_in: return "represented_in";
  case RelationKind::supports: return "supports";
  }
  return "member_of";
}

std::string_view label_sv(RelationKind kind) {
  switch (kind) {
  case RelationKind::belongs_to: return "Ingår i sjukvårdsregion";
  case RelationKind::hosted_by: return "Värdskap hos";
  case RelationKind::member_of: return "Medlem i";
  case RelationKind::represented_in: return "Representerad i";
  case RelationKind::supports: return "Stödjer";
  }
  return "";
}

std::string_view inverse_label_sv(RelationKind kind) {
  switch (kind) {
  case RelationKind::belongs_to: return "Regioner";
  case RelationKind::hosted_by: return "Värd för";
  case RelationKind::member_of: return "Medlemmar";
  case RelationKind::represented_in: return "Representerade";
  case RelationKind::supports: return "Stöds av";
  }
  return "";
}

std::optional<RelationKind> parse_relation_kind(std::string_view key) {
  for (auto k : {RelationKind::belongs_to, RelationKind::hosted_by, RelationKind::member_of,
                 RelationKind::represented_in, RelationKind::supports})
    if (iequals(to_key(k), key)) return k;
  return std::nullopt;
}

Status check_relation(RelationKind kind, UnitKind unit, UnitKind related) {
  auto wrong = [&](std::string_view field, std::string_view need) {
    return fail(Error::invalid(fmt::format("{} needs {}; got a {} and a {}", to_key(kind), need, to_key(unit),
                                           to_key(related)),
                               std::string(field)));
  };
  switch (kind) {
  case RelationKind::belongs_to:
    if (unit != K::region) return wrong("unit", "a region as unit");
    if (related != K::healthcare_region) return wrong("related", "a healthcare region as related unit");
    break;
  case RelationKind::hosted_by:
    if (unit != K::npo && unit != K::nsg) return wrong("unit", "an NPO or NSG as unit");
    if (related != K::healthcare_region) return wrong("related", "a healthcare region as related unit");
    break;
  case RelationKind::member_of:
    if (related != K::association && related != K::collaboration_body)
      return wrong("related", "an association or collaboration body as related unit");
    break;
  case RelationKind::represented_in:
  case RelationKind::supports: break;
  }
  return {};
}

Status validate(const Person& p) {
  if (!is_valid_id(p.id))
    return fail(Error::invalid(
        fmt::format("\"{}\" is not a valid id: use lower-case letters a–z, digits and '-'", p.id), "id"));
  if (p.name.empty()) return fail(Error::invalid("a person needs a name", "name"));
  if (!p.email.empty() && p.email.find('@') == std::string::npos)
    return fail(Error::invalid(fmt::format("\"{}\" is not an e-mail address", p.email), "email"));
  return {};
}

AssignmentPeriod period_of(const Assignment& a, std::string_view today) {
  if (today < a.valid_from) return AssignmentPeriod::future;
  if (a.valid_to && *a.valid_to < today) return AssignmentPeriod::past;
  return AssignmentPeriod::current;
}

bool is_current(const Assignment& a, std::string_view today) {
  return period_of(a, today) == AssignmentPeriod::current;
}

Status validate(const Assignment& a) {
  if (!find_function(a.function))
    return fail(Error::invalid(fmt::format("\"{}\" is not a known function", a.function), "function"));
  if (!is_iso_date(a.valid_from))
    return fail(Error::invalid(fmt::format("\"{}\" is not a date YYYY-MM-DD", a.valid_from), "valid_from"));
  if (a.valid_to && !is_iso_date(*a.valid_to))
    return fail(Error::invalid(fmt::format("\"{}\" is not a date YYYY-MM-DD", *a.valid_to), "valid_to"));
  if (a.valid_to && *a.valid_to < a.valid_from)
    return fail(Error::invalid(fmt::format("valid_to {} is before valid_from {}", *a.valid_to, a.valid_from),
                               "valid_to"));
  return {};
}

} // namespace ks::domain
