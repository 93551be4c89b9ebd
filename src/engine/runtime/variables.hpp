// A case's variables, each kept as the JSON text it was stored as and parsed only when it is read
// (issue 8). A task completion reads a few of a case's ≈70 variables and writes a few more;
// parsing all of them (≈9 KB of text at the widest step) took ≈190 µs and built ≈66 KB of
// nlohmann::json, kept in memory for as long as the case's state was. The names and texts are
// held in one buffer with a sorted index beside it (≈12 KB for those 9 KB), and an unchanged
// variable is written back as the very text it was read from.
//
// Reading parses the variable once and keeps the value; writing marks it changed. settle() turns
// the changed values back into text and forgets every parsed value: what a case's state keeps
// between two completions (service/state_cache.hpp). Not thread-safe, even for reading.
#pragma once

#include "core/json_text.hpp"
#include "core/result.hpp"
#include "engine/expr/expression.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ks::engine {

// Estimates of the heap a string, a vector's elements or a JSON value hold beyond their own
// object: glibc malloc's own bytes a block, and libstdc++'s 15 characters kept in place.
inline constexpr std::size_t kHeapBlockOverhead = 16;
std::size_t heap_bytes_of(const std::string& s);
std::size_t heap_bytes_of(const nlohmann::json& j);
template <class T>
std::size_t heap_bytes_of(const std::vector<T>& v) {
  return v.capacity() == 0 ? 0 : v.capacity() * sizeof(T) + kHeapBlockOverhead;
}

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

  Variables(const Variables& other);
  Variables(Variables&&) noexcept = default;
  Variables& operator=(const Variables& other);
  Variables& operator=(Variables&&) noexcept = default;
  ~Variables() = default;

  // The variable's value, parsed now if it was not yet; nullptr when it is not set.
  const nlohmann::json* find(std::string_view name) const override;
  bool contains(std::string_view name) const { return locate(name) != m_index.size(); }
  std::size_t size() const { return m_index.size(); }
  bool empty() const { return m_index.empty(); }

  // The variable's value to change in place (null when it was not set). The reference stays
  // valid until settle() or the variable's erase().
  nlohmann::json& write(std::string_view name);
  void set(std::string_view name, nlohmann::json value) { write(name) = std::move(value); }
  // Appends `item` to the array `name` holds, as write(name) and push_back() would (a variable not
  // set, or not an array, becomes [item]); on the text when the variable has not been read since
  // the last settle(): `,` and item's dump() go before its closing bracket, the same bytes
  // settle() would write (issue 8: a multi-instance task's completion parsed its whole
  // collection to add one entry, and wrote it again).
  void push_back(std::string_view name, nlohmann::json item);
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
  // A variable: its name and text as places in m_text, and its parsed value if it has one.
  struct Entry {
    std::uint32_t name_at = 0;
    std::uint32_t name_size = 0;
    std::uint32_t text_at = 0;
    std::uint32_t text_size = 0; // 0: no text (a variable set since the last settle()).
    std::int32_t parsed = -1;    // Its value in m_parsed; -1: not parsed.
    bool changed = false;        // The parsed value is the truth and the text is not.
  };

  std::string_view name_of(const Entry& e) const { return {m_text.data() + e.name_at, e.name_size}; }
  std::string_view text_of(const Entry& e) const { return {m_text.data() + e.text_at, e.text_size}; }
  // The index of `name` in m_index, or m_index.size().
  std::size_t locate(std::string_view name) const;
  // The parsed value of m_index[i], parsing its text now if needed.
  nlohmann::json& parsed(std::size_t i) const;
  // Appends `name` (and then `text`) to m_text; the entry for them, not yet in the index.
  Entry append(std::string_view name, std::string_view text);

  std::string m_text;                                         // Names and texts, back to back.
  mutable std::vector<Entry> m_index;                         // Sorted by name, one per variable.
  mutable std::vector<std::unique_ptr<nlohmann::json>> m_parsed; // Values read or written.
  bool m_erased = false; // Since the last settle(): m_text holds what no entry points to.
};

} // namespace ks::engine
