#include "core/json_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

namespace ks::json_text {

namespace {

// The length of the UTF-8 sequence at p (p < end, *p >= 0x80); 0 when it is not well-formed.
int sequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char b = *p;
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
  else return 0;
  if (end - p <= n || p[1] < lo || p[1] > hi) return 0;
  for (int i = 2; i <= n; ++i)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  return n + 1;
}

} // namespace

bool well_formed_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const int n = sequence_length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHigh = 0x8080808080808080ull;

// True when one of the 8 bytes of `w` is not ASCII, or is below 0x20, '"' or '\\': a byte that
// append_string() must look at. (A byte below 0x20, or equal to '"' or '\\' once xored, shows in
// the borrow of a subtraction; for words of ASCII bytes that never misses one, and a word with a
// byte of 0x80 or more is looked at anyway.)
bool needs_a_look(std::uint64_t w) {
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  return ((w | ((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) &
          kHigh) != 0;
}

} // namespace

// The two escapes of JSON, the short escapes of control characters and \u00xx for the others,
// every other byte as it is; text that is not UTF-8 is left to nlohmann::json itself. Plain ASCII
// is skipped 8 bytes at a time, and UTF-8 checked in the same pass (issue 8: the audit hash's text
// and the state's text are mostly such runs).
void append_string(std::string& out, std::string_view s, Invalid invalid) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  const char* p = s.data();
  const std::size_t n = s.size();
  out += '"';
  std::size_t plain = 0; // Start of the bytes not yet written, which need no escape.
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (!needs_a_look(w)) {
        i += 8;
        continue;
      }
    }
    const auto b = static_cast<unsigned char>(p[i]);
    if (b >= 0x80) {
      const auto* u = reinterpret_cast<const unsigned char*>(p);
      const int length = sequence_length(u + i, u + n);
      if (length == 0) {
        out.resize(start);
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false,
                                                   invalid == Invalid::replace ? nlohmann::json::error_handler_t::replace
                                                                               : nlohmann::json::error_handler_t::strict);
        return;
      }
      i += static_cast<std::size_t>(length);
      continue;
    }
    if (b >= 0x20 && b != '"' && b != '\\') {
      ++i;
      continue;
    }
    out.append(p + plain, i - plain);
    plain = ++i;
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
  out.append(p + plain, n - plain);
  out += '"';
}

namespace {

// A JSON grammar checker that builds nothing (RFC 8259, as nlohmann::json's parser reads it).
class Scanner {
public:
  explicit Scanner(std::string_view s) : m_s(s) {}

  // The members of the object that is the whole text; those of the value of the member named
  // `split`, when it is an object, go to *split_out too (its last such member's, as parse()).
  Result<std::vector<Member>> object_members(std::string_view split, std::vector<Member>* split_out) {
    std::vector<Member> out;
    blanks();
    if (m_at >= m_s.size() || m_s[m_at] != '{') return fault("'{'");
    if (!object(1, &out, split, split_out)) return fault(m_expected);
    blanks();
    if (m_at != m_s.size()) return fault("the end of the text");
    return out;
  }

private:
  static constexpr int kMaxDepth = 512;

  // The text of a checked member name, quotes included, unescaped.
  static std::string name_of(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return std::string(raw.substr(1, raw.size() - 2));
    return nlohmann::json::parse(raw).get<std::string>(); // Checked: cannot throw.
  }

  std::unexpected<Error> fault(std::string_view expected) const {
    return fail(Error::invalid(
        fmt::format("malformed JSON at byte {}{}: expected {}", m_at, m_at >= m_s.size() ? " (the end)" : "", expected)));
  }

  bool eat(char c) {
    if (m_at < m_s.size() && m_s[m_at] == c) return ++m_at, true;
    return false;
  }
  // Blanks between tokens (inside a value, not as dump() writes it).
  void blanks() {
    const std::size_t from = m_at;
    while (m_at < m_s.size() && (m_s[m_at] == ' ' || m_s[m_at] == '\t' || m_s[m_at] == '\n' || m_s[m_at] == '\r'))
      ++m_at;
    if (m_at != from) m_canonical = false;
  }
  bool expect(std::string_view what) {
    m_expected = what;
    return false;
  }
  bool digits() {
    const std::size_t from = m_at;
    while (m_at < m_s.size() && m_s[m_at] >= '0' && m_s[m_at] <= '9') ++m_at;
    return m_at != from;
  }
  std::optional<unsigned> hex4() {
    if (m_s.size() - m_at < 4) return std::nullopt;
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = m_s[m_at++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10), m_canonical = false;
      else return std::nullopt;
    }
    return v;
  }

