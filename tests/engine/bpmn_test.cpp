#include "engine/bpmn/parse.hpp"
#include "engine/bpmn/validate.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace ks::engine::bpmn;

namespace {

// A small valid routine written with an unusual BPMN prefix and the ks: namespace as "k".
const char* kValid = R"(<?xml version="1.0" encoding="UTF-8"?>
<model:definitions xmlns:model="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:k="urn:kunskapsstyrning:bpmn:1" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="defs">
  <model:process id="p" isExecutable="true" k:title="Test">
    <model:startEvent id="start"/>
    <model:sequenceFlow id="f1" sourceRef="start" targetRef="assess"/>
    <model:userTask id="assess" k:step="4" k:assignee="chair@lpo" k:form="f-assess" k:deadline="P14D"/>
    <model:sequenceFlow id="f2" sourceRef="assess" targetRef="gw"/>
    <model:exclusiveGateway id="gw" default="f4"/>
    <model:sequenceFlow id="f3" sourceRef="gw" targetRef="end">
      <model:conditionExpression>${concerns_municipalities == false}</model:conditionExpression>
    </model:sequenceFlow>
    <model:sequenceFlow id="f4" sourceRef="gw" targetRef="end"/>
    <model:endEvent id="end"/>
  </model:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="pl" bpmnElement="p">
    <bpmndi:BPMNShape id="s1" bpmnElement="assess"><dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</model:definitions>
)";

ValidationContext context() { return {{"f-assess"}, {}}; }

std::vector<ValidationError> all_errors(const std::string& xml, const ValidationContext& ctx = context()) {
  auto parsed = parse_bpmn(xml);
  auto errors = parsed.errors;
  if (!parsed.definitions.processes.empty()) {
    auto more = validate(parsed.definitions, ctx);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  return errors;
}

// A process body inside the default-namespace boilerplate; line 3 is the first body line.
std::string wrap(const std::string& body) {
  return "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:ks=\"urn:kunskapsstyrning:bpmn:1\">\n"
         "<process id=\"p\">\n" +
         body + "\n</process>\n<message id=\"m1\" name=\"national_decision\"/>\n</definitions>\n";
}

bool has_error(const std::vector<ValidationError>& errors, const std::string& id, int line, const std::string& part) {
  return std::any_of(errors.begin(), errors.end(), [&](const ValidationError& e) {
    return e.element_id == id && (line == 0 || e.line == line) && e.message.find(part) != std::string::npos;
  });
}

std::string dump(const std::vector<ValidationError>& errors) {
  std::string s;
  for (const auto& e : errors) s += describe(e) + "\n";
  return s;
}

} // namespace

TEST(BpmnParse, ReadsAnyPrefixWithLines) {
  auto parsed = parse_bpmn(kValid);
  ASSERT_TRUE(parsed.errors.empty()) << dump(parsed.errors);
  ASSERT_EQ(parsed.definitions.processes.size(), 1u);
  const Process& p = parsed.definitions.processes[0];
  EXPECT_EQ(p.id, "p");
  EXPECT_EQ(p.title, "Test");
  EXPECT_EQ(p.line, 5);
  const FlowNode* task = p.find_node("assess");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->kind, NodeKind::user_task);
  EXPECT_EQ(task->line, 8);
  EXPECT_EQ(task->ks_attr("step"), "4");
  EXPECT_EQ(task->ks_attr("assignee"), "chair@lpo");
  const FlowNode* gw = p.find_node("gw");
  ASSERT_EQ(gw->outgoing.size(), 2u);
  EXPECT_EQ(p.flows[static_cast<std::size_t>(gw->outgoing[0])].condition_text, "${concerns_municipalities == false}");
  EXPECT_FALSE(p.flows[static_cast<std::size_t>(gw->outgoing[0])].condition.empty());
  EXPECT_EQ(parsed.definitions.diagram_element_refs, (std::vector<std::string>{"p", "assess"}));
  EXPECT_TRUE(validate(parsed.definitions, context()).empty()) << dump(validate(parsed.definitions, context()));
}

TEST(BpmnParse, LinesSurviveCrLfAndEscapes) {
  std::string xml = wrap("<startEvent id=\"s\" name=\"a &amp; b &lt; c\"/>\r\n<sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/>\r\n<endEvent id=\"e\"/>");
  auto parsed = parse_bpmn(xml);
  ASSERT_TRUE(parsed.errors.empty()) << dump(parsed.errors);
  EXPECT_EQ(parsed.definitions.processes[0].find_node("s")->name, "a & b < c");
  EXPECT_EQ(parsed.definitions.processes[0].find_node("e")->line, 5);
}

