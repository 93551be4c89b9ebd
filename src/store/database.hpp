// The database, behind one interface with two backends: SQLite (default, a file) and PostgreSQL.
//
// SQL is written once, with `?` placeholders; the PostgreSQL backend rewrites them to $1, $2...
// Values travel as text (integers and reals formatted, NULL as std::nullopt), which both backends
// accept. Timestamps are BIGINT milliseconds since the epoch (ks::Instant), booleans INTEGER 0/1,
// JSON TEXT. Where the dialects differ (FTS, row locks), branch on Connection::backend().
//
// Every state change runs inside Database::write(), one transaction; reads inside read().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "store/group_commit.hpp"

namespace ks::store {

enum class Backend { sqlite, postgres };
std::string_view to_string(Backend b);

// Lower-case hex of bytes, and back (nullopt for text that is not hex): PostgreSQL's bytea as
// text (`\x…` when bound, encode(…, 'hex') when read).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

// Bytes bound as a BLOB (SQLite) or bytea (PostgreSQL), not as text.
struct Blob {
  std::string bytes;
};

// A parameter: NULL, integer, real, text or bytes.
struct Value {
  std::variant<std::monostate, std::int64_t, double, std::string, Blob> v;
  Value() = default;
  Value(std::nullptr_t) {}
  Value(int x) : v(std::int64_t{x}) {}
  Value(long x) : v(std::int64_t{x}) {}
  Value(long long x) : v(std::int64_t{x}) {}
  Value(unsigned x) : v(std::int64_t{x}) {}
  Value(bool x) : v(std::int64_t{x ? 1 : 0}) {}
  Value(double x) : v(x) {}
  Value(std::string x) : v(std::move(x)) {}
  Value(std::string_view x) : v(std::string(x)) {}
  Value(const char* x) : v(std::string(x)) {}
  Value(Blob x) : v(std::move(x)) {}
  template <class T>
  Value(const std::optional<T>& x) {
    if (x) *this = Value(*x);
  }
  bool is_null() const { return std::holds_alternative<std::monostate>(v); }
  // The text form sent to the database (NULL → nullopt; bytes as bytea's hex form, \\x…).
  std::optional<std::string> text() const;
};

// One result row. Columns are addressed by index, in SELECT order.
class Row {
public:
  explicit Row(std::vector<std::optional<std::string>> cols) : m_cols(std::move(cols)) {}
  std::size_t size() const { return m_cols.size(); }
  bool is_null(std::size_t i) const { return !m_cols.at(i).has_value(); }
  // Text of column i; "" when NULL.
  const std::string& text(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const { return m_cols.at(i); }
  // Integer of column i; 0 when NULL or not a number.
  std::int64_t integer(std::size_t i) const;
  std::optional<std::int64_t> opt_integer(std::size_t i) const;
  double real(std::size_t i) const;
  bool boolean(std::size_t i) const { return integer(i) != 0 || text(i) == "t" || text(i) == "true"; }

private:
  std::vector<std::optional<std::string>> m_cols;
};

using Rows = std::vector<Row>;

// A BLOB (SQLite) or bytea (PostgreSQL) column as a statement selects it — as it is, or
// `encode(column, 'hex')`, bytea's text form — and the bytes of column i of a row that selected
// it so (nullopt when PostgreSQL's text is not hex).
std::string bytes_column(Backend backend, std::string_view column);
std::optional<std::string> bytes_of(Backend backend, const Row& row, std::size_t i);

// One connection, used by one thread at a time.
class Connection {
public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  // Runs one statement; returns its rows (empty for statements without a result).
  virtual Result<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement; returns the number of rows changed.
  virtual Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status execute_script(std::string_view sql) = 0;

