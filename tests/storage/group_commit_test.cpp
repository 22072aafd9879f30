#include "storage/group_commit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace s3emu::storage {
namespace {

namespace fs = std::filesystem;

class GroupCommitTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = fs::temp_directory_path() / ("s3emu-group-commit-" + std::to_string(::getpid()));
        fs::remove(path_);
        db_ = std::make_unique<SqliteDb>(path_.string());
        db_->exec("PRAGMA journal_mode = WAL");
        db_->exec("CREATE TABLE t (v INTEGER PRIMARY KEY)");
        commits_ = std::make_unique<GroupCommit>(*db_);
    }
    void TearDown() override {
        commits_.reset();
        db_.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
    }

    void insert(SqliteDb& db, std::int64_t v) {
        auto s = db.statement("INSERT INTO t (v) VALUES (?1)");
        s->bind(1, v);
        s->step();
    }
    std::int64_t count() {
        auto s = db_->statement("SELECT count(*) FROM t");
        s->step();
        return s->int_at(0);
    }

    fs::path path_;
    std::unique_ptr<SqliteDb> db_;
    std::unique_ptr<GroupCommit> commits_;
};

TEST_F(GroupCommitTest, EveryJobFromManyThreadsIsCommitted) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) commits_->run([&](SqliteDb& db) { insert(db, t * 1000 + i); });
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(count(), 16 * 50);
}

TEST_F(GroupCommitTest, AFailingJobRollsBackAloneAndItsErrorReachesItsCaller) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) {
                try {
                    commits_->run([&](SqliteDb& db) {
                        insert(db, t * 1000 + i);
                        // Odd jobs fail after writing: their row must not survive.
                        if (i % 2) throw std::invalid_argument("job failed");
                    });
                } catch (const std::invalid_argument&) {
                    ++failures;
                }
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 8 * 10);
    EXPECT_EQ(count(), 8 * 10);
    auto odd = db_->statement("SELECT count(*) FROM t WHERE v % 2 = 1");
    odd->step();
    EXPECT_EQ(odd->int_at(0), 0);
}

TEST_F(GroupCommitTest, AJobSeesTheWritesOfEarlierJobs) {
    commits_->run([&](SqliteDb& db) { insert(db, 1); });
    // A duplicate key fails in SQLite itself: that job is rolled back, the connection stays usable.
    EXPECT_THROW(commits_->run([&](SqliteDb& db) { insert(db, 1); }), std::runtime_error);
    commits_->run([&](SqliteDb& db) { insert(db, 2); });
    EXPECT_EQ(count(), 2);
}


TEST_F(GroupCommitTest, SubmittedJobsReportThroughTheirCompletionOnTheCommitThread) {
    const auto caller = std::this_thread::get_id();
    std::mutex mutex;
    std::vector<std::exception_ptr> errors;
    std::atomic<int> on_caller_thread{0};
    for (int i = 0; i < 100; ++i)
        commits_->submit(
            [&, i](SqliteDb& db) {
                insert(db, i);
                if (i % 10 == 0) throw std::invalid_argument("job failed");
            },
            [&](std::exception_ptr e) {
                if (std::this_thread::get_id() == caller) ++on_caller_thread;
                std::lock_guard lock(mutex);
                errors.push_back(e);
            });
    commits_->drain();
    ASSERT_EQ(errors.size(), 100u);
    EXPECT_EQ(std::count_if(errors.begin(), errors.end(), [](auto& e) { return bool(e); }), 10);
    EXPECT_EQ(on_caller_thread.load(), 0);
    EXPECT_EQ(count(), 90);
}

TEST_F(GroupCommitTest, DestructionCommitsWhatIsQueued) {
    std::atomic<int> done{0};
    for (int i = 0; i < 50; ++i)
        commits_->submit([&, i](SqliteDb& db) { insert(db, i); }, [&](std::exception_ptr e) {
            if (!e) ++done;
        });
    commits_.reset();
    EXPECT_EQ(done.load(), 50);
    EXPECT_EQ(count(), 50);
}

}  // namespace
}  // namespace s3emu::storage
