// An FTS5 tokenizer "swedish" for SQLite: splits UTF-8 text into words, folds case (including
// Å, Ä, Ö, É), and stems each word with libstemmer's Swedish (Snowball) stemmer, so that
// "vårdförloppen" matches "vårdförlopp". Registered on every SQLite connection.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ks::store {

Status register_swedish_tokenizer(sqlite3* db);

// Lower-cases UTF-8 text (ASCII and Latin-1 letters), leaving other bytes unchanged.
std::string fold_case_utf8(std::string_view text);

} // namespace ks::store