  // How many rows a sent statement must change, and the error when it changes another number.
  struct Expect {
    std::int64_t rows;
    Error otherwise;
  };
  // A statement whose answer the caller need not wait for (an INSERT, UPDATE or DELETE inside a
  // write transaction). PostgreSQL sends it and goes on: it travels to the server with the
  // statements after it, in one round trip (libpq's pipeline mode), and its answer is read with the
  // next statement that returns rows, or before COMMIT. SQLite, which has no round trips, runs it
  // at once. Either way the transaction cannot commit without it: its error (which names it) or,
  // with `expect`, a different number of changed rows (then the error is expect->otherwise) fails
  // that later call and every call after it until the rollback (issue 8).
  virtual Status send(std::string_view sql, std::span<const Value> params, std::optional<Expect> expect);
  template <class... A>
  Status post(std::string_view sql, A&&... a) {
    const Value params[] = {Value(std::forward<A>(a))..., Value()};
    return send(sql, std::span<const Value>(params, sizeof...(A)), std::nullopt);
  }
  template <class... A>
  Status post_expecting(Expect expect, std::string_view sql, A&&... a) {
    const Value params[] = {Value(std::forward<A>(a))..., Value()};
    return send(sql, std::span<const Value>(params, sizeof...(A)), std::move(expect));
  }

  // Convenience forms with inline parameters: conn.query("... ?", id, name).
  template <class... A>
  Result<Rows> rows(std::string_view sql, A&&... a) {
    const Value params[] = {Value(std::forward<A>(a))..., Value()};
    return query(sql, std::span<const Value>(params, sizeof...(A)));
  }
  template <class... A>
  Result<std::optional<Row>> row(std::string_view sql, A&&... a) {
    auto r = rows(sql, std::forward<A>(a)...);
    if (!r) return std::unexpected(std::move(r).error());
    if (r->empty()) return std::optional<Row>();
    return std::optional<Row>(std::move(r->front()));
  }
  template <class... A>
  Result<std::int64_t> exec(std::string_view sql, A&&... a) {
    const Value params[] = {Value(std::forward<A>(a))..., Value()};
    return execute(sql, std::span<const Value>(params, sizeof...(A)));
  }
  // INSERT ... RETURNING id (both backends support RETURNING); returns the id.
  template <class... A>
  Result<std::int64_t> insert(std::string_view sql, A&&... a) {
    auto r = rows(sql, std::forward<A>(a)...);
    if (!r) return std::unexpected(std::move(r).error());
    if (r->empty()) return std::unexpected(Error::internal("INSERT returned no id"));
    return r->front().integer(0);
  }

  // False when the connection is broken (server gone); the pool then drops it.
  virtual bool usable() const { return true; }
  // False when the backend ended the transaction by itself (SQLite after an I/O error); group
  // commit then retries the whole batch.
  virtual bool in_transaction() const { return true; }

  // Internal: transaction control used by Database::write/read.
  virtual Status begin(bool write) = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
};

class Database;

// A connection borrowed from the pool; returned when destroyed.
class PooledConnection {
public:
  PooledConnection(Database* db, std::unique_ptr<Connection> c) : m_db(db), m_conn(std::move(c)) {}
  PooledConnection(PooledConnection&&) = default;
  PooledConnection& operator=(PooledConnection&&) = default;
  ~PooledConnection();
  Connection& operator*() { return *m_conn; }
  Connection* operator->() { return m_conn.get(); }

private:
  Database* m_db;
  std::unique_ptr<Connection> m_conn;
};

struct DatabaseOptions {
  // "sqlite:PATH" (or a bare path ending in .db/.sqlite), "sqlite::memory:", or a libpq URL
  // "postgresql://...".
  std::string url;
  int pool_size = 8;
  // SQLite only: "full" (default; an acknowledged write survives power loss) or "normal".
  std::string sqlite_synchronous = "full";
  // SQLite only: concurrent write transactions share one durable commit (store/group_commit.hpp).
  bool group_commit = true;
  // PostgreSQL only: a schema to create if missing and put first on the search_path (tests use
  // one schema per test; production leaves it empty for "public").
  std::string pg_schema;
};

// A pool of connections to one database. Thread-safe.
class Database {
public:
  Database();
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  // A short description without secrets: "sqlite:/path" or "postgresql://host/db".
  virtual std::string describe() const = 0;

