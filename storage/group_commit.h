// Runs the write transactions of many threads as one SQLite transaction, so that one WAL sync
// acknowledges them all (group commit). With `synchronous = FULL` a commit costs a disk flush;
// committing each PUT alone would cap durable writes at the disk's flush rate.
#pragma once

#include "storage/sqlite_db.h"

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace s3emu::storage {

class GroupCommit {
public:
    using Job = std::function<void(SqliteDb&)>;

    explicit GroupCommit(SqliteDb& writer) : writer_(writer) {}

    // Runs `job` on the writer connection in its own savepoint and returns once the transaction
    // holding it has committed. The first waiting thread commits everything queued meanwhile.
    // An exception from `job` rolls back only that job and is rethrown here; a failed commit
    // is rethrown to every job of the batch.
    void run(const Job& job);

private:
    struct Pending {
        const Job* job;
        std::exception_ptr error;
        bool done = false;
    };
    void commit_batch(const std::vector<Pending*>& batch);

    SqliteDb& writer_;
    std::mutex mutex_;
    std::condition_variable batch_done_;
    std::vector<Pending*> queue_;
    bool committing_ = false;
};

}  // namespace s3emu::storage
