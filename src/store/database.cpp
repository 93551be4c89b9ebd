#include "store/database.hpp"

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <deque>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace ks::store {

std::string_view to_string(Backend b) { return b == Backend::sqlite ? "sqlite" : "postgresql"; }

namespace {
int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}
} // namespace

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string bytes_column(Backend backend, std::string_view column) {
  return backend == Backend::postgres ? "encode(" + std::string(column) + ", 'hex')" : std::string(column);
}

std::optional<std::string> bytes_of(Backend backend, const Row& row, std::size_t i) {
  return backend == Backend::postgres ? from_hex(row.text(i)) : std::optional<std::string>(row.text(i));
}

std::optional<std::string> Value::text() const {
  switch (v.index()) {
  case 1: return std::to_string(std::get<std::int64_t>(v));
  case 2: {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(v));
    return std::string(buf);
  }
  case 3: return std::get<std::string>(v);
  case 4: return "\\x" + to_hex(std::get<Blob>(v).bytes);
  default: return std::nullopt;
  }
}

const std::string& Row::text(std::size_t i) const {
  static const std::string empty;
  const auto& c = m_cols.at(i);
  return c ? *c : empty;
}

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  const auto& c = m_cols.at(i);
  if (!c) return std::nullopt;
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), out);
  if (ec != std::errc()) {
    if (*c == "t" || *c == "true") return 1;
    if (*c == "f" || *c == "false") return 0;
    return std::nullopt;
  }
  return out;
}

std::int64_t Row::integer(std::size_t i) const { return opt_integer(i).value_or(0); }

double Row::real(std::size_t i) const {
  const auto& c = m_cols.at(i);
  if (!c) return 0;
  return std::strtod(c->c_str(), nullptr);
}

Status Connection::send(std::string_view sql, std::span<const Value> params, std::optional<Expect> expect) {
  const auto changed = KS_TRY(execute(sql, params));
  if (expect && changed != expect->rows) return fail(std::move(expect->otherwise));
  return {};
}

struct Database::Pool {
  std::mutex mutex;
  std::condition_variable available;
  std::deque<std::unique_ptr<Connection>> idle; // GUARDED_BY(mutex)
  int open = 0;                                 // GUARDED_BY(mutex)
};

PooledConnection::~PooledConnection() {
  if (m_db && m_conn) m_db->release(std::move(m_conn));
}

Database::Database() : m_pool(std::make_shared<Pool>()) {
  static std::atomic<std::uint64_t> next{1};
  m_instance_id = next++;
}

Result<PooledConnection> Database::acquire() {
  {
    std::unique_lock lock(m_pool->mutex);
    m_pool->available.wait(lock, [&] { return !m_pool->idle.empty() || m_pool->open < m_pool_size; });
    if (!m_pool->idle.empty()) {
      auto c = std::move(m_pool->idle.front());
      m_pool->idle.pop_front();
      return PooledConnection(this, std::move(c));
    }
    ++m_pool->open;
  }
  auto c = connect();
  if (!c) {
    std::lock_guard lock(m_pool->mutex);
    --m_pool->open;
    m_pool->available.notify_one();
    return std::unexpected(std::move(c).error());
  }
  return PooledConnection(this, std::move(*c));
}

void Database::release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(m_pool->mutex);
  if (!c->usable()) {
    c.reset();
    --m_pool->open;
    m_pool->available.notify_one();
    return;
  }
  m_pool->idle.push_back(std::move(c));
  m_pool->available.notify_one();
}

bool Database::is_retryable(const Error& e) { return e.field == kRetryableField; }

Status Database::ping() {
  auto conn = acquire();
  if (!conn) return std::unexpected(std::move(conn).error());
  auto r = (*conn)->rows("SELECT 1");
  if (!r) return std::unexpected(std::move(r).error());
  return {};
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseOptions& options) {
  std::string_view url = options.url;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres(options);
  if (url.starts_with("sqlite:")) return open_sqlite(options, url.substr(7));
  if (url.ends_with(".db") || url.ends_with(".sqlite") || url.ends_with(".sqlite3"))
    return open_sqlite(options, url);
  return fail(Error::invalid("unknown database URL '" + options.url +
                                 "': use sqlite:PATH or postgresql://USER@HOST/DB",
                             "db"));
}

} // namespace ks::store
