// Reading BPMN 2.0 XML into the model (model.hpp). Pure: takes the text, does no I/O.
//
// Namespaces are resolved by URI, so any prefix (or a default namespace) works:
//   BPMN  http://www.omg.org/spec/BPMN/20100524/MODEL
//   ks:   urn:kunskapsstyrning:bpmn:1
// Elements of other namespaces (BPMNDI, DC, DI, modeller extensions) are skipped; BPMNDI is not
// interpreted except that the ids it refers to are listed. The caller keeps the XML text if it
// needs the diagram.
//
// Text with a DOCTYPE or any entity declaration is refused before it reaches the XML parser, and
// the parser never expands a DTD, so entity tricks ("billion laughs", external entities) cannot
// work. Input over 16 MiB or nested deeper than 256 elements is refused too.
#pragma once

#include "engine/bpmn/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ks::engine::bpmn {

inline constexpr std::string_view kBpmnNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";
inline constexpr std::string_view kKsNamespace = "urn:kunskapsstyrning:bpmn:1";

// One problem in a BPMN file. `line` is 1-based (0 when unknown); `element_id` may be empty for
// problems that are not about one element (not XML, a DOCTYPE).
struct ValidationError {
  std::string element_id;
  int line = 0;
  std::string message;
  bool operator==(const ValidationError&) const = default;
};

struct ParsedDefinitions {
  Definitions definitions;
  // Structural problems found while reading: not XML, elements outside the subset, missing or
  // duplicate ids, malformed standard attributes. Empty does not mean valid: run validate() too.
  std::vector<ValidationError> errors;
};

// Reads a BPMN file. Never throws; every problem found is in `errors`, and `definitions` holds
// whatever could be read (so the validator can report more).
ParsedDefinitions parse_bpmn(std::string_view xml);

} // namespace ks::engine::bpmn
