// Dictionaries for the values a case keeps once it has ended (issue 8, migration 0083, decision
// 0023): its archive (case_archive.hpp) and its packed history (history_store.hpp). Cases of one
// process definition repeat each other — the same element ids, task and variable names, form
// keys, often the same answers — and zstd, compressing each value alone, pays for all of it in
// every case. The first value of a kind at least min_reference() bytes long that a definition's
// cases store becomes that definition's dictionary (pack_dictionaries: its text, a zstd frame,
// with the case it came from); every later value of the kind is compressed with it, and names it
// by its id (compressed::Dictionary). Values written before, or before the definition had one,
// read as they are.
//
// A dictionary is a copy of one case's archive or history; it is read by no one but the codec.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/compressed_text.hpp"
#include "store/database.hpp"

namespace ks::store::dictionaries {

enum class Kind { archive, history };

// A value shorter than this (a case that ended early) is no dictionary for the cases that go
// through the routine: a Västernorrland case's archive is 27–90 KB, its history 13–23 KB (the
// engine benchmark's and `ks bench seed`'s); an archive of 16 KB, a history of 8 KB.
constexpr std::size_t min_reference(Kind kind) { return kind == Kind::archive ? 16 * 1024 : 8 * 1024; }

// How `text`, case `case_id`'s value of `kind`, is stored (a BLOB or bytea): compressed with its
// definition's dictionary when it has one; else alone, and kept as the definition's dictionary
// when it is long enough. Call inside the write transaction that stores the value.
Result<Value> stored_value(Connection& c, Kind kind, std::int64_t case_id, std::string_view text);

// The definition's dictionary of `kind`: `text` (from case `case_id`), stored now when the
// definition has none, else the one it has. What stored_value() does for a definition's first long
// value, for `ks bench seed`, whose cases are rows only once their batch is written.
Result<std::shared_ptr<const compressed::Dictionary>> made_of(Connection& c, Kind kind, std::int64_t definition_id,
                                                              std::int64_t case_id, std::string_view text);

// The text of a stored value, with the dictionary it names when it names one (loaded once a
// process). Errors: internal, naming the dictionary, when it is missing or damaged, or the value
// is.
Result<std::string> expand(Connection& c, std::string stored);

} // namespace ks::store::dictionaries
