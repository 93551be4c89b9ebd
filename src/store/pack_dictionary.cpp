#include "store/pack_dictionary.hpp"

#include <mutex>
#include <unordered_map>

#include "store/compressed_text.hpp"

namespace ks::store::dictionaries {

namespace {

std::string_view kind_name(Kind kind) { return kind == Kind::archive ? "archive" : "history"; }

Error damaged(std::int64_t id, std::string_view what) {
  return Error::internal("the compression dictionary " + std::to_string(id) + " " + std::string(what));
}

// Dictionaries by id, as loaded: an id names its text, so an entry is right for any database.
std::mutex g_mutex;
std::unordered_map<std::int64_t, std::shared_ptr<const compressed::Dictionary>> g_loaded;

Result<std::shared_ptr<const compressed::Dictionary>> load(Connection& c, std::int64_t id) {
  {
    std::lock_guard lock(g_mutex);
    if (auto it = g_loaded.find(id); it != g_loaded.end()) return it->second;
  }
  auto row = KS_TRY(
      c.row("SELECT " + bytes_column(c.backend(), "content") + " FROM pack_dictionaries WHERE id = ?", id));
  if (!row) return fail(damaged(id, "that a stored value was written with is missing"));
  auto bytes = bytes_of(c.backend(), *row, 0);
  if (!bytes) return fail(damaged(id, "is damaged: its bytes do not decode"));
  auto text = compressed::expand(std::move(*bytes));
  if (!text) return fail(damaged(id, "is damaged: " + text.error().message));
  if (compressed::dictionary_id(*text) != id) return fail(damaged(id, "is damaged: its text is not the one its id names"));
  auto dict = compressed::Dictionary::make(std::move(*text));
  std::lock_guard lock(g_mutex);
  return g_loaded.try_emplace(id, std::move(dict)).first->second;
}

// Stores `frame` (the text alone) as the definition's dictionary of `kind` unless it has one.
// Another transaction may be storing one for it at the same moment: the unique (kind,
// definition_id) keeps the first.
Status insert(Connection& c, Kind kind, std::int64_t definition_id, std::int64_t case_id, std::string_view text,
              std::string frame) {
  return c.post("INSERT INTO pack_dictionaries (id, kind, definition_id, case_id, content) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                compressed::dictionary_id(text), kind_name(kind), definition_id, case_id, Blob{std::move(frame)});
}

} // namespace

Result<Value> stored_value(Connection& c, Kind kind, std::int64_t case_id, std::string_view text) {
  auto row = KS_TRY(c.row("SELECT k.definition_id, d.id FROM cases k LEFT JOIN pack_dictionaries d ON "
                          "d.definition_id = k.definition_id AND d.kind = ? WHERE k.id = ?",
                          kind_name(kind), case_id));
  // A dictionary another transaction stored is seen only once it committed (PostgreSQL), or, in
  // SQLite's group commit, once its body succeeded in the same batch, which commits all or none
  // (group_commit.hpp): a value never names a dictionary its own commit could leave out.
  if (row && row->opt_integer(1)) {
    auto dict = KS_TRY(load(c, *row->opt_integer(1)));
    return Value(Blob{compressed::compress(text, *dict)});
  }
  std::string frame = compressed::compress(text, compressed::Use::kept);
  // The first long enough becomes the definition's dictionary, stored as the same frame; this
  // value, written alone, reads whichever transaction's dictionary is kept.
  if (row && text.size() >= min_reference(kind)) KS_TRY(insert(c, kind, row->integer(0), case_id, text, frame));
  return Value(Blob{std::move(frame)});
}

Result<std::shared_ptr<const compressed::Dictionary>> made_of(Connection& c, Kind kind, std::int64_t definition_id,
                                                              std::int64_t case_id, std::string_view text) {
  KS_TRY(insert(c, kind, definition_id, case_id, text, compressed::compress(text, compressed::Use::kept)));
  auto row = KS_TRY(c.row("SELECT id FROM pack_dictionaries WHERE kind = ? AND definition_id = ?", kind_name(kind),
                          definition_id));
  if (!row) return fail(Error::internal("the dictionary stored for process definition " + std::to_string(definition_id) +
                                        " is not there"));
  return load(c, row->integer(0));
}

Result<std::string> expand(Connection& c, std::string stored) {
  const auto id = compressed::dictionary_of(stored);
  if (!id) return compressed::expand(std::move(stored));
  auto dict = KS_TRY(load(c, *id));
  return compressed::expand(std::move(stored), *dict);
}

} // namespace ks::store::dictionaries
