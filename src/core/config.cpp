#include "core/config.hpp"

#include <charconv>

#include <toml++/toml.h>

namespace ks {

namespace {

Status parse_int(std::string_view text, int& out, std::string_view name) {
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size())
    return fail(Error::invalid("not a whole number: '" + std::string(text) + "'", std::string(name)));
  out = v;
  return {};
}

Status parse_bool(std::string_view text, bool& out, std::string_view name) {
  if (text == "1" || text == "true" || text == "yes" || text == "on") out = true;
  else if (text == "0" || text == "false" || text == "no" || text == "off" || text.empty()) out = false;
  else return fail(Error::invalid("not true/false: '" + std::string(text) + "'", std::string(name)));
  return {};
}

} // namespace

Status apply_toml_file(Config& c, const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid(std::string("invalid TOML: ") + std::string(e.description()),
                               path + ":" + std::to_string(e.source().begin.line)));
  }
  for (auto&& [key, node] : t) {
    std::string k(key.str());
    auto str = [&](std::string& out) -> Status {
      if (auto v = node.value<std::string>()) {
        out = *v;
        return {};
      }
      return fail(Error::invalid("expected a string", path + ": " + k));
    };
    auto num = [&](auto& out) -> Status {
      if (auto v = node.value<std::int64_t>()) {
        out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
        return {};
      }
      return fail(Error::invalid("expected a number", path + ": " + k));
    };
    Status s;
    if (k == "db") s = str(c.db);
    else if (k == "host") s = str(c.host);
    else if (k == "port") s = num(c.port);
    else if (k == "threads") s = num(c.threads);
    else if (k == "db_pool") s = num(c.db_pool);
    else if (k == "sqlite_synchronous") s = str(c.sqlite_synchronous);
    else if (k == "log_level") s = str(c.log_level);
    else if (k == "public_url") s = str(c.public_url);
    else if (k == "timer_interval_ms") s = num(c.timer_interval_ms);
    else if (k == "max_upload_bytes") s = num(c.max_upload_bytes);
    else if (k == "demo_cases") {
      if (auto v = node.value<bool>()) c.demo_cases = *v;
      else s = fail(Error::invalid("expected true or false", path + ": " + k));
    } else if (k == "demo") {
      if (auto v = node.value<bool>()) c.demo = *v;
      else s = fail(Error::invalid("expected true or false", path + ": " + k));
    } else {
      return fail(Error::invalid("unknown setting '" + k + "'", path));
    }
    if (!s) return s;
  }
  return {};
}

Status apply_environment(Config& c, const std::function<const char*(const char*)>& getenv) {
  auto get = [&](const char* name) -> std::optional<std::string> {
    const char* v = getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
  };
  if (auto v = get("KS_DB")) c.db = *v;
  if (auto v = get("KS_HOST")) c.host = *v;
  if (auto v = get("KS_PORT")) KS_TRY(parse_int(*v, c.port, "KS_PORT"));
  if (auto v = get("KS_THREADS")) KS_TRY(parse_int(*v, c.threads, "KS_THREADS"));
  if (auto v = get("KS_DB_POOL")) KS_TRY(parse_int(*v, c.db_pool, "KS_DB_POOL"));
  if (auto v = get("KS_SQLITE_SYNCHRONOUS")) c.sqlite_synchronous = *v;
  if (auto v = get("KS_DEMO")) KS_TRY(parse_bool(*v, c.demo, "KS_DEMO"));
  if (auto v = get("KS_DEMO_CASES")) KS_TRY(parse_bool(*v, c.demo_cases, "KS_DEMO_CASES"));
  if (auto v = get("KS_LOG_LEVEL")) c.log_level = *v;
  if (auto v = get("KS_PUBLIC_URL")) c.public_url = *v;
  if (auto v = get("KS_TIMER_INTERVAL_MS")) KS_TRY(parse_int(*v, c.timer_interval_ms, "KS_TIMER_INTERVAL_MS"));
  if (auto v = get("KS_MAX_UPLOAD_BYTES")) {
    int mb = 0;
    KS_TRY(parse_int(*v, mb, "KS_MAX_UPLOAD_BYTES"));
    c.max_upload_bytes = mb;
  }
  return {};
}

} // namespace ks
