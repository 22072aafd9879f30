#include "storage/group_commit.h"

#include <utility>

namespace s3emu::storage {

GroupCommit::~GroupCommit() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    queued_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void GroupCommit::submit(Job job, Done done) {
    bool wake;
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
        // Only an empty queue can have the thread asleep; otherwise it will come back for these.
        wake = queue_.empty();
        queue_.push_back(Pending{std::move(job), std::move(done), nullptr});
        ++unfinished_;
    }
    if (wake) queued_.notify_one();
}

void GroupCommit::run(const Job& job) {
    std::mutex mutex;
    std::condition_variable committed;
    bool finished = false;
    std::exception_ptr error;
    submit(job, [&](std::exception_ptr e) {
        std::lock_guard lock(mutex);
        error = e;
        finished = true;
        committed.notify_one();
    });
    std::unique_lock lock(mutex);
    committed.wait(lock, [&] { return finished; });
    if (error) std::rethrow_exception(error);
}

void GroupCommit::loop() {
    std::vector<Pending> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to commit
            // Everything that queued up during the last commit goes into this one.
            std::swap(batch, queue_);
        }
        commit_batch(batch);
        if (after_commit_) after_commit_();
        for (Pending& p : batch) p.done(p.error);
        {
            std::lock_guard lock(mutex_);
            unfinished_ -= batch.size();
            if (unfinished_ == 0) idle_.notify_all();
        }
        batch.clear();
    }
}

void GroupCommit::drain() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return unfinished_ == 0; });
}

void GroupCommit::commit_batch(std::vector<Pending>& batch) {
    try {
        Transaction tx(writer_);
        for (Pending& p : batch) {
            writer_.statement("SAVEPOINT job")->step();
            try {
                p.job(writer_);
                writer_.statement("RELEASE job")->step();
            } catch (...) {
                p.error = std::current_exception();
                writer_.statement("ROLLBACK TO job")->step();
                writer_.statement("RELEASE job")->step();
            }
        }
        tx.commit();
    } catch (...) {
        // The transaction is gone: no job in it took effect.
        for (Pending& p : batch)
            if (!p.error) p.error = std::current_exception();
    }
}

}  // namespace s3emu::storage
