#include "engine/runtime/variables.hpp"

#include "core/json_text.hpp"

#include <fmt/format.h>

namespace ks::engine {

using nlohmann::json;

Variables::Variables(json object) {
  if (!object.is_object()) return;
  for (auto& [name, value] : object.get_ref<json::object_t&>())
    m_slots.emplace(name, Slot{{}, std::move(value), true});
}

Result<Variables> Variables::from_text(std::string_view object_text) {
  return from_members(KS_TRY(json_text::members(object_text)));
}

Result<Variables> Variables::from_members(std::vector<json_text::Member> members) {
  Variables out;
  for (auto& m : members) {
    Slot slot;
    if (!m.canonical) { // Kept as dump() writes it, so that the state's text stays canonical.
      try {
        slot.value = json::parse(m.text);
      } catch (const json::exception& e) { // A number beyond a double.
        return fail(Error::invalid(fmt::format("variable '{}': {}", m.name, e.what())));
      }
      slot.changed = true;
    } else {
      slot.text.assign(m.text);
    }
    out.m_slots.insert_or_assign(std::move(m.name), std::move(slot)); // The last of a repeated name, as parse().
  }
  return out;
}

const json* Variables::find(std::string_view name) const {
  auto it = m_slots.find(name);
  if (it == m_slots.end()) return nullptr;
  const Slot& slot = it->second;
  // from_text() checked the text (a canonical one holds no number beyond 64 bits); only memory can
  // run out here.
  if (!slot.value) slot.value = json::parse(slot.text);
  return &*slot.value;
}

json& Variables::write(std::string_view name) {
  auto it = m_slots.find(name);
  if (it == m_slots.end()) it = m_slots.emplace(std::string(name), Slot{{}, json(), true}).first;
  Slot& slot = it->second;
  if (!slot.value) slot.value = json::parse(slot.text);
  slot.changed = true;
  return *slot.value;
}

bool Variables::erase(std::string_view name) {
  auto it = m_slots.find(name);
  if (it == m_slots.end()) return false;
  m_slots.erase(it);
  return true;
}

json Variables::to_json() const {
  json out = json::object();
  for (const auto& [name, slot] : m_slots) out[name] = slot.value ? *slot.value : json::parse(slot.text);
  return out;
}

void Variables::append_text(std::string& out) const {
  out += '{';
  bool first = true;
  for (const auto& [name, slot] : m_slots) {
    if (!first) out += ',';
    first = false;
    json_text::append_string(out, name, json_text::Invalid::throw_);
    out += ':';
    if (slot.changed) out += slot.value->dump();
    else out += slot.text;
  }
  out += '}';
}

void Variables::settle() {
  for (auto& [name, slot] : m_slots) {
    if (slot.changed) {
      slot.text = slot.value->dump();
      slot.changed = false;
    }
    slot.value.reset();
  }
}

std::size_t Variables::heap_bytes() const {
  // A map node: its links and colour (32 bytes), the pair, and the allocator's own 16.
  constexpr std::size_t kNode = 32 + sizeof(std::pair<const std::string, Slot>) + 16;
  std::size_t n = 0;
  for (const auto& [name, slot] : m_slots)
    n += kNode + heap_bytes_of(name) + heap_bytes_of(slot.text) + (slot.value ? heap_bytes_of(*slot.value) : 0);
  return n;
}

std::size_t heap_bytes_of(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 + 16 : 0; }

std::size_t heap_bytes_of(const json& j) {
  constexpr std::size_t kBlock = 16; // The allocator's own per block.
  switch (j.type()) {
  case json::value_t::object: {
    std::size_t n = sizeof(json::object_t) + kBlock;
    for (const auto& [k, v] : j.get_ref<const json::object_t&>())
      n += 32 + sizeof(std::pair<const std::string, json>) + kBlock + heap_bytes_of(k) + heap_bytes_of(v);
    return n;
  }
  case json::value_t::array: {
    const auto& a = j.get_ref<const json::array_t&>();
    std::size_t n = sizeof(json::array_t) + kBlock + a.capacity() * sizeof(json) + kBlock;
    for (const auto& v : a) n += heap_bytes_of(v);
    return n;
  }
  case json::value_t::string: return sizeof(std::string) + kBlock + heap_bytes_of(j.get_ref<const std::string&>());
  case json::value_t::binary: return sizeof(json::binary_t) + kBlock + j.get_binary().capacity() + kBlock;
  default: return 0;
  }
}

} // namespace ks::engine
