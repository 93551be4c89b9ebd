#include "domain/functions.hpp"

namespace ks::domain {

namespace {
constexpr FunctionKind kFunctions[] = {
    {"chair", "Ordförande", "Chair"},
    {"vice_chair", "Vice ordförande", "Vice chair"},
    {"coordinator", "Samordnare för kunskapsstyrning", "Coordinator"},
    {"collaboration_coordinator", "Samverkanskoordinator", "Collaboration coordinator"},
    {"member", "Ledamot", "Member"},
    {"representative", "Huvudmannens representant", "Representative of the principal"},
    {"contact", "Kontaktperson", "Contact"},
    {"verksamhetschef", "Verksamhetschef", "Head of operations (verksamhetschef)"},
    {"area_director", "Områdesdirektör", "Area director"},
    {"head_of_unit", "Enhetschef", "Head of unit"},
    {"division_head", "Divisionschef", "Division head"},
    {"secretary", "Sekreterare", "Secretary"},
    {"registrar", "Registrator", "Registrar"},
    {"analyst", "Analytiker", "Analyst"},
    {"administrator", "Systemadministratör", "Administrator"},
};
} // namespace

std::span<const FunctionKind> function_kinds() { return kFunctions; }

std::optional<FunctionKind> find_function(std::string_view key) {
  for (const auto& f : kFunctions)
    if (f.key == key) return f;
  return std::nullopt;
}

} // namespace ks::domain
