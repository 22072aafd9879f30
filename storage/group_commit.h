// Runs the write transactions of many callers as one SQLite transaction, so that one WAL sync
// acknowledges them all (group commit). With `synchronous = FULL` a commit costs a disk flush;
// committing each PUT alone would cap durable writes at the disk's flush rate.
//
// One commit thread runs the transactions. A caller either waits (run) or hands over a job and
// a completion (submit): an io thread can queue a small PUT's commit and serve other
// connections meanwhile, and a whole batch costs one wake-up of this thread instead of a thread
// hand-off for every write.
#pragma once

#include "storage/sqlite_db.h"

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace s3emu::storage {

class GroupCommit {
public:
    using Job = std::function<void(SqliteDb&)>;
    using Done = std::function<void(std::exception_ptr)>;

    // `after_commit` runs on the commit thread after each transaction, before any job's `done`.
    explicit GroupCommit(SqliteDb& writer, std::function<void()> after_commit = {})
        : writer_(writer), after_commit_(std::move(after_commit)) {}
    // Commits what is queued, then stops the commit thread.
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    // Runs `job` on the writer connection in its own savepoint, in the next transaction the
    // commit thread runs; then calls `done` on that thread, with the job's exception if it threw
    // (only that job is rolled back) or the commit's if the transaction failed (every job of the
    // batch gets it). `done` must be quick: it holds up the next batch.
    void submit(Job job, Done done);

    // submit(), and wait for the commit; rethrows the job's or the commit's exception.
    void run(const Job& job);

    // Waits until every job submitted so far is committed and its `done` has run.
    void drain();

private:
    struct Pending {
        Job job;
        Done done;
        std::exception_ptr error;
    };
    void loop();
    void commit_batch(std::vector<Pending>& batch);

    SqliteDb& writer_;
    std::function<void()> after_commit_;
    std::mutex mutex_;
    std::condition_variable queued_, idle_;
    std::vector<Pending> queue_;
    std::size_t unfinished_ = 0;  // submitted jobs whose `done` has not returned yet
    bool stopping_ = false;
    std::thread thread_;  // started by the first job: a server that only reads never needs it
};

}  // namespace s3emu::storage
