#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <charconv>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "store/sqlite/swedish_tokenizer.hpp"

namespace ks::store {

namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = "sqlite: ";
  msg += what;
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return Error{ErrorCode::unavailable, msg, std::string(kRetryableField)};
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error::conflict(msg);
  if (primary == SQLITE_CONSTRAINT) return Error::invalid(msg);
  if (primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN || primary == SQLITE_CORRUPT)
    return Error::unavailable(msg);
  return Error::internal(msg);
}

// SQLite's process-wide settings, before the first connection initialises the library. Memory
// statistics off: with them (Debian's default) every sqlite3_malloc and sqlite3_free takes one
// process-wide mutex to count bytes, which nothing in KS reads — ≈730 allocations a task
// completion, and with 32 clients that mutex was where most threads waited (issue 8, session 14
// in docs/performance.md). Fails harmlessly (SQLITE_MISUSE) if something initialised SQLite first.
bool configure_process() { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }

class SqliteConnection final : public Connection {
public:
  // `pages_written`: the database's count, which outlives its connections.
  SqliteConnection(sqlite3* db, std::atomic<std::int64_t>* pages_written) : m_db(db), m_pages_written(pages_written) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : m_statements) sqlite3_finalize(stmt);
    sqlite3_close_v2(m_db);
  }

  Backend backend() const override { return Backend::sqlite; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    auto stmt = KS_TRY(prepare(sql, params));
    Rows rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        return fail(sqlite_error(m_db, sqlite3_extended_errcode(m_db), sql));
      }
      int n = sqlite3_column_count(stmt);
      std::vector<std::optional<std::string>> cols;
      cols.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        const int type = sqlite3_column_type(stmt, i);
        if (type == SQLITE_NULL) {
          cols.emplace_back();
        } else if (type == SQLITE_INTEGER) {
          // The digits sqlite3_column_text() would give, without SQLite turning its value into
          // text in place, which costs an allocation and a formatting pass a column (issue 8:
          // ≈60 integer columns are read in a task completion).
          char digits[24];
          auto end = std::to_chars(digits, digits + sizeof digits, sqlite3_column_int64(stmt, i)).ptr;
          cols.emplace_back(std::string(digits, end));
        } else {
          auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          cols.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
        }
      }
      rows.emplace_back(std::move(cols));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    auto stmt = KS_TRY(prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return fail(sqlite_error(m_db, sqlite3_extended_errcode(m_db), sql));
    return static_cast<std::int64_t>(sqlite3_changes(m_db));
  }

  Status execute_script(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return fail(Error::internal("sqlite: script failed: " + msg));
    }
    return {};
  }

  // Through the statement cache like every other statement: sqlite3_exec would parse the text
  // on each call, and SQLite's parser allocates a few KB each time it runs — on every transaction,
  // twice (callgrind: a third of the instructions of a task completion went to that allocation
  // and glibc's fastbin consolidation it set off).
  Status begin(bool write) override {
    (void)pages_written_since_reset(); // Only this transaction's pages count at its commit.
    KS_TRY(execute(write ? "BEGIN IMMEDIATE" : "BEGIN", {}));
    return {};
  }
  Status commit() override {
    KS_TRY(execute("COMMIT", {}));
    m_pages_written->fetch_add(pages_written_since_reset(), std::memory_order_relaxed);
    return {};
  }
  void rollback() override {
    if (!sqlite3_get_autocommit(m_db)) (void)execute("ROLLBACK", {});
  }
  bool in_transaction() const override { return !sqlite3_get_autocommit(m_db); }