TEST(BpmnParse, RefusesDoctypeAndEntities) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<definitions/>";
  auto errors = parse_bpmn(bomb).errors;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_NE(errors[0].message.find("DOCTYPE"), std::string::npos);
  EXPECT_FALSE(parse_bpmn("<definitions><!entity x 'y'></definitions>").errors.empty());
}

TEST(BpmnParse, RefusesNonXmlAndWrongRoot) {
  auto errors = parse_bpmn("<definitions>\n<process>\n</definitions>").errors;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("not well-formed XML"), std::string::npos);
  EXPECT_EQ(errors[0].line, 3);
  errors = parse_bpmn("<definitions id='x'/>").errors; // no namespace
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("root element"), std::string::npos);
  EXPECT_FALSE(parse_bpmn("").errors.empty());
}

TEST(BpmnParse, NamesElementsOutsideTheSubset) {
  auto errors = all_errors(wrap("<startEvent id=\"s\"/>\n<sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/>\n"
                                "<scriptTask id=\"script1\"/>\n<endEvent id=\"e\"/>\n"
                                "<startEvent id=\"s2\"><signalEventDefinition/></startEvent>"));
  EXPECT_TRUE(has_error(errors, "script1", 5, "element 'scriptTask' (id 'script1') is outside the supported BPMN subset"))
      << dump(errors);
  EXPECT_TRUE(has_error(errors, "", 7, "'signalEventDefinition'")) << dump(errors);
}

TEST(BpmnParse, DeepNestingIsRefused) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<extensionElements>";
  for (int i = 0; i < 300; ++i) deep += "</extensionElements>";
  std::string open, close;
  for (int i = 0; i < 300; ++i) {
    open += "<subProcess id=\"sp" + std::to_string(i) + "\">";
    close += "</subProcess>";
  }
  auto errors = parse_bpmn(wrap(open + close)).errors;
  EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const auto& e) { return e.message.find("too deeply") != std::string::npos; }));
}

TEST(BpmnValidate, DanglingFlowsAndDuplicates) {
  auto errors = all_errors(wrap("<startEvent id=\"s\"/>\n<sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"nowhere\"/>\n"
                                "<endEvent id=\"e\"/>\n<endEvent id=\"e\"/>"));
  EXPECT_TRUE(has_error(errors, "f", 4, "targetRef 'nowhere' names no flow node")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "e", 6, "duplicate id")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "e", 5, "unreachable")) << dump(errors);
}

TEST(BpmnValidate, UnreachableAndNoWayOut) {
  auto errors = all_errors(wrap("<startEvent id=\"s\"/>\n<sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"t\"/>\n"
                                "<userTask id=\"t\" ks:assignee=\"chair@lpo\"/>\n<userTask id=\"island\" ks:assignee=\"chair@lpo\"/>\n"
                                "<sequenceFlow id=\"f2\" sourceRef=\"island\" targetRef=\"e\"/>\n<endEvent id=\"e\"/>"));
  EXPECT_TRUE(has_error(errors, "t", 5, "no outgoing sequence flow")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "island", 6, "unreachable")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "e", 8, "unreachable")) << dump(errors);
}

TEST(BpmnValidate, GatewayWithoutDefault) {
  auto errors = all_errors(wrap(R"(<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
<exclusiveGateway id="g"/>
<sequenceFlow id="f1" sourceRef="g" targetRef="e"><conditionExpression>${a}</conditionExpression></sequenceFlow>
<sequenceFlow id="f2" sourceRef="g" targetRef="e"><conditionExpression>${a ==}</conditionExpression></sequenceFlow>
<endEvent id="e"/>)"));
  EXPECT_TRUE(has_error(errors, "g", 4, "no default flow")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "f2", 6, "conditionExpression '${a ==}': at column 7: expected a value")) << dump(errors);
}

