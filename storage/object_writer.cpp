#include "storage/object_writer.h"

#include <fcntl.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace s3emu::storage {

namespace {

void write_all(int fd, const char* p, std::size_t left) {
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "write object");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace

ObjectWriter::ObjectWriter(BlobDir& dir, ChecksumAlgorithm checksum, std::size_t memory_limit)
    : dir_(dir), memory_limit_(memory_limit), md5_(auth::Digest::md5()), checksum_(checksum) {
    if (memory_limit_ == 0) temp_ = dir_.create_temp();
}

ObjectWriter::~ObjectWriter() {
    if (!committed_ && temp_.fd) dir_.remove_temp(temp_.id);
}

void ObjectWriter::write(const void* data, std::size_t size) {
    md5_.update(data, size);
    checksum_.update(data, size);
    if (in_memory() && memory_.size() + size <= memory_limit_) {
        memory_.append(static_cast<const char*>(data), size);
    } else {
        to_file();
        write_all(temp_.fd.get(), static_cast<const char*>(data), size);
        start_writeback(size);
    }
    size_ += size;
}

void ObjectWriter::start_writeback(std::size_t written) {
    if (dir_.fsync_mode() != FsyncMode::always) return;
    // Start writing a durable object's bytes to disk while more arrive, so the fsync at commit
    // waits for the last few MiB rather than for the whole object.
    unflushed_ += written;
    if (unflushed_ < writeback_step) return;
    ::sync_file_range(temp_.fd.get(), static_cast<off_t>(flushed_), static_cast<off_t>(unflushed_),
                      SYNC_FILE_RANGE_WRITE);
    flushed_ += unflushed_;
    unflushed_ = 0;
}

void ObjectWriter::to_file() {
    if (!in_memory()) return;
    temp_ = dir_.create_temp();
    write_all(temp_.fd.get(), memory_.data(), memory_.size());
    unflushed_ += memory_.size();
    std::string().swap(memory_);
}

void ObjectWriter::finish() {
    md5_raw_ = md5_.finish();
    checksum_raw_ = checksum_.finish();
    md5_hex_ = auth::to_hex(md5_raw_);
}

}  // namespace s3emu::storage
