// Streams a new object's bytes to a temp file, computing its MD5 (the ETag) and one flexible
// checksum in the same pass. Up to `memory_limit` bytes stay in memory instead, so that the
// store can keep a small object in its database (one sequential WAL write, no file to sync).
// Destroyed before the store commits it, it leaves nothing behind.
#pragma once

#include "auth/crypto.h"
#include "storage/blob_dir.h"
#include "storage/checksum.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace s3emu::storage {

class ObjectWriter {
public:
    ObjectWriter(BlobDir& dir, ChecksumAlgorithm checksum, std::size_t memory_limit = 0);
    ~ObjectWriter();
    ObjectWriter(const ObjectWriter&) = delete;
    ObjectWriter& operator=(const ObjectWriter&) = delete;

    void write(const void* data, std::size_t size);  // throws std::system_error
    void finish();                                    // no write() after this

    std::uint64_t size() const { return size_; }
    // After finish():
    const std::string& md5_hex() const { return md5_hex_; }
    const std::string& md5_raw() const { return md5_raw_; }
    ChecksumAlgorithm checksum_algorithm() const { return checksum_.algorithm(); }
    const std::string& checksum_raw() const { return checksum_raw_; }

    // For the store: the bytes when they fit in memory; otherwise the temp file, and the
    // hand-over once it is renamed into place. to_file() moves bytes held in memory to a file.
    bool in_memory() const { return !temp_.fd; }
    const std::string& memory() const { return memory_; }
    void to_file();
    BlobDir::TempFile& temp() { return temp_; }
    void mark_committed() { committed_ = true; }

private:
    BlobDir& dir_;
    std::size_t memory_limit_;
    std::string memory_;
    BlobDir::TempFile temp_;
    auth::Digest md5_;
    Checksum checksum_;
    std::uint64_t size_ = 0;
    std::string md5_hex_, md5_raw_, checksum_raw_;
    bool committed_ = false;
    // Asynchronous writeback of a file being written (fsync mode always), every writeback_step.
    void start_writeback(std::size_t written);
    static constexpr std::uint64_t writeback_step = 8 << 20;
    std::uint64_t flushed_ = 0, unflushed_ = 0;
};

}  // namespace s3emu::storage