TEST(BpmnValidate, KsAttributes) {
  auto errors = all_errors(wrap(R"(<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t1"/>
<userTask id="t1" ks:assignee="janitor@lpo" ks:form="nope" ks:deadline="14 days"/>
<sequenceFlow id="f1" sourceRef="t1" targetRef="t2"/>
<userTask id="t2" ks:assignee="chair" ks:stepp="3"/>
<sequenceFlow id="f2" sourceRef="t2" targetRef="t3"/>
<userTask id="t3"/>
<sequenceFlow id="f3" sourceRef="t3" targetRef="svc"/>
<serviceTask id="svc" ks:action="notify" ks:to="chair@lpo" ks:message="Svar ${due" ks:extra="1"/>
<sequenceFlow id="f4" sourceRef="svc" targetRef="svc2"/>
<serviceTask id="svc2" ks:action="launch"/>
<sequenceFlow id="f5" sourceRef="svc2" targetRef="call"/>
<callActivity id="call" calledElement="unknown-process"/>
<sequenceFlow id="f6" sourceRef="call" targetRef="e"/>
<endEvent id="e"/>)"));
  EXPECT_TRUE(has_error(errors, "t1", 4, "ks:assignee: unknown function 'janitor'")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t1", 4, "ks:form 'nope' names no known form")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t1", 4, "ks:deadline: malformed ISO 8601 duration")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t2", 6, "is not FUNCTION@SCOPE")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t2", 6, "unknown attribute ks:stepp")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t3", 8, "needs ks:assignee")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "svc", 10, "ks:message: at column 6: '${' is not closed")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "svc", 10, "unknown attribute ks:extra")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "svc2", 12, "unknown ks:action 'launch'")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "call", 14, "calledElement 'unknown-process' names no known process")) << dump(errors);
  ValidationContext ctx = context();
  ctx.known_processes.insert("unknown-process");
  EXPECT_FALSE(has_error(all_errors(wrap(R"(<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="call"/>
<callActivity id="call" calledElement="unknown-process"/><sequenceFlow id="f6" sourceRef="call" targetRef="e"/><endEvent id="e"/>)"), ctx),
                         "call", 0, "calledElement"));
}

TEST(BpmnValidate, TimersMessagesAndMultiInstance) {
  auto errors = all_errors(wrap(R"(<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="t1"/>
<intermediateCatchEvent id="t1"><timerEventDefinition><timeDuration>P1X</timeDuration></timerEventDefinition></intermediateCatchEvent>
<sequenceFlow id="f1" sourceRef="t1" targetRef="t2"/>
<intermediateCatchEvent id="t2"><timerEventDefinition><timeDate>next tuesday</timeDate></timerEventDefinition></intermediateCatchEvent>
<sequenceFlow id="f2" sourceRef="t2" targetRef="t3"/>
<intermediateCatchEvent id="t3"><timerEventDefinition><timeCycle>R/${start/P1Y</timeCycle></timerEventDefinition></intermediateCatchEvent>
<sequenceFlow id="f3" sourceRef="t3" targetRef="m1"/>
<intermediateCatchEvent id="m1"><messageEventDefinition messageRef="nomsg"/></intermediateCatchEvent>
<sequenceFlow id="f4" sourceRef="m1" targetRef="mi"/>
<userTask id="mi" ks:assignee="contact@municipality"><multiInstanceLoopCharacteristics ks:collection="" ks:elementVariable="municipality">
<completionCondition>${nrOfCompletedInstances >=}</completionCondition></multiInstanceLoopCharacteristics></userTask>
<boundaryEvent id="b" attachedToRef="s" cancelActivity="perhaps"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
<sequenceFlow id="f5" sourceRef="mi" targetRef="e"/><sequenceFlow id="f6" sourceRef="b" targetRef="e"/>
<endEvent id="e"/>)"));
  EXPECT_TRUE(has_error(errors, "t1", 4, "timeDuration: malformed ISO 8601 duration 'P1X'")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t2", 6, "timeDate 'next tuesday' is neither")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "t3", 8, "timeCycle start '${start'")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "m1", 10, "messageRef 'nomsg' names no <message>")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "mi", 12, "needs ks:collection")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "mi", 12, "completionCondition")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "b", 14, "cancelActivity must be true or false")) << dump(errors);
  EXPECT_TRUE(has_error(errors, "b", 14, "may sit on a userTask, subProcess or callActivity")) << dump(errors);
}

TEST(BpmnValidate, SubProcessScopes) {
  auto errors = all_errors(wrap(R"(<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="sp"/>
<subProcess id="sp">
  <startEvent id="ss"/><sequenceFlow id="sf" sourceRef="ss" targetRef="se"/><endEvent id="se"/>
  <sequenceFlow id="cross" sourceRef="ss" targetRef="e"/>
</subProcess>
<sequenceFlow id="f1" sourceRef="sp" targetRef="e"/>
<endEvent id="e"/>)"));
  EXPECT_TRUE(has_error(errors, "cross", 6, "same process or sub-process")) << dump(errors);
  auto ok = all_errors(wrap(R"(<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="sp"/>
<subProcess id="sp"><startEvent id="ss"/><sequenceFlow id="sf" sourceRef="ss" targetRef="se"/><endEvent id="se"/></subProcess>
<sequenceFlow id="f1" sourceRef="sp" targetRef="e"/><endEvent id="e"/>)"));
  EXPECT_TRUE(ok.empty()) << dump(ok);
}

TEST(BpmnValidate, LoadJoinsAllErrors) {
  auto r = load_bpmn(wrap("<startEvent id=\"s\"/>\n<userTask id=\"t\" ks:assignee=\"chair@lpo\"/>"), context());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("3: element s: startEvent has no outgoing"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("4: element t: unreachable"), std::string::npos) << r.error().message;
  EXPECT_TRUE(load_bpmn(kValid, context()));
}
