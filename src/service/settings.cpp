#include "service/settings.hpp"

namespace ks::service {

Result<std::optional<std::string>> get_setting(store::Connection& c, const std::string& key) {
  auto row = KS_TRY(c.row("SELECT value FROM settings WHERE key = ?", key));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->text(0));
}

Status set_setting(store::Connection& c, const std::string& key, const std::string& value) {
  KS_TRY(c.exec("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key, value));
  return {};
}

} // namespace ks::service
