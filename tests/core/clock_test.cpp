// The clocks: FileClock (KS_CLOCK_FILE, for rehearsals and tests of a whole `ks serve`) reads its
// file on every call, as milliseconds or an ISO date, and keeps its last reading while the file
// cannot be read; it refuses to start from a file that holds no instant.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/clock.hpp"

namespace ks {
namespace {

class FileClockTest : public ::testing::Test {
protected:
  void write(const std::string& text) { std::ofstream(path) << text; }
  std::string path = (std::filesystem::temp_directory_path() /
                      ("ks-clock-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".txt"))
                         .string();
  void TearDown() override { std::filesystem::remove(path); }
};

TEST_F(FileClockTest, ReadsMillisecondsOrAnIsoDateOnEveryCall) {
  write("1767225600000\n");
  auto clock = FileClock::open(path);
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->now().ms, 1767225600000);
  write("2027-01-01T00:00:00Z");
  EXPECT_EQ(format_iso(clock->now()), "2027-01-01T00:00:00.000Z");
}

TEST_F(FileClockTest, KeepsItsLastReadingWhileTheFileCannotBeRead) {
  write("1767225600000");
  auto clock = FileClock::open(path);
  ASSERT_TRUE(clock);
  write("not a time");
  EXPECT_EQ(clock->now().ms, 1767225600000);
  std::filesystem::remove(path);
  EXPECT_EQ(clock->now().ms, 1767225600000);
}

TEST_F(FileClockTest, RefusesAFileWithoutAnInstant) {
  write("tomorrow");
  EXPECT_FALSE(FileClock::open(path));
  EXPECT_FALSE(FileClock::open(path + ".missing"));
}

} // namespace
} // namespace ks
