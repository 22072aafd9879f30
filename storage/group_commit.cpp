#include "storage/group_commit.h"

#include <utility>

namespace s3emu::storage {

void GroupCommit::run(const Job& job) {
    Pending pending{&job};
    std::unique_lock lock(mutex_);
    queue_.push_back(&pending);
    while (!pending.done) {
        if (committing_) {
            batch_done_.wait(lock);
            continue;
        }
        // No commit in flight: this thread commits whatever has queued up, its own job included.
        committing_ = true;
        std::vector<Pending*> batch = std::exchange(queue_, {});
        lock.unlock();
        commit_batch(batch);
        lock.lock();
        for (Pending* p : batch) p->done = true;
        committing_ = false;
        batch_done_.notify_all();
    }
    if (pending.error) std::rethrow_exception(pending.error);
}

void GroupCommit::commit_batch(const std::vector<Pending*>& batch) {
    try {
        Transaction tx(writer_);
        for (Pending* p : batch) {
            writer_.statement("SAVEPOINT job")->step();
            try {
                (*p->job)(writer_);
                writer_.statement("RELEASE job")->step();
            } catch (...) {
                p->error = std::current_exception();
                writer_.statement("ROLLBACK TO job")->step();
                writer_.statement("RELEASE job")->step();
            }
        }
        tx.commit();
    } catch (...) {
        // The transaction is gone: no job in it took effect.
        for (Pending* p : batch)
            if (!p->error) p->error = std::current_exception();
    }
}

}  // namespace s3emu::storage
