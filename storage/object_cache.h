// Small objects recently read, kept so that a GET of an object read before costs no read
// transaction: SQLite's WAL read lock (fcntl system calls), two statements and three copies
// of the bytes were a quarter of a small GET's CPU time.
//
// Correct without tracking which write touches which key: every commit empties the cache, and
// a reader may only add what it read if no commit happened since it took its ticket, before
// its read transaction began. So an entry is never older than the last commit. Reads between
// writes (test fixtures read many times, a served object) are what it speeds up.
#pragma once

#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace s3emu::storage {

class ObjectCache {
public:
    struct Entry {
        ObjectMeta meta;
        std::shared_ptr<const std::string> data;  // the whole object
    };
    using Ticket = std::uint64_t;

    // Bytes of object data kept at most; when full it starts again from empty.
    explicit ObjectCache(std::size_t budget) : budget_(budget) {}

    // Take before the read transaction whose result may be offered to put().
    Ticket ticket() const;
    std::shared_ptr<const Entry> get(std::string_view bucket, std::string_view key) const;
    // Keeps `entry` unless a commit happened since `ticket` was taken, or it alone is over budget.
    void put(Ticket ticket, std::string_view bucket, std::string_view key, std::shared_ptr<const Entry> entry);
    // After every commit, before anyone is told it happened.
    void invalidate();

private:
    // Bucket names cannot hold '/', so "bucket/key" names one object.
    static std::string id(std::string_view bucket, std::string_view key);

    const std::size_t budget_;
    mutable std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace s3emu::storage
