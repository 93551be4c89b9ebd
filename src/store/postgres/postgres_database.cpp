#include "store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

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

class PgConnection final : public Connection {
public:
  explicit PgConnection(PGconn* c) : m_conn(c) {}
  ~PgConnection() override { PQfinish(m_conn); }
  Backend backend() const override { return Backend::postgres; }
  bool usable() const override { return PQstatus(m_conn) == CONNECTION_OK; }

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
    const char* n = PQcmdTuples(res);
    std::int64_t changed = (n && *n) ? std::stoll(n) : 0;
    PQclear(res);
    return changed;
  }

  Status execute_script(std::string_view sql) override {
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

  Status begin(bool write) override {
    return execute_script(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  Status commit() override { return execute_script("COMMIT"); }
  void rollback() override {
    if (PQtransactionStatus(m_conn) != PQTRANS_IDLE) {
      PGresult* res = PQexec(m_conn, "ROLLBACK");
      PQclear(res);
    }
  }

private:
  Result<PGresult*> run(std::string_view sql, std::span<const Value> params) {
    std::string key(sql);
    auto it = m_prepared.find(key);
    if (it == m_prepared.end()) {
      std::string name = "s" + std::to_string(m_prepared.size());
      std::string text = to_postgres_placeholders(sql);
      PGresult* res = PQprepare(m_conn, name.c_str(), text.c_str(), 0, nullptr);
      if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        Error e = result_error(m_conn, res, sql);
        PQclear(res);
        return fail(std::move(e));
      }
      PQclear(res);
      it = m_prepared.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::optional<std::string>> texts;
    texts.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) texts.push_back(p.text());
    for (const auto& t : texts) values.push_back(t ? t->c_str() : nullptr);
    PGresult* res = PQexecPrepared(m_conn, it->second.c_str(), static_cast<int>(values.size()), values.data(),
                                   nullptr, nullptr, 0);
    auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = result_error(m_conn, res, sql);
      PQclear(res);
      return fail(std::move(e));
    }
    return res;
  }

  PGconn* m_conn;
  std::unordered_map<std::string, std::string> m_prepared;
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
