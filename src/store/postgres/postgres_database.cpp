#include "store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <unordered_map>

namespace ks::store {

std::string to_postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::string redact_url(std::string_view url) {
  // postgresql://user:password@host/db → postgresql://user:***@host/db
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  auto at = url.find('@', scheme + 3);
  auto colon = url.find(':', scheme + 3);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

namespace {

std::string first_line(const char* s) {
  std::string m = s ? s : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  if (auto nl = m.find('\n'); nl != std::string::npos) m = m.substr(0, nl);
  return m;
}

Error result_error(PGconn* conn, PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  std::string msg = "postgresql: " + first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (msg == "postgresql: ") msg += first_line(PQerrorMessage(conn));
  if (!sql.empty()) msg += " [" + std::string(sql.substr(0, 200)) + "]";
  if (code == "23505") return Error::conflict(msg);
  if (code.starts_with("23") || code.starts_with("22")) return Error::invalid(msg);
  if (code == "40001" || code == "40P01" || code == "55P03")
    return Error{ErrorCode::unavailable, msg, std::string(kRetryableField)};
  if (code.starts_with("08") || code.starts_with("57") || PQstatus(conn) != CONNECTION_OK)
    return Error::unavailable(msg);
  return Error::internal(msg);
}

void ignore_notice(void*, const char*) {}

// Every statement goes through libpq's pipeline. Those whose answers the caller does not wait for
// (Connection::send) stay in it and go to the server together with the next statement that returns
// rows, or with COMMIT, in one round trip; their answers are read then, in order.
class PgConnection final : public Connection {
public:
  explicit PgConnection(PGconn* c) : m_conn(c) {}
  ~PgConnection() override { PQfinish(m_conn); }
  Backend backend() const override { return Backend::postgres; }
  bool usable() const override { return PQstatus(m_conn) == CONNECTION_OK && PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    PGresult* res = KS_TRY(run(sql, params));
    Rows rows;
    int nrows = PQntuples(res), ncols = PQnfields(res);
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<std::optional<std::string>> cols;
      cols.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c))
          cols.emplace_back();
        else
          cols.emplace_back(std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
      }
      rows.emplace_back(std::move(cols));
    }
    PQclear(res);
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    PGresult* res = KS_TRY(run(sql, params));
    const std::int64_t changed = changed_rows(res);
    PQclear(res);
    return changed;
  }

  Status send(std::string_view sql, std::span<const Value> params, std::optional<Expect> expect) override {
    if (m_failed) return fail(*m_failed);
    // Outside a transaction nothing would ever read the answer: run it now.
    if (!m_in_transaction) return Connection::send(sql, params, std::move(expect));
    KS_TRY(send_prepared(sql, params));
    m_pending.push_back({excerpt(sql), std::move(expect), {}});
    return {};
  }

