#include "engine/library.hpp"

#include <gtest/gtest.h>

using namespace ks::engine;

TEST(Library, ShippedProcessesLoad) {
  auto lib = load_shipped_library();
  ASSERT_TRUE(lib.has_value()) << lib.error().message;
  auto ids = lib->definitions.process_ids();
  if (ids.empty()) GTEST_SKIP() << "no shipped processes";
  for (const auto& id : ids) {
    auto xml = lib->process_xml(id);
    ASSERT_TRUE(xml.has_value()) << id;
    EXPECT_NE(xml->find("BPMNDiagram"), std::string_view::npos) << id << " has no diagram";
  }
  EXPECT_FALSE(lib->forms.empty());
}

TEST(Library, ListsProblemsWithPaths) {
  std::string bpmn = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:ks=\"urn:kunskapsstyrning:bpmn:1\">\n"
                     "<process id=\"p\"><startEvent id=\"s\"/><sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"t\"/>\n"
                     "<userTask id=\"t\" ks:assignee=\"chair@lpo\" ks:form=\"a\"/><sequenceFlow id=\"g\" sourceRef=\"t\" targetRef=\"e\"/><endEvent id=\"e\"/></process>\n"
                     "</definitions>";
  std::string form = R"({"id":"a","components":[]})";
  std::string wrong = R"({"id":"b","components":[]})";
  SourceFile ok[] = {{"x.bpmn", bpmn}, {"forms/a.form", form}, {"README.md", "ignored"}};
  auto lib = load_library(ok);
  ASSERT_TRUE(lib.has_value()) << lib.error().message;
  EXPECT_NE(lib->find_form("a"), nullptr);
  EXPECT_NE(lib->definitions.find("p"), nullptr);
  SourceFile bad[] = {{"x.bpmn", bpmn}, {"forms/c.form", wrong}};
  auto failed = load_library(bad);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().message,
            "forms/c.form: form id 'b' differs from the file name\n"
            "x.bpmn:3: element t: ks:form 'a' names no known form (processes/forms/a.form)");
}
