#include "storage/blob_dir.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <system_error>

namespace s3emu::storage {

namespace fs = std::filesystem;

// Names only have to be unique, not secret (every request is signed): a per-thread generator
// seeded by the kernel, where OpenSSL's DRBG cost a lock and an AES block on every small PUT.
std::string random_id() {
    thread_local std::mt19937_64 generator = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    static constexpr char digits[] = "0123456789abcdef";
    std::string id(32, '0');
    for (std::size_t half = 0; half < 2; ++half) {
        std::uint64_t bits = generator();
        for (std::size_t i = 0; i < 16; ++i, bits >>= 4) id[half * 16 + i] = digits[bits & 15];
    }
    return id;
}

static void fsync_dir(const fs::path& dir) {
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd) ::fsync(fd.get());
}

BlobDir::BlobDir(fs::path root, FsyncMode fsync) : root_(std::move(root)), fsync_(fsync) {
    fs::create_directories(root_ / "tmp");
    fs::create_directories(root_ / "blobs");
    for (const auto& entry : fs::directory_iterator(root_ / "tmp")) fs::remove(entry.path());
    // The 256 blobs/XX directories are made as first needed: making them all here took most of
    // the start-up time on a fresh data dir.
}

fs::path BlobDir::temp_path(const std::string& id) const { return root_ / "tmp" / id; }
fs::path BlobDir::blob_path(const std::string& id) const { return root_ / "blobs" / id.substr(0, 2) / id; }

BlobDir::TempFile BlobDir::create_temp() {
    TempFile temp{random_id(), UniqueFd()};
    temp.fd = UniqueFd(::open(temp_path(temp.id).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!temp.fd) throw std::system_error(errno, std::generic_category(), "create temp file");
    return temp;
}

void BlobDir::remove_temp(const std::string& id) { ::unlink(temp_path(id).c_str()); }

void BlobDir::commit(TempFile& temp) {
    if (fsync_ == FsyncMode::always && ::fsync(temp.fd.get()) != 0)
        throw std::system_error(errno, std::generic_category(), "fsync");
    fs::path target = blob_path(temp.id);
    int rc = ::rename(temp_path(temp.id).c_str(), target.c_str());
    if (rc != 0 && errno == ENOENT) {
        std::error_code ec;
        fs::create_directory(target.parent_path(), ec);  // another thread may have made it meanwhile
        if (fsync_ == FsyncMode::always) fsync_dir(root_ / "blobs");
        rc = ::rename(temp_path(temp.id).c_str(), target.c_str());
    }
    if (rc != 0) throw std::system_error(errno, std::generic_category(), "rename");
    if (fsync_ == FsyncMode::always) fsync_dir(target.parent_path());
}

UniqueFd BlobDir::open_blob(const std::string& id) const {
    return UniqueFd(::open(blob_path(id).c_str(), O_RDONLY | O_CLOEXEC));
}

void BlobDir::remove_blob(const std::string& id) { ::unlink(blob_path(id).c_str()); }

}  // namespace s3emu::storage