private:
  // The pages this connection wrote to the WAL since the last call.
  int pages_written_since_reset() {
    int written = 0, highest = 0;
    return sqlite3_db_status(m_db, SQLITE_DBSTATUS_CACHE_WRITE, &written, &highest, 1) == SQLITE_OK ? written : 0;
  }

  // Prepared statements are cached per connection by their SQL text.
  Result<sqlite3_stmt*> prepare(std::string_view sql, std::span<const Value> params) {
    sqlite3_stmt* stmt = nullptr;
    // Looked up by the text as given, without copying it into a key first; every parameter is
    // bound below, so the previous run's bindings need no clearing (issue 8: ≈4 % of a completion
    // went to this function).
    if (auto it = m_statements.find(sql); it != m_statements.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                  &stmt, nullptr);
      if (rc != SQLITE_OK) return fail(sqlite_error(m_db, rc, sql));
      m_statements.emplace(std::string(sql), stmt);
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
      return fail(Error::internal("sqlite: wrong number of parameters for: " + std::string(sql)));
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i].v;
      int idx = static_cast<int>(i) + 1;
      switch (v.index()) {
      case 0: sqlite3_bind_null(stmt, idx); break;
      case 1: sqlite3_bind_int64(stmt, idx, std::get<std::int64_t>(v)); break;
      case 2: sqlite3_bind_double(stmt, idx, std::get<double>(v)); break;
      // SQLITE_STATIC: the parameters outlive the statement's run (query() and execute() step
      // and reset it before they return), and the next use binds afresh — no copy of a 12 KB state.
      case 3: {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
        break;
      }
      case 4: {
        const auto& b = std::get<Blob>(v).bytes;
        sqlite3_bind_blob(stmt, idx, b.data(), static_cast<int>(b.size()), SQLITE_STATIC);
        break;
      }
      }
    }
    return stmt;
  }

  sqlite3* m_db;
  std::atomic<std::int64_t>* m_pages_written;
  // Keyed by the SQL text; found by a string_view (heterogeneous lookup).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> m_statements;
};

class SqliteDatabase final : public Database {
public:
  SqliteDatabase(std::string path, std::string synchronous) : m_path(std::move(path)), m_sync(std::move(synchronous)) {}
  Backend backend() const override { return Backend::sqlite; }
  std::string describe() const override { return "sqlite:" + m_path; }
  void set_pool_size(int n) { m_pool_size = n; }
  void enable_group_commit() { m_group = std::make_unique<GroupCommit>(*this); }
  std::optional<std::int64_t> pages_written() const override { return m_pages_written.load(); }

protected:
  Result<std::unique_ptr<Connection>> connect() override {
    static const bool configured = configure_process();
    (void)configured;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      Error e = Error::unavailable("cannot open SQLite database " + m_path + ": " +
                                   (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
      sqlite3_close_v2(db);
      return fail(std::move(e));
    }
    auto conn = std::make_unique<SqliteConnection>(db, &m_pages_written);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    // journal_mode reads the header first, so a file that is not a database fails here.
    // temp_store=MEMORY: the sub-journal of a SAVEPOINT (every grouped transaction has one) and
    // sort/temp tables stay in memory instead of a temp file created and unlinked per transaction.
    // It holds only what a rollback to the savepoint needs; the WAL and its fsync are unchanged.
    std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                          "PRAGMA synchronous=" + m_sync + ";";
    char* err = nullptr;
    rc = sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_NOTADB)
        return fail(Error::unavailable("sqlite: " + m_path + " is not a SQLite database"));
      return fail(Error::unavailable("sqlite: cannot open " + m_path + ": " + msg));
    }
    if (auto s = register_swedish_tokenizer(db); !s) return fail(s.error());
    return std::unique_ptr<Connection>(std::move(conn));
  }

private:
  std::string m_path;
  std::string m_sync;
  std::atomic<std::int64_t> m_pages_written{0};
};

} // namespace

Result<std::unique_ptr<Database>> open_sqlite(const DatabaseOptions& options, std::string_view path) {
  if (path.empty()) return fail(Error::invalid("sqlite: empty path", "db"));
  std::string sync = options.sqlite_synchronous;
  if (sync != "full" && sync != "normal" && sync != "extra")
    return fail(Error::invalid("sqlite synchronous must be full, normal or extra, not '" + sync + "'",
                               "sqlite_synchronous"));
  std::string p(path);
  if (p != ":memory:") {
    std::error_code ec;
    auto parent = std::filesystem::path(p).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto db = std::make_unique<SqliteDatabase>(p, sync);
  db->set_pool_size(p == ":memory:" ? 1 : options.pool_size);
  if (options.group_commit && p != ":memory:") db->enable_group_commit();
  // Open one connection now so that errors (not a database, no permission) surface at open.
  if (auto s = db->ping(); !s) return fail(std::move(s).error());
  return std::unique_ptr<Database>(std::move(db));
}

} // namespace ks::store
