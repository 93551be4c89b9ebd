// Time, injected. Code that needs "now" takes a Clock&, so that tests can move time by a year in
// a millisecond. Instants are UTC milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ks {

struct Instant {
  std::int64_t ms = 0;
  auto operator<=>(const Instant&) const = default;
};

class Clock {
public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
public:
  Instant now() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
public:
  explicit ManualClock(Instant start) : m_now(start) {}
  Instant now() const override;
  void set(Instant t);
  void advance_ms(std::int64_t ms);

private:
  mutable std::mutex m_mutex;
  Instant m_now; // GUARDED_BY(m_mutex)
};

// A clock read from a file on every call: for rehearsals and tests of a whole `ks serve` (the
// yearly follow-up a year ahead, with several processes), never for production. The file holds
// an instant as UTC milliseconds since the epoch or as an ISO date; while it cannot be read the
// clock keeps its last reading. KS_CLOCK_FILE selects it (cli/cmd_serve.cpp).
class FileClock final : public Clock {
public:
  // Null when the file cannot be read as an instant now.
  static std::unique_ptr<FileClock> open(std::string path);
  Instant now() const override;

private:
  FileClock(std::string path, Instant first) : m_path(std::move(path)), m_last(first) {}
  std::string m_path;
  mutable std::mutex m_mutex;
  mutable Instant m_last; // GUARDED_BY(m_mutex)
};

// "2026-11-23T06:42:44.123Z".
std::string format_iso(Instant t);
// "2026-11-23".
std::string format_date(Instant t);
// Accepts "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DDTHH:MM[:SS[.mmm]]" with optional "Z" or
// "+HH:MM"; std::nullopt when the text is not such a date.
std::optional<Instant> parse_iso(std::string_view text);
// Days since 1970-01-01 for a civil date, and back.
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, int& y, unsigned& m, unsigned& d);

} // namespace ks
