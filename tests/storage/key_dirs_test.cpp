// The '/' directory counts of a bucket's keys: what a write and a delete change, and the two
// reads a delimiter listing makes of them.
#include "storage/key_dirs.h"

#include "storage/schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace s3emu::storage {
namespace {

using Names = std::vector<std::string>;

class KeyDirsTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* migration : schema_migrations) db_.exec(migration);
    }

    std::int64_t count(const std::string& parent, const std::string& name) {
        auto s = db_.statement("SELECT keys FROM key_dirs WHERE bucket = 'b' AND parent = ?1 AND name = ?2");
        s->bind(1, parent).bind(2, name);
        return s->step() ? s->int_at(0) : 0;
    }
    std::int64_t rows() {
        auto s = db_.statement("SELECT count(*) FROM key_dirs");
        s->step();
        return s->int_at(0);
    }

    SqliteDb db_{":memory:"};
};

TEST_F(KeyDirsTest, AKeyCountsInEachOfItsDirectoriesAndAsAnObjectInTheLast) {
    count_key_in_dirs(db_, "b", "a/b/c", 1);
    count_key_in_dirs(db_, "b", "a/d", 1);
    count_key_in_dirs(db_, "b", "top", 1);
    EXPECT_EQ(count("", "a/"), 2);
    EXPECT_EQ(count("a/", "a/b/"), 1);
    EXPECT_EQ(count("a/b/", ""), 1);
    EXPECT_EQ(count("a/", ""), 1);
    EXPECT_EQ(count("", ""), 1);
    EXPECT_EQ(keys_directly_in(db_, "b", ""), 1);
    EXPECT_EQ(keys_directly_in(db_, "b", "a/b/"), 1);
    EXPECT_EQ(keys_directly_in(db_, "b", "nothing/"), 0);
    EXPECT_EQ(keys_directly_in(db_, "other", ""), 0);
}

TEST_F(KeyDirsTest, EmptyNamesAndDoubleSlashesAreDirectoriesToo) {
    count_key_in_dirs(db_, "b", "a//x", 1);
    count_key_in_dirs(db_, "b", "/lead", 1);
    count_key_in_dirs(db_, "b", "dir/", 1);  // a "folder" object: directly in dir/
    EXPECT_EQ(count("", "a/"), 1);
    EXPECT_EQ(count("a/", "a//"), 1);
    EXPECT_EQ(count("a//", ""), 1);
    EXPECT_EQ(count("", "/"), 1);
    EXPECT_EQ(count("/", ""), 1);
    EXPECT_EQ(count("dir/", ""), 1);
    EXPECT_EQ(subdirectories(db_, "b", "", "", true, 10), (Names{"/", "a/", "dir/"}));
}

TEST_F(KeyDirsTest, OnlyTheFirstDirectoriesOfADeepKeyCount) {
    const std::string deep = "a" + std::string(1023, '/');
    count_key_in_dirs(db_, "b", deep, 1);
    EXPECT_EQ(rows(), static_cast<std::int64_t>(key_dirs_max_depth));
    count_key_in_dirs(db_, "b", deep, -1);
    EXPECT_EQ(rows(), 0);

    std::string at_limit;  // key_dirs_max_depth directories, then the object
    for (std::size_t i = 0; i < key_dirs_max_depth; ++i) at_limit += "d/";
    count_key_in_dirs(db_, "b", at_limit + "x", 1);
    EXPECT_EQ(rows(), static_cast<std::int64_t>(key_dirs_max_depth) + 1);

    EXPECT_TRUE(key_dirs_cover(""));
    EXPECT_TRUE(key_dirs_cover(at_limit.substr(2)));  // one level less than the limit
    EXPECT_FALSE(key_dirs_cover(at_limit));
}

TEST_F(KeyDirsTest, DeletingTheLastKeyRemovesItsRows) {
    count_key_in_dirs(db_, "b", "a/b/c", 1);
    count_key_in_dirs(db_, "b", "a/b/d", 1);
    count_key_in_dirs(db_, "b", "a/b/c", -1);
    EXPECT_EQ(count("a/", "a/b/"), 1);
    EXPECT_EQ(count("a/b/", ""), 1);
    count_key_in_dirs(db_, "b", "a/b/d", -1);
    EXPECT_EQ(rows(), 0);
}

TEST_F(KeyDirsTest, SubdirectoriesInOrderFromACursor) {
    for (const char* key : {"p/3/x", "p/1/x", "p/1/y", "p/2/z/w", "p/own", "q/1/x"}) count_key_in_dirs(db_, "b", key, 1);
    count_key_in_dirs(db_, "c", "p/9/x", 1);
    EXPECT_EQ(subdirectories(db_, "b", "p/", "p/", true, 10), (Names{"p/1/", "p/2/", "p/3/"}));
    EXPECT_EQ(subdirectories(db_, "b", "p/", "p/2/", true, 10), (Names{"p/2/", "p/3/"}));
    EXPECT_EQ(subdirectories(db_, "b", "p/", "p/2/", false, 10), (Names{"p/3/"}));
    EXPECT_EQ(subdirectories(db_, "b", "p/", "p/", true, 2), (Names{"p/1/", "p/2/"}));
    EXPECT_EQ(subdirectories(db_, "b", "", "", true, 10), (Names{"p/", "q/"}));
    EXPECT_EQ(subdirectories(db_, "b", "p/2/", "p/2/", true, 10), (Names{"p/2/z/"}));
    EXPECT_TRUE(subdirectories(db_, "b", "p/3/", "p/3/", true, 10).empty());
}

TEST_F(KeyDirsTest, RowsWrittenWithoutCountingMakeTheTableStale) {
    db_.exec("INSERT INTO buckets VALUES ('b', 'us-east-1', 0)");
    EXPECT_FALSE(key_dirs_stale(db_));
    const char* insert = "INSERT INTO objects VALUES ('b', 'k', 's1', 0, 'e', 0, '[]', '', '', '', NULL, '[]')";
    db_.exec(insert);  // what an s3emu from before key_dirs does
    EXPECT_TRUE(key_dirs_stale(db_));
    count_key_in_dirs(db_, "b", "k", 1);  // what this one does right after
    EXPECT_FALSE(key_dirs_stale(db_));
    db_.exec("DELETE FROM objects WHERE key = 'k'");
    EXPECT_TRUE(key_dirs_stale(db_));
    count_all_keys_in_dirs(db_);
    EXPECT_FALSE(key_dirs_stale(db_));
    db_.exec("UPDATE objects SET etag = 'f'");  // an overwrite in place changes no directory
    EXPECT_FALSE(key_dirs_stale(db_));
}

TEST_F(KeyDirsTest, CountingAllKeysRebuildsTheTable) {
    db_.exec("INSERT INTO buckets VALUES ('b', 'us-east-1', 0)");
    for (const char* key : {"a/1", "a/2", "b", "c/d/e"})
        db_.exec(("INSERT INTO objects VALUES ('b', '" + std::string(key) +
                  "', 's1', 0, 'e', 0, '[]', '', '', '', NULL, '[]')").c_str());
    count_key_in_dirs(db_, "b", "stale/x", 1);  // a row the objects table does not explain
    count_all_keys_in_dirs(db_);
    EXPECT_EQ(count("", "a/"), 2);
    EXPECT_EQ(count("", ""), 1);
    EXPECT_EQ(count("c/", "c/d/"), 1);
    EXPECT_EQ(count("", "stale/"), 0);
    EXPECT_EQ(rows(), 6);  // a/, a/ "", "" "", c/, c/d/, c/d/ ""
}

}  // namespace
}  // namespace s3emu::storage
