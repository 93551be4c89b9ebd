// Internal to the expression module: the syntax tree.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>

namespace ks::engine::expr {

enum class NodeOp { literal, path, eq, ne, lt, le, gt, ge, and_, or_, not_, in, count, empty, add, sub, mul, div, neg };

struct Node {
  NodeOp op = NodeOp::literal;
  nlohmann::json value;                  // literal: the value; path: an array of names and indexes.
  std::shared_ptr<const Node> lhs, rhs;  // Operands; unary operators and functions use lhs.
};

} // namespace ks::engine::expr
