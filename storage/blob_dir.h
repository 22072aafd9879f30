// The object bytes on disk: files named by random ids under data/blobs/XX/, written first
// under data/tmp/ and renamed into place. No object key ever reaches a file name.
#pragma once

#include "storage/unique_fd.h"

#include <filesystem>
#include <string>

namespace s3emu::storage {

enum class FsyncMode {
    always,  // fsync file and directory before an object is acknowledged
    never,   // leave it to the kernel: fast, loses recent objects on power loss
};

// 32 random hex characters: blob names and upload ids.
std::string random_id();

class BlobDir {
public:
    // Creates the layout if needed and removes temp files a crash left behind.
    BlobDir(std::filesystem::path root, FsyncMode fsync);

    struct TempFile {
        std::string id;
        UniqueFd fd;
    };
    TempFile create_temp();
    void remove_temp(const std::string& id);
    // Syncs (as configured) and renames the temp file to its blob path; the fd stays open.
    void commit(TempFile& temp);

    UniqueFd open_blob(const std::string& id) const;  // invalid fd if missing
    void remove_blob(const std::string& id);

    FsyncMode fsync_mode() const { return fsync_; }

private:
    std::filesystem::path temp_path(const std::string& id) const;
    std::filesystem::path blob_path(const std::string& id) const;

    std::filesystem::path root_;
    FsyncMode fsync_;
};

}  // namespace s3emu::storage
