#include "core/clock.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <fstream>
#include <cstdio>

namespace ks {

Instant SystemClock::now() const {
  using namespace std::chrono;
  return Instant{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

Instant ManualClock::now() const {
  std::lock_guard lock(m_mutex);
  return m_now;
}
void ManualClock::set(Instant t) {
  std::lock_guard lock(m_mutex);
  m_now = t;
}
void ManualClock::advance_ms(std::int64_t ms) {
  std::lock_guard lock(m_mutex);
  m_now.ms += ms;
}

namespace {
std::optional<Instant> read_instant(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!in || !std::getline(in, text)) return std::nullopt;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::int64_t ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return Instant{ms};
  return parse_iso(text);
}
} // namespace

std::unique_ptr<FileClock> FileClock::open(std::string path) {
  auto first = read_instant(path);
  if (!first) return nullptr;
  return std::unique_ptr<FileClock>(new FileClock(std::move(path), *first));
}

Instant FileClock::now() const {
  std::lock_guard lock(m_mutex);
  if (auto t = read_instant(m_path)) m_last = *t;
  return m_last;
}

// Howard Hinnant's civil-date algorithms (public domain formulation).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

namespace {
void split(Instant t, int& y, unsigned& mo, unsigned& d, int& h, int& mi, int& s, int& ms) {
  std::int64_t total = t.ms;
  std::int64_t days = total >= 0 ? total / 86400000 : (total - 86399999) / 86400000;
  std::int64_t rem = total - days * 86400000;
  civil_from_days(days, y, mo, d);
  h = static_cast<int>(rem / 3600000);
  mi = static_cast<int>(rem / 60000 % 60);
  s = static_cast<int>(rem / 1000 % 60);
  ms = static_cast<int>(rem % 1000);
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
} // namespace

std::string format_iso(Instant t) {
  int y, h, mi, s, ms;
  unsigned mo, d;
  split(t, y, mo, d, h, mi, s, ms);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, ms);
  return buf;
}

std::string format_date(Instant t) {
  int y, h, mi, s, ms;
  unsigned mo, d;
  split(t, y, mo, d, h, mi, s, ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, mo, d);
  return buf;
}

std::optional<Instant> parse_iso(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::size_t pos = 10;
  std::int64_t offset_min = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int frac = 0, n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (n < 3) frac = frac * 10 + (s[pos] - '0');
          ++n, ++pos;
        }
        if (n == 0) return std::nullopt;
        for (; n < 3; ++n) frac *= 10;
        ms = frac;
      }
    }
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        pos += 1;
      } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) return std::nullopt;
        offset_min = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
        pos = s.size();
      } else {
        return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  // Reject dates like 2026-02-31 by round-tripping.
  int yy;
  unsigned mm, dd;
  civil_from_days(days, yy, mm, dd);
  if (yy != y || static_cast<int>(mm) != mo || static_cast<int>(dd) != d) return std::nullopt;
  std::int64_t total = days * 86400000 + h * 3600000LL + mi * 60000LL + sec * 1000LL + ms - offset_min * 60000;
  return Instant{total};
}

} // namespace ks