  Status execute_script(std::string_view sql) override {
    if (m_failed) return fail(*m_failed);
    KS_TRY(sync(nullptr));
    std::string text(sql);
    PGresult* res = PQexec(m_conn, text.c_str());
    auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = result_error(m_conn, res, text.size() < 80 ? std::string_view(text) : std::string_view());
      PQclear(res);
      return fail(std::move(e));
    }
    PQclear(res);
    return {};
  }

  // BEGIN travels with the transaction's first statement.
  Status begin(bool write) override {
    KS_TRY(settle_left_over());
    m_failed.reset();
    m_in_transaction = true;
    return send_plain(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  // COMMIT travels with the statements sent before it, unless one of them must first be seen to
  // have changed the rows it had to: then those answers are read first, and COMMIT follows.
  Status commit() override {
    if (m_failed) return fail(*m_failed);
    const bool checks = std::any_of(m_pending.begin(), m_pending.end(), [](const Pending& p) { return p.expect.has_value(); });
    if (checks) KS_TRY(sync(nullptr));
    KS_TRY(send_plain("COMMIT"));
    KS_TRY(sync(nullptr));
    m_in_transaction = false;
    return {};
  }

  void rollback() override {
    (void)sync(nullptr); // What was sent is answered (or aborted) before anything else.
    m_failed.reset();
    m_in_transaction = false;
    if (PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF && PQtransactionStatus(m_conn) != PQTRANS_IDLE) {
      PGresult* res = PQexec(m_conn, "ROLLBACK");
      PQclear(res);
    }
  }

private:
  struct Pending {
    std::string sql; // For messages.
    std::optional<Expect> expect;
    std::string prepared_key; // A PQsendPrepare: forgotten again if it fails.
  };

  static std::string excerpt(std::string_view sql) { return std::string(sql.substr(0, 200)); }

  static std::int64_t changed_rows(PGresult* res) {
    const char* n = PQcmdTuples(res);
    return (n && *n) ? std::stoll(n) : 0;
  }

  // A statement without parameters, as it is (BEGIN, COMMIT), into the pipeline.
  Status send_plain(const char* sql) {
    KS_TRY(enter_pipeline());
    if (!PQsendQueryParams(m_conn, sql, 0, nullptr, nullptr, nullptr, nullptr, 0))
      return fail(result_error(m_conn, nullptr, sql));
    m_pending.push_back({sql, std::nullopt, {}});
    return {};
  }

  Status enter_pipeline() {
    if (PQpipelineStatus(m_conn) != PQ_PIPELINE_OFF) return {};
    if (!PQenterPipelineMode(m_conn)) return fail(Error::unavailable("postgresql: " + first_line(PQerrorMessage(m_conn))));
    return {};
  }

  // A connection handed back with a pipeline still open (its transaction ended without commit or
  // rollback): read it out; nothing of it is kept.
  Status settle_left_over() {
    if (m_pending.empty() && PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF) return {};
    rollback();
    if (!usable()) return fail(Error::unavailable("postgresql: the connection is out of step"));
    return {};
  }

  // The prepared statement's name; a new one is prepared on the server first, in the pipeline.
  Result<const std::string*> statement(std::string_view sql) {
    std::string key(sql);
    auto it = m_prepared.find(key);
    if (it != m_prepared.end()) return &it->second;
    std::string name = "s" + std::to_string(m_next_name++);
    std::string text = to_postgres_placeholders(sql);
    if (!PQsendPrepare(m_conn, name.c_str(), text.c_str(), 0, nullptr)) return fail(result_error(m_conn, nullptr, sql));
    m_pending.push_back({excerpt(sql), std::nullopt, key});
    return &m_prepared.emplace(std::move(key), std::move(name)).first->second;
  }

  struct Bound {
    std::vector<std::optional<std::string>> texts;
    std::vector<const char*> values;
  };
  static Bound bind(std::span<const Value> params) {
    Bound b;
    b.texts.reserve(params.size());
    b.values.reserve(params.size());
    for (const auto& p : params) b.texts.push_back(p.text());
    for (const auto& t : b.texts) b.values.push_back(t ? t->c_str() : nullptr);
    return b;
  }

  Status send_prepared(std::string_view sql, std::span<const Value> params) {
    KS_TRY(enter_pipeline());
    const std::string* name = KS_TRY(statement(sql));
    const Bound b = bind(params);
    if (!PQsendQueryPrepared(m_conn, name->c_str(), static_cast<int>(b.values.size()), b.values.data(), nullptr,
                             nullptr, 0))
      return fail(result_error(m_conn, nullptr, sql));
    return {};
  }

  // Ends the open pipeline: sends its sync and reads every answer in order. The first error, or
  // the first sent statement that changed another number of rows than expected, is returned and,
  // inside a transaction, kept until the rollback. With `last`, the answer of the last statement is handed over instead
  // of being freed (run()).
  Status sync(PGresult** last) {
    if (PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF) return {};
    std::optional<Error> failed;
    if (!PQpipelineSync(m_conn)) failed = result_error(m_conn, nullptr, {});
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
      const Pending& p = m_pending[i];
      const bool keep = last && i + 1 == m_pending.size();
      while (PGresult* res = PQgetResult(m_conn)) {
        const auto st = PQresultStatus(res);
        if (st == PGRES_PIPELINE_ABORTED) {
          // Skipped by the server after an earlier error, which is the one reported.
        } else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
          if (!failed) failed = result_error(m_conn, res, p.sql);
          if (!p.prepared_key.empty()) m_prepared.erase(p.prepared_key);
        } else if (p.expect && changed_rows(res) != p.expect->rows) {
          if (!failed) failed = p.expect->otherwise; // The caller's own words, as on SQLite.
        } else if (keep && !failed) {
          *last = res;
          continue;
        }
        PQclear(res);
      }
    }
    m_pending.clear();
    // The sync's own answer; a broken connection ends the results early instead.
    bool synced = false;
    while (PGresult* res = PQgetResult(m_conn)) {
      synced = synced || PQresultStatus(res) == PGRES_PIPELINE_SYNC;
      PQclear(res);
      if (synced) break;
    }
    if (!synced && !failed) failed = Error::unavailable("postgresql: " + first_line(PQerrorMessage(m_conn)));
    if (!PQexitPipelineMode(m_conn) && !failed) failed = Error::unavailable("postgresql: " + first_line(PQerrorMessage(m_conn)));
    if (failed) {
      if (last && *last) {
        PQclear(*last);
        *last = nullptr;
      }
      if (m_in_transaction) m_failed = failed; // Outside one, the failed statement was all there was.
      return fail(std::move(*failed));
    }
    return {};
  }

  // One statement whose answer is needed now: the last of the pipeline (alone in it when nothing
  // was sent before), answered with the rest in one round trip.
  Result<PGresult*> run(std::string_view sql, std::span<const Value> params) {
    if (m_failed) return fail(*m_failed);
    KS_TRY(send_prepared(sql, params));
    m_pending.push_back({excerpt(sql), std::nullopt, {}});
    PGresult* res = nullptr;
    KS_TRY(sync(&res));
    if (!res) return fail(Error::internal("postgresql: no answer to [" + excerpt(sql) + "]"));
    return res;
  }

  PGconn* m_conn;
  std::unordered_map<std::string, std::string> m_prepared;
  std::size_t m_next_name = 0;
  std::vector<Pending> m_pending;
  std::optional<Error> m_failed; // A sent statement failed: so does everything until the rollback.
  bool m_in_transaction = false; // Between begin() and commit() or rollback().
};

