#include "engine/duration.hpp"

#include <gtest/gtest.h>

using namespace ks;
using namespace ks::engine;

namespace {
Instant at(std::string_view iso) { return *parse_iso(iso); }
std::string plus(std::string_view iso, std::string_view duration) {
  auto d = parse_duration(duration);
  EXPECT_TRUE(d.has_value()) << duration;
  return format_iso(add_duration(at(iso), *d));
}
} // namespace

TEST(Duration, Parses) {
  auto d = parse_duration("P1Y2M10DT2H30M");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->years, 1);
  EXPECT_EQ(d->months, 2);
  EXPECT_EQ(d->days, 10);
  EXPECT_EQ(d->hours, 2);
  EXPECT_EQ(d->minutes, 30);
  EXPECT_EQ(parse_duration("P2W")->weeks, 2);
  EXPECT_EQ(parse_duration("PT1.5S")->millis, 500);
  EXPECT_EQ(parse_duration("PT36H")->hours, 36);
}

TEST(Duration, RejectsMalformed) {
  for (const char* bad : {"", "P", "1D", "PT", "P1", "P1D2Y", "P1H", "PT1D", "P1.5D", "P1DT", "P1Y1Y", "PX"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  EXPECT_EQ(parse_duration("P1D2Y").error().message,
            "malformed ISO 8601 duration 'P1D2Y' at position 5: designators out of order or repeated");
}

TEST(Duration, CalendarArithmetic) {
  EXPECT_EQ(plus("2026-01-31T10:00:00Z", "P1M"), "2026-02-28T10:00:00.000Z");
  EXPECT_EQ(plus("2028-01-31T10:00:00Z", "P1M"), "2028-02-29T10:00:00.000Z");
  EXPECT_EQ(plus("2028-02-29T00:00:00Z", "P1Y"), "2029-02-28T00:00:00.000Z");
  EXPECT_EQ(plus("2026-11-23T06:00:00Z", "P1Y2M10DT2H30M"), "2028-02-02T08:30:00.000Z");
  EXPECT_EQ(plus("2026-12-15T00:00:00Z", "P1M"), "2027-01-15T00:00:00.000Z");
  EXPECT_EQ(plus("2026-03-01T00:00:00Z", "P14D"), "2026-03-15T00:00:00.000Z");
  EXPECT_EQ(plus("2026-03-01T23:00:00Z", "PT2H"), "2026-03-02T01:00:00.000Z");
}

TEST(Cycle, ParsesAndRepeatsYearly) {
  auto c = parse_cycle("R/2026-06-01/P1Y");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->repetitions);
  EXPECT_EQ(c->start, "2026-06-01");
  auto next = next_occurrence(at(c->start), *c, at("2026-01-01"));
  EXPECT_EQ(format_date(*next), "2026-06-01");
  next = next_occurrence(at(c->start), *c, at("2026-06-01"));
  EXPECT_EQ(format_date(*next), "2027-06-01");
  next = next_occurrence(at(c->start), *c, at("2040-07-01"));
  EXPECT_EQ(format_date(*next), "2041-06-01");
}

TEST(Cycle, BoundedAndWithExpressionStart) {
  auto c = parse_cycle("R3/${follow_up_from}/P1M");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c->repetitions, 3);
  EXPECT_EQ(c->start, "${follow_up_from}");
  Instant start = at("2026-01-31");
  EXPECT_EQ(format_date(*next_occurrence(start, *c, at("2026-02-01"))), "2026-02-28");
  EXPECT_EQ(format_date(*next_occurrence(start, *c, at("2026-02-28"))), "2026-03-31");
  EXPECT_FALSE(next_occurrence(start, *c, at("2026-03-31")));
  auto no_start = parse_cycle("R/P1Y");
  ASSERT_TRUE(no_start);
  EXPECT_TRUE(no_start->start.empty());
  EXPECT_FALSE(parse_cycle("P1Y"));
  EXPECT_FALSE(parse_cycle("R/2026-01-01/P0D"));
  EXPECT_FALSE(parse_cycle("Rx/P1Y"));
}