  bool string() {
    if (!eat('"')) return expect("'\"'");
    const auto* p = reinterpret_cast<const unsigned char*>(m_s.data()) + m_at;
    const auto* end = reinterpret_cast<const unsigned char*>(m_s.data()) + m_s.size();
    for (;;) {
      while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') ++p; // Plain ASCII.
      m_at = static_cast<std::size_t>(p - reinterpret_cast<const unsigned char*>(m_s.data()));
      if (p >= end) return expect("'\"' closing the string");
      const unsigned char b = *p;
      if (b == '"') {
        ++m_at;
        return true;
      }
      if (b < 0x20) return expect("no control character in the string");
      if (b >= 0x80) {
        const int n = sequence_length(p, end);
        if (n == 0) return expect("UTF-8 text in the string");
        p += n;
        continue;
      }
      ++m_at; // The backslash.
      if (m_at >= m_s.size()) return expect("an escape");
      const char e = m_s[m_at++];
      if (e == 'u') {
        auto unit = hex4();
        if (!unit) return expect("four hex digits after \\u");
        if (*unit >= 0xDC00 && *unit <= 0xDFFF) return expect("a high surrogate before a low one");
        // dump() writes \u00XX only for the control characters without a short escape.
        if (*unit >= 0x20 || *unit == '\b' || *unit == '\t' || *unit == '\n' || *unit == '\f' || *unit == '\r')
          m_canonical = false;
        if (*unit >= 0xD800 && *unit <= 0xDBFF) {
          if (!eat('\\') || !eat('u')) return expect("a low surrogate after a high one");
          auto low = hex4();
          if (!low || *low < 0xDC00 || *low > 0xDFFF) return expect("a low surrogate after a high one");
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return expect("an escape");
      } else if (e == '/') {
        m_canonical = false;
      }
      p = reinterpret_cast<const unsigned char*>(m_s.data()) + m_at;
    }
  }

  bool number() {
    const std::size_t from = m_at;
    const bool negative = eat('-');
    if (eat('0')) {
      if (negative) m_canonical = false;
    } else if (!digits()) {
      return expect("a value");
    }
    if (m_at - from >= 19) m_canonical = false; // May be beyond 64 bits, then read as a double.
    if (eat('.')) {
      m_canonical = false;
      if (!digits()) return expect("digits after '.'");
    }
    if (eat('e') || eat('E')) {
      m_canonical = false;
      if (!eat('+')) eat('-');
      if (!digits()) return expect("digits in the exponent");
    }
    return true;
  }

  bool word(std::string_view w) {
    if (m_s.substr(m_at, w.size()) != w) return expect("a value");
    m_at += w.size();
    return true;
  }

  bool value(int depth) {
    if (m_at >= m_s.size()) return expect("a value");
    switch (m_s[m_at]) {
    case '"': return string();
    case 't': return word("true");
    case 'f': return word("false");
    case 'n': return word("null");
    case '[': return array(depth + 1);
    case '{': return object(depth + 1, nullptr);
    default: return number();
    }
  }

  bool array(int depth) {
    if (depth > kMaxDepth) return expect("nesting at most 512 deep");
    ++m_at;
    blanks();
    if (eat(']')) return true;
    for (;;) {
      blanks();
      if (!value(depth)) return false;
      blanks();
      if (eat(',')) continue;
      if (eat(']')) return true;
      return expect("',' or ']'");
    }
  }

  // An object; its members are appended to *members when given, and those of its member named
  // `split` to *split_out when that is an object.
  bool object(int depth, std::vector<Member>* members, std::string_view split = {},
              std::vector<Member>* split_out = nullptr) {
    if (depth > kMaxDepth) return expect("nesting at most 512 deep");
    ++m_at;
    blanks();
    if (eat('}')) return true;
    for (;;) {
      blanks();
      const std::size_t name_at = m_at;
      if (!string()) return expect("a member name");
      const std::size_t name_end = m_at;
      blanks();
      if (!eat(':')) return expect("':'");
      blanks();
      const std::size_t value_at = m_at;
      const bool canonical = std::exchange(m_canonical, true);
      std::string name = members ? name_of(m_s.substr(name_at, name_end - name_at)) : std::string();
      if (split_out && name == split && m_at < m_s.size() && m_s[m_at] == '{') {
        split_out->clear();
        if (!object(depth + 1, split_out)) return false;
      } else if (!value(depth)) {
        return false;
      }
      if (members) members->push_back(Member{std::move(name), m_s.substr(value_at, m_at - value_at), m_canonical});
      m_canonical = canonical && m_canonical;
      blanks();
      if (eat(',')) continue;
      if (eat('}')) return true;
      return expect("',' or '}'");
    }
  }

  std::string_view m_s;
  std::size_t m_at = 0;
  bool m_canonical = true;
  std::string_view m_expected = "a value";
};

} // namespace

Result<std::vector<Member>> members(std::string_view object_text) {
  return Scanner(object_text).object_members({}, nullptr);
}

Result<std::vector<Member>> members(std::string_view object_text, std::string_view split,
                                    std::vector<Member>& split_members) {
  return Scanner(object_text).object_members(split, &split_members);
}

} // namespace ks::json_text