  // Opens the database named by options.url. Errors: invalid_input for a URL of unknown form;
  // unavailable when the server cannot be reached or the file is not a database.
  static Result<std::unique_ptr<Database>> open(const DatabaseOptions& options);

  Result<PooledConnection> acquire();
  void release(std::unique_ptr<Connection> c);
  // A new connection outside the pool, owned by the caller (the group commit's writer, which
  // keeps one connection so that its page cache stays warm between batches).
  Result<std::unique_ptr<Connection>> open_connection() { return connect(); }

  // Runs fn in one write transaction: committed when fn returns a value, rolled back when it
  // returns an error (which is passed on). SQLite takes the write lock at BEGIN (IMMEDIATE);
  // transient lock/serialization failures are retried a few times.
  template <class F>
  auto write(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    return transact(true, std::forward<F>(fn));
  }
  // Runs fn in a read transaction (a consistent snapshot).
  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    return transact(false, std::forward<F>(fn));
  }

  // True when the database answers a trivial query.
  Status ping();

  // A number no other Database object of this process had or will have (not an address, which a
  // later object may reuse): for process-wide caches of what was read from this database.
  std::uint64_t instance_id() const { return m_instance_id; }

  // The group committer of write transactions, or null when writes commit one by one (PostgreSQL,
  // whose WAL flush groups concurrent commits by itself; SQLite with group_commit off).
  const GroupCommit* group_commit() const { return m_group.get(); }

  // Pages this database's commits have written to the WAL so far (SQLite's
  // SQLITE_DBSTATUS_CACHE_WRITE, summed over its connections at each COMMIT); nullopt on
  // PostgreSQL. For benchmarks: every page is one more WAL frame to checksum, write and fsync.
  virtual std::optional<std::int64_t> pages_written() const { return std::nullopt; }

protected:
  virtual Result<std::unique_ptr<Connection>> connect() = 0;
  int m_pool_size = 8; // Set by the backend before the first acquire().
  std::unique_ptr<GroupCommit> m_group; // Set by the backend before the first write().

private:
  template <class F>
  auto transact(bool write, F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    if (write && m_group) return transact_grouped(std::forward<F>(fn));
    for (int attempt = 0;; ++attempt) {
      auto conn = acquire();
      if (!conn) return std::unexpected(std::move(conn).error());
      if (auto s = (*conn)->begin(write); !s) {
        if (is_retryable(s.error()) && attempt < 5) continue;
        return std::unexpected(std::move(s).error());
      }
      auto result = fn(**conn);
      if (!result) {
        (*conn)->rollback();
        if (is_retryable(result.error()) && attempt < 5) continue;
        return result;
      }
      if (auto s = (*conn)->commit(); !s) {
        (*conn)->rollback();
        if (is_retryable(s.error()) && attempt < 5) continue;
        return std::unexpected(std::move(s).error());
      }
      return result;
    }
  }
  template <class F>
  auto transact_grouped(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    for (int attempt = 0;; ++attempt) {
      std::optional<R> result;
      const std::function<Status(Connection&)> body = [&](Connection& c) -> Status {
        result.emplace(fn(c));
        if (!*result) return std::unexpected(result->error());
        return {};
      };
      auto s = m_group->run(body);
      if (s) return std::move(*result);
      if (is_retryable(s.error()) && attempt < 5) continue;
      if (result && !*result) return std::move(*result);
      return std::unexpected(std::move(s).error());
    }
  }
  static bool is_retryable(const Error& e);

  struct Pool;
  std::shared_ptr<Pool> m_pool;
  std::uint64_t m_instance_id;
};

// Marks a transient failure (SQLite BUSY, PostgreSQL serialization/deadlock) so that
// Database::write retries the transaction.
inline constexpr std::string_view kRetryableField = "retryable";

} // namespace ks::store
