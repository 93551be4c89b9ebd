#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

namespace ks::json_text {

bool well_formed_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char b = *p;
    if (b < 0x80) {
      ++p;
      continue;
    }
    int n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // The allowed range of the second byte.
    if (b >= 0xC2 && b <= 0xDF) n = 1;
    else if (b == 0xE0) n = 2, lo = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC) n = 2;
    else if (b == 0xED) n = 2, hi = 0x9F;
    else if (b >= 0xEE && b <= 0xEF) n = 2;
    else if (b == 0xF0) n = 3, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) n = 3;
    else if (b == 0xF4) n = 3, hi = 0x8F;
    else return false;
    if (end - p <= n || p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= n; ++i)
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    p += n + 1;
  }
  return true;
}

// The two escapes of JSON, the short escapes of control characters and \u00xx for the others,
// every other byte as it is; text that is not UTF-8 is left to nlohmann::json itself.
void append_string(std::string& out, std::string_view s, Invalid invalid) {
  if (!well_formed_utf8(s)) {
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false,
                                               invalid == Invalid::replace ? nlohmann::json::error_handler_t::replace
                                                                           : nlohmann::json::error_handler_t::strict);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0; // Start of the bytes not yet written, which need no escape.
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b != '"' && b != '\\') continue;
    out.append(s.substr(plain, i - plain));
    plain = i + 1;
    switch (b) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\f': out += "\\f"; break;
    case '\r': out += "\\r"; break;
    default:
      out += "\\u00";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  out.append(s.substr(plain));
  out += '"';
}

} // namespace ks::json_text
