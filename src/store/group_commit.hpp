// Group commit for SQLite: several threads' write transactions share one durable COMMIT.
//
// SQLite has one writer at a time and, with synchronous=FULL, each COMMIT waits for an fsync of the
// WAL. With many clients the fsync, not the work, is the limit. Here the first writer to arrive
// becomes the leader: it takes every transaction queued so far (up to kMaxBatch), runs them one
// after another inside one BEGIN IMMEDIATE on the writer connection, each inside its own
// SAVEPOINT (a batch of one needs none: its failure rolls the whole transaction back), and
// commits once. The writer connection is the same for every batch (opened on the
// first, outside the pool): SQLite drops a connection's page cache whenever another connection
// wrote since its last transaction, so one writer keeps the pages it writes to warm. A transaction whose body fails is rolled back to its savepoint and gets its own
// error; the others are unaffected. Each caller is woken only after the COMMIT (and its fsync)
// returned, so an acknowledged write is as durable as without grouping. When the COMMIT fails (or
// SQLite aborted the whole transaction) every transaction of the batch gets a retryable error and
// Database::write runs it again from the start. Batches form by themselves: while the leader
// waits for one fsync, the next callers queue; one client alone runs exactly as before.
//
// Transactions of a batch see the uncommitted writes of those before them in the batch; that is
// the serial order in which they commit, all or none. Thread-safe. Decision record:
// docs/decisions/0012-sqlite-group-commit.md.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "core/result.hpp"

namespace ks::store {

class Connection;
class Database;

class GroupCommit {
public:
  static constexpr std::size_t kMaxBatch = 128;

  explicit GroupCommit(Database& db);
  ~GroupCommit();

  // Runs body in a grouped write transaction. Returns body's error when body failed (its writes
  // undone), the commit's (retryable) error when the batch could not commit, else success once
  // the batch is durable. body runs on some caller's thread (the leader's), never concurrently
  // with another body; it must not throw (an exception becomes an internal error).
  Status run(const std::function<Status(Connection&)>& body);

  // True while a batch runs or transactions wait for one: a write arriving now would wait for
  // the writer, so work that can be done before it is better done outside (task completion).
  bool busy() const;

  // Counters for benchmarks: transactions and durable commits so far.
  std::size_t transactions() const;
  std::size_t commits() const;

private:
  struct Request {
    const std::function<Status(Connection&)>* body;
    Status result;
    bool done = false;
  };
  void lead(std::unique_lock<std::mutex>& lock);
  void run_batch(std::deque<Request*>& batch);

  Database& m_db;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Request*> m_queue;  // GUARDED_BY(m_mutex)
  bool m_leading = false;        // GUARDED_BY(m_mutex)
  std::size_t m_transactions = 0; // GUARDED_BY(m_mutex)
  std::size_t m_commits = 0;      // GUARDED_BY(m_mutex)
  std::unique_ptr<Connection> m_writer; // Used only by the leader (m_leading).
};

} // namespace ks::store
