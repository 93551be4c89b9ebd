#include "service/field_errors.hpp"

#include <nlohmann/json.hpp>

namespace ks::service {

Error field_errors_error(const std::vector<engine::forms::FieldError>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) list.push_back({{"key", e.key}, {"message", e.message}});
  return Error::invalid(list.dump(), std::string(kFieldErrorsField));
}

std::vector<engine::forms::FieldError> field_errors_of(const Error& error) {
  std::vector<engine::forms::FieldError> out;
  if (error.code != ErrorCode::invalid_input || error.field != kFieldErrorsField) return out;
  auto list = nlohmann::json::parse(error.message, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& e : list)
    if (e.is_object()) out.push_back({e.value("key", ""), e.value("message", ""), nullptr});
  return out;
}

} // namespace ks::service
