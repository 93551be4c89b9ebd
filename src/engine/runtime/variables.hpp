// A case's variables, each kept as the JSON text it was stored as and parsed only when it is read
// (issue 8). A task completion reads a few of a case's ≈70 variables and writes a few more;
// parsing all of them (≈9 KB of text at the widest step) took ≈190 µs and built ≈66 KB of
// nlohmann::json, kept in memory for as long as the case's state was. Text takes a sixth of that,
// and an unchanged variable is written back as the very text it was read from.
//
// Reading parses the variable once and keeps the value; writing marks it changed. settle() turns
// the changed values back into text and forgets every parsed value: what a case's state keeps
// between two completions (service/state_cache.hpp). Not thread-safe, even for reading.
#pragma once

#include "core/json_text.hpp"
#include "core/result.hpp"
#include "engine/expr/expression.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks::engine {

// Estimates of the heap a string or a JSON value holds beyond its own object (glibc malloc's 16
// bytes a block, libstdc++'s 15 characters kept in place).
std::size_t heap_bytes_of(const std::string& s);
std::size_t heap_bytes_of(const nlohmann::json& j);

class Variables final : public expr::Lookup {
public:
  Variables() = default;
  // The members of a JSON object (of anything else, none).
  explicit Variables(nlohmann::json object);
  // The members of a JSON object's text, each value kept as written and checked to parse.
  // Errors: invalid_input naming the byte of the first fault.
  static Result<Variables> from_text(std::string_view object_text);
  // The same from the object's members as json_text::members() found them (texts that outlive
  // the call are not needed: each is copied).
  static Result<Variables> from_members(std::vector<json_text::Member> members);

  Variables(const Variables&) = default;
  Variables(Variables&&) noexcept = default;
  Variables& operator=(const Variables&) = default;
  Variables& operator=(Variables&&) noexcept = default;
  ~Variables() = default;

  // The variable's value, parsed now if it was not yet; nullptr when it is not set.
  const nlohmann::json* find(std::string_view name) const override;
  bool contains(std::string_view name) const { return m_slots.contains(name); }
  std::size_t size() const { return m_slots.size(); }
  bool empty() const { return m_slots.empty(); }

  // The variable's value to change in place (null when it was not set).
  nlohmann::json& write(std::string_view name);
  void set(std::string_view name, nlohmann::json value) { write(name) = std::move(value); }
  // False when it was not set.
  bool erase(std::string_view name);

  // All of them as one JSON object.
  nlohmann::json to_json() const;
  // Appends to_json().dump(): an unchanged variable as the text it was read from (the same bytes
  // whenever that text was written by dump(), as every state KS stores is), a changed one dumped.
  // Throws nlohmann::json::type_error for a name or a changed value that is not UTF-8, as dump().
  void append_text(std::string& out) const;

  // Writes every changed value back to text and forgets the parsed values.
  void settle();

  // An estimate of the heap it holds, parsed values included (heap_bytes in state.hpp).
  std::size_t heap_bytes() const;

private:
  struct Slot {
    std::string text;                            // The value's JSON text; stale while `changed`.
    mutable std::optional<nlohmann::json> value; // Parsed on first read.
    bool changed = false;                        // `value` is the truth and `text` is not.
  };
  std::map<std::string, Slot, std::less<>> m_slots;
};

} // namespace ks::engine
