#include "engine/check.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;
using ks::engine::check_process_files;

namespace {
const fs::path kSource = KS_SOURCE_DIR;
}

TEST(CheckProcess, FixturesAreValid) {
  fs::path dir = kSource / "tests/engine/fixtures";
  auto report = check_process_files({dir / "engine-basic.bpmn", dir / "engine-calls.bpmn"}, dir / "forms");
  EXPECT_EQ(report.exit_code, 0);
  ASSERT_EQ(report.lines.size(), 2u);
  EXPECT_EQ(report.lines[0], (dir / "engine-basic.bpmn").string() + ": ok (1 process)");
}

TEST(CheckProcess, ShippedProcessesAreValid) {
  fs::path dir = kSource / "processes";
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".bpmn") files.push_back(e.path());
  if (files.empty()) GTEST_SKIP() << "no shipped processes yet";
  auto report = check_process_files(files, dir / "forms");
  std::string all;
  for (const auto& l : report.lines) all += l + "\n";
  EXPECT_EQ(report.exit_code, 0) << all;
}

TEST(CheckProcess, ListsEveryErrorAsFileLineElement) {
  fs::path tmp = fs::temp_directory_path() / ("ks-check-" + std::to_string(::getpid()));
  fs::create_directories(tmp / "forms");
  {
    std::ofstream(tmp / "bad.bpmn") << "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
                                       "xmlns:ks=\"urn:kunskapsstyrning:bpmn:1\">\n"
                                       "<process id=\"p\">\n"
                                       "<startEvent id=\"s\"/>\n"
                                       "<sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"t\"/>\n"
                                       "<userTask id=\"t\" ks:assignee=\"nobody@lpo\" ks:form=\"missing\"/>\n"
                                       "</process>\n</definitions>\n";
    std::ofstream(tmp / "forms/broken.form") << "{\"id\":\"other\",\"components\":[]}";
  }
  auto report = check_process_files({tmp / "bad.bpmn", tmp / "absent.bpmn"}, tmp / "forms");
  EXPECT_EQ(report.exit_code, 2);
  std::string bad = (tmp / "bad.bpmn").string();
  std::vector<std::string> want = {
      (tmp / "forms/broken.form").string() + ":0: form: id 'other' differs from the file name",
      bad + ":5: element t: ks:assignee: unknown function 'nobody' in 'nobody@lpo'",
      bad + ":5: element t: ks:form 'missing' names no known form (processes/forms/missing.form)",
      bad + ":5: element t: userTask has no outgoing sequence flow (only end events may end a path)",
      (tmp / "absent.bpmn").string() + ":0: cannot read the file",
  };
  EXPECT_EQ(report.lines, want);
  fs::remove_all(tmp);
}
