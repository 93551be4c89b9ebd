#include "store/group_commit.hpp"

#include <exception>

#include "store/database.hpp"

namespace ks::store {

namespace {

Error retryable(std::string message) {
  return Error{ErrorCode::unavailable, std::move(message), std::string(kRetryableField)};
}

Status status_of(const Result<std::int64_t>& r) {
  if (!r) return fail(r.error());
  return {};
}

} // namespace

GroupCommit::GroupCommit(Database& db) : m_db(db) {}
GroupCommit::~GroupCommit() = default;

Status GroupCommit::run(const std::function<Status(Connection&)>& body) {
  Request request{&body, {}, false};
  std::unique_lock lock(m_mutex);
  m_queue.push_back(&request);
  for (;;) {
    if (request.done) return std::move(request.result);
    if (!m_leading) {
      lead(lock);
      continue; // Our request was in the batch we led: done now.
    }
    m_changed.wait(lock);
  }
}

// Called with the lock held and no leader; leads one batch, which holds the caller's request.
void GroupCommit::lead(std::unique_lock<std::mutex>& lock) {
  m_leading = true;
  std::deque<Request*> batch;
  while (!m_queue.empty() && batch.size() < kMaxBatch) {
    batch.push_back(m_queue.front());
    m_queue.pop_front();
  }
  lock.unlock();
  run_batch(batch);
  lock.lock();
  m_transactions += batch.size();
  ++m_commits;
  for (auto* r : batch) r->done = true;
  m_leading = false;
  m_changed.notify_all(); // The members wake; one waiter left in the queue becomes leader.
}

void GroupCommit::run_batch(std::deque<Request*>& batch) {
  auto fail_all = [&](const Error& e) {
    for (auto* r : batch)
      if (r->result) r->result = fail(retryable("group commit: " + e.message));
  };
  if (m_writer && !m_writer->usable()) m_writer.reset();
  if (!m_writer) {
    auto conn = m_db.open_connection();
    if (!conn) {
      for (auto* r : batch) r->result = fail(conn.error());
      return;
    }
    m_writer = std::move(*conn);
  }
  Connection& c = *m_writer;
  if (auto s = c.begin(true); !s) {
    for (auto* r : batch) r->result = fail(s.error());
    return;
  }
  // A batch of one needs no savepoint: when its body fails, the whole transaction is rolled back.
  // (A savepoint costs a statement each way and a copy of every page it changes.)
  const bool alone = batch.size() == 1;
  bool aborted = false;
  for (auto* r : batch) {
    if (aborted) {
      r->result = fail(retryable("group commit: an earlier transaction of the batch aborted it"));
      continue;
    }
    if (auto s = alone ? Status{} : status_of(c.exec("SAVEPOINT ks_group")); !s) {
      r->result = fail(s.error());
      aborted = !c.in_transaction();
      continue;
    }
    try {
      r->result = (*r->body)(c);
    } catch (const std::exception& e) {
      r->result = fail(Error::internal(std::string("transaction threw: ") + e.what()));
    } catch (...) {
      r->result = fail(Error::internal("transaction threw"));
    }
    if (!c.in_transaction()) {
      // SQLite rolled the whole transaction back (I/O error, disk full): nothing of the batch
      // survives, so every member before this one must run again.
      aborted = true;
      for (auto* earlier : batch) {
        if (earlier == r) break;
        if (earlier->result) earlier->result = fail(retryable("group commit: the batch was rolled back"));
      }
      if (r->result) r->result = fail(retryable("group commit: the batch was rolled back"));
      continue;
    }
    if (alone) {
      if (!r->result) {
        c.rollback();
        return;
      }
      continue;
    }
    if (!r->result) (void)c.exec("ROLLBACK TO ks_group");
    (void)c.exec("RELEASE ks_group");
  }
  if (aborted) {
    c.rollback();
    return;
  }
  if (auto s = c.commit(); !s) {
    c.rollback();
    fail_all(s.error());
  }
}

bool GroupCommit::busy() const {
  std::lock_guard lock(m_mutex);
  return m_leading || !m_queue.empty();
}

std::size_t GroupCommit::transactions() const {
  std::lock_guard lock(m_mutex);
  return m_transactions;
}

std::size_t GroupCommit::commits() const {
  std::lock_guard lock(m_mutex);
  return m_commits;
}

} // namespace ks::store