class PgDatabase final : public Database {
public:
  PgDatabase(std::string url, std::string schema, int pool) : m_url(std::move(url)), m_schema(std::move(schema)) {
    m_pool_size = pool;
  }
  Backend backend() const override { return Backend::postgres; }
  std::string describe() const override { return redact_url(m_url); }

protected:
  Result<std::unique_ptr<Connection>> connect() override {
    PGconn* c = PQconnectdb(m_url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::string msg = "cannot connect to PostgreSQL at " + describe() + ": " + first_line(PQerrorMessage(c));
      PQfinish(c);
      return fail(Error::unavailable(msg));
    }
    PQsetNoticeProcessor(c, ignore_notice, nullptr);
    auto conn = std::make_unique<PgConnection>(c);
    if (!m_schema.empty()) {
      KS_TRY(conn->execute_script("CREATE SCHEMA IF NOT EXISTS \"" + m_schema + "\"; SET search_path TO \"" +
                                  m_schema + "\""));
    }
    return std::unique_ptr<Connection>(std::move(conn));
  }

private:
  std::string m_url;
  std::string m_schema;
};

} // namespace

Result<std::unique_ptr<Database>> open_postgres(const DatabaseOptions& options) {
  for (char c : options.pg_schema)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return fail(Error::invalid("schema name may hold only letters, digits and _", "pg_schema"));
  auto db = std::make_unique<PgDatabase>(options.url, options.pg_schema, options.pool_size);
  if (auto s = db->ping(); !s) return fail(std::move(s).error());
  return std::unique_ptr<Database>(std::move(db));
}

} // namespace ks::store
