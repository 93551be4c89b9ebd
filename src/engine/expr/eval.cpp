#include "engine/expr/expression.hpp"
#include "engine/expr/node.hpp"

#include <cstdint>

namespace ks::engine::expr {

using nlohmann::json;

namespace {

const json kNull;

const json& lookup(const json& path, const Lookup& variables, const json* overlay) {
  const json* cur = nullptr;
  const std::string& root = path[0].get_ref<const std::string&>();
  if (overlay && overlay->is_object()) {
    auto it = overlay->find(root);
    if (it != overlay->end()) cur = &*it;
  }
  if (!cur) cur = variables.find(root);
  if (!cur) return kNull;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const json& seg = path[i];
    if (seg.is_string()) {
      if (!cur->is_object()) return kNull;
      auto it = cur->find(seg.get_ref<const std::string&>());
      if (it == cur->end()) return kNull;
      cur = &*it;
    } else {
      auto index = seg.get<std::int64_t>();
      if (!cur->is_array() || index < 0 || static_cast<std::size_t>(index) >= cur->size()) return kNull;
      cur = &(*cur)[static_cast<std::size_t>(index)];
    }
  }
  return *cur;
}

// Orders two values of the same kind; nullopt when they cannot be ordered.
std::optional<int> order(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) {
      double x = a.get<double>(), y = b.get<double>();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      // Mixed signedness: compare as doubles; exact enough for the values forms produce.
      double x = a.get<double>(), y = b.get<double>();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    auto x = a.get<std::int64_t>(), y = b.get<std::int64_t>();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return std::nullopt;
}

bool equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return order(a, b) == 0;
  return a == b;
}

bool contains(const json& needle, const json& haystack) {
  if (haystack.is_array()) {
    for (const auto& item : haystack)
      if (equal(needle, item)) return true;
    return false;
  }
  if (haystack.is_string() && needle.is_string())
    return haystack.get_ref<const std::string&>().find(needle.get_ref<const std::string&>()) != std::string::npos;
  if (haystack.is_object() && needle.is_string()) return haystack.contains(needle.get_ref<const std::string&>());
  return false;
}

// Arithmetic on numbers (integers stay integers except for '/'); '+' also joins two strings.
// Anything else, and division by zero, is null.
json arithmetic(NodeOp op, const json& a, const json& b) {
  if (op == NodeOp::add && a.is_string() && b.is_string())
    return a.get_ref<const std::string&>() + b.get_ref<const std::string&>();
  if (!a.is_number() || !b.is_number()) return nullptr;
  bool integers = a.is_number_integer() && b.is_number_integer() && op != NodeOp::div;
  if (integers) {
    auto x = a.get<std::int64_t>(), y = b.get<std::int64_t>();
    std::int64_t r = 0;
    bool overflow = op == NodeOp::add   ? __builtin_add_overflow(x, y, &r)
                    : op == NodeOp::sub ? __builtin_sub_overflow(x, y, &r)
                                        : __builtin_mul_overflow(x, y, &r);
    if (!overflow) return r;
  }
  double x = a.get<double>(), y = b.get<double>();
  switch (op) {
  case NodeOp::add: return x + y;
  case NodeOp::sub: return x - y;
  case NodeOp::mul: return x * y;
  default: return y == 0.0 ? json(nullptr) : json(x / y);
  }
}

json eval(const Node& n, const Lookup& vars, const json* overlay) {
  switch (n.op) {
  case NodeOp::literal: return n.value;
  case NodeOp::path: return lookup(n.value, vars, overlay);
  case NodeOp::eq: return equal(eval(*n.lhs, vars, overlay), eval(*n.rhs, vars, overlay));
  case NodeOp::ne: return !equal(eval(*n.lhs, vars, overlay), eval(*n.rhs, vars, overlay));
  case NodeOp::lt:
  case NodeOp::le:
  case NodeOp::gt:
  case NodeOp::ge: {
    auto o = order(eval(*n.lhs, vars, overlay), eval(*n.rhs, vars, overlay));
    if (!o) return false;
    switch (n.op) {
    case NodeOp::lt: return *o < 0;
    case NodeOp::le: return *o <= 0;
    case NodeOp::gt: return *o > 0;
    default: return *o >= 0;
    }
  }
  case NodeOp::and_: return truthy(eval(*n.lhs, vars, overlay)) && truthy(eval(*n.rhs, vars, overlay));
  case NodeOp::or_: return truthy(eval(*n.lhs, vars, overlay)) || truthy(eval(*n.rhs, vars, overlay));
  case NodeOp::not_: return !truthy(eval(*n.lhs, vars, overlay));
  case NodeOp::in: return contains(eval(*n.lhs, vars, overlay), eval(*n.rhs, vars, overlay));
  case NodeOp::add:
  case NodeOp::sub:
  case NodeOp::mul:
  case NodeOp::div: return arithmetic(n.op, eval(*n.lhs, vars, overlay), eval(*n.rhs, vars, overlay));
  case NodeOp::neg: {
    json v = eval(*n.lhs, vars, overlay);
    if (v.is_number_integer() && v.get<std::int64_t>() != INT64_MIN) return -v.get<std::int64_t>();
    if (v.is_number()) return -v.get<double>();
    return nullptr;
  }
  case NodeOp::count: {
    json v = eval(*n.lhs, vars, overlay);
    if (v.is_array() || v.is_object()) return v.size();
    if (v.is_string()) return v.get_ref<const std::string&>().size();
    return v.is_null() ? 0 : 1;
  }
  case NodeOp::empty: {
    json v = eval(*n.lhs, vars, overlay);
    if (v.is_null()) return true;
    if (v.is_array() || v.is_object()) return v.empty();
    if (v.is_string()) return v.get_ref<const std::string&>().empty();
    return false;
  }
  }
  return nullptr;
}

} // namespace

bool truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_float()) return v.get<double>() != 0.0;
  if (v.is_number()) return v.get<std::int64_t>() != 0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return !v.empty();
}

const json* ObjectLookup::find(std::string_view name) const {
  if (!m_object.is_object()) return nullptr;
  auto it = m_object.find(name);
  return it == m_object.end() ? nullptr : &*it;
}

json evaluate(const Expression& expression, const Lookup& variables, const json* overlay) {
  if (!expression.m_root) return nullptr;
  return eval(*expression.m_root, variables, overlay);
}

json evaluate(const Expression& expression, const json& variables, const json* overlay) {
  return evaluate(expression, ObjectLookup(variables), overlay);
}

} // namespace ks::engine::expr
