// Blob files: temp creation, commit by rename, open, removal, and crash leftovers.
#include "storage/blob_dir.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <string>

namespace s3emu::storage {
namespace {

namespace fs = std::filesystem;

class BlobDirTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "s3emu-blobdir-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        root_ = tmpl;
    }
    void TearDown() override { fs::remove_all(root_); }

    static void write_all(int fd, const std::string& data) {
        ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    }
    static std::string read_all(int fd) {
        std::string out;
        char buf[4096];
        off_t off = 0;
        ssize_t n;
        while ((n = ::pread(fd, buf, sizeof buf, off)) > 0) {
            out.append(buf, static_cast<std::size_t>(n));
            off += n;
        }
        return out;
    }
    std::size_t count_files(const fs::path& dir) const {
        std::size_t n = 0;
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file()) ++n;
        return n;
    }

    fs::path root_;
};

TEST(RandomId, Is32HexCharactersAndUnique) {
    std::set<std::string> ids;
    for (int i = 0; i < 50; ++i) {
        std::string id = random_id();
        ASSERT_EQ(id.size(), 32u);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 50u);
}

TEST_F(BlobDirTest, ConstructionCreatesTheLayout) {
    BlobDir dir(root_, FsyncMode::never);
    EXPECT_TRUE(fs::is_directory(root_ / "tmp"));
    EXPECT_TRUE(fs::is_directory(root_ / "blobs"));
    // blobs/XX directories come with their first blob (see the commit tests).
    EXPECT_FALSE(fs::exists(root_ / "blobs" / "00"));
    EXPECT_EQ(dir.fsync_mode(), FsyncMode::never);
}

TEST_F(BlobDirTest, TempFileLivesUnderTmpUntilCommitted) {
    BlobDir dir(root_, FsyncMode::never);
    auto temp = dir.create_temp();
    ASSERT_TRUE(temp.fd);
    EXPECT_EQ(temp.id.size(), 32u);
    EXPECT_EQ(temp.id.find_first_not_of("0123456789abcdef"), std::string::npos) << temp.id;
    EXPECT_TRUE(fs::exists(root_ / "tmp" / temp.id));
    EXPECT_FALSE(dir.open_blob(temp.id));  // not visible as a blob yet
    write_all(temp.fd.get(), "hello blob");

    dir.commit(temp);
    EXPECT_FALSE(fs::exists(root_ / "tmp" / temp.id));
    EXPECT_TRUE(fs::exists(root_ / "blobs" / temp.id.substr(0, 2) / temp.id));
    EXPECT_TRUE(temp.fd);  // the fd stays open
    EXPECT_EQ(count_files(root_ / "tmp"), 0u);

    UniqueFd fd = dir.open_blob(temp.id);
    ASSERT_TRUE(fd);
    EXPECT_EQ(read_all(fd.get()), "hello blob");
}

TEST_F(BlobDirTest, CommitWithFsyncAlways) {
    BlobDir dir(root_, FsyncMode::always);
    EXPECT_EQ(dir.fsync_mode(), FsyncMode::always);
    auto temp = dir.create_temp();
    write_all(temp.fd.get(), "synced");
    dir.commit(temp);
    UniqueFd fd = dir.open_blob(temp.id);
    ASSERT_TRUE(fd);
    EXPECT_EQ(read_all(fd.get()), "synced");
}

TEST_F(BlobDirTest, TempIdsAreDistinct) {
    BlobDir dir(root_, FsyncMode::never);
    std::set<std::string> ids;
    for (int i = 0; i < 20; ++i) ids.insert(dir.create_temp().id);
    EXPECT_EQ(ids.size(), 20u);
}

TEST_F(BlobDirTest, RemoveTempAndRemoveBlob) {
    BlobDir dir(root_, FsyncMode::never);
    auto abandoned = dir.create_temp();
    dir.remove_temp(abandoned.id);
    EXPECT_FALSE(fs::exists(root_ / "tmp" / abandoned.id));

    auto kept = dir.create_temp();
    write_all(kept.fd.get(), "x");
    dir.commit(kept);
    UniqueFd before = dir.open_blob(kept.id);
    ASSERT_TRUE(before);
    dir.remove_blob(kept.id);
    EXPECT_FALSE(dir.open_blob(kept.id));
    EXPECT_EQ(count_files(root_ / "blobs"), 0u);
    // A reader that opened it first still reads it.
    EXPECT_EQ(read_all(before.get()), "x");
    // Removing what is gone is harmless.
    dir.remove_blob(kept.id);
    dir.remove_temp(abandoned.id);
}

TEST_F(BlobDirTest, OpenMissingBlobGivesInvalidFd) {
    BlobDir dir(root_, FsyncMode::never);
    EXPECT_FALSE(dir.open_blob("0123456789abcdef0123456789abcdef"));
}

TEST_F(BlobDirTest, StaleTempFilesAreRemovedAtConstructionButBlobsStay) {
    std::string committed_id;
    {
        BlobDir dir(root_, FsyncMode::never);
        auto temp = dir.create_temp();
        write_all(temp.fd.get(), "committed");
        dir.commit(temp);
        committed_id = temp.id;
        auto crashed = dir.create_temp();  // never committed, as after a crash
        write_all(crashed.fd.get(), "partial");
    }
    std::ofstream(root_ / "tmp" / "leftover") << "junk";
    ASSERT_EQ(count_files(root_ / "tmp"), 2u);

    BlobDir reopened(root_, FsyncMode::never);
    EXPECT_EQ(count_files(root_ / "tmp"), 0u);
    UniqueFd fd = reopened.open_blob(committed_id);
    ASSERT_TRUE(fd);
    EXPECT_EQ(read_all(fd.get()), "committed");
}

}  // namespace
}  // namespace s3emu::storage
