// The SQLite + blob-file Store: buckets, the object commit path, durability across reopen, and
// LIST semantics (UTF-8 byte order, prefix, delimiter, pagination).
#include "storage/sqlite_store.h"

#include "storage/key_dirs.h"
#include "storage/store_error.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace s3emu::storage {
namespace {

namespace fs = std::filesystem;

using Keys = std::vector<std::string>;

class SqliteStoreTest : public ::testing::Test {
protected:
    // Larger than what the store keeps in its database: such an object is a file.
    static constexpr std::size_t large_size = SqliteStore::small_object_limit + 1;

    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "s3emu-store-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        open();
    }
    void TearDown() override {
        store_.reset();
        fs::remove_all(dir_);
    }

    void open() { store_ = std::make_unique<SqliteStore>(dir_, FsyncMode::never); }

    ObjectMeta put(const std::string& bucket, const std::string& key, const std::string& data,
                   StoredHeaders headers = {}, EpochMillis now = 1000) {
        auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
        // In two pieces, as a streamed body arrives.
        writer->write(data.data(), data.size() / 2);
        writer->write(data.data() + data.size() / 2, data.size() - data.size() / 2);
        writer->finish();
        return store_->put_object(bucket, key, *writer, NewObject{std::move(headers), {}}, now);
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

    // The bytes of an opened object, all its segments in order.
    static std::string read_object(const OpenObject& obj) {
        std::string out;
        for (const auto& segment : obj.segments) {
            std::string bytes = segment.fd ? read_all(segment.fd.get()) : std::string(segment.bytes());
            EXPECT_EQ(bytes.size(), segment.size);
            out += bytes;
        }
        return out;
    }

    std::string get(const std::string& bucket, const std::string& key) {
        auto obj = store_->open_object(bucket, key);
        if (!obj) return "<missing>";
        return read_object(*obj);
    }

    std::size_t count_files(const std::string& sub) const {
        std::size_t n = 0;
        for (const auto& e : fs::recursive_directory_iterator(dir_ / sub))
            if (e.is_regular_file()) ++n;
        return n;
    }

    // Rows of the small_blobs table, read through a connection of the test's own (WAL lets it
    // read beside the store's).
    int small_blob_rows() const {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open((dir_ / "meta.sqlite3").c_str(), &db), SQLITE_OK);
        sqlite3_stmt* count = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM small_blobs", -1, &count, nullptr), SQLITE_OK);
        int rows = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int(count, 0) : -1;
        sqlite3_finalize(count);
        sqlite3_close(db);
        return rows;
    }

    void fill(const std::string& bucket, const Keys& keys) {
        for (const auto& k : keys) put(bucket, k, "x");
    }

    ListPage list(const std::string& prefix = "", const std::string& delimiter = "", const std::string& after = "",
                  int max_keys = 1000) {
        return store_->list_objects("b", ListQuery{prefix, delimiter, after, max_keys});
    }

    static Keys keys_of(const ListPage& page) {
        Keys out;
        for (const auto& o : page.objects) out.push_back(o.key);
        return out;
    }

    // Every page from start to end, continuing with `after = page.last` like the list handlers.
    struct Walk {
        Keys objects, prefixes;
        int pages = 0;
    };
    Walk walk(const std::string& prefix, const std::string& delimiter, int max_keys) {
        Walk w;
        std::string after;
        while (true) {
            ListPage page = list(prefix, delimiter, after, max_keys);
            ++w.pages;
            EXPECT_LE(page.objects.size() + page.prefixes.size(), static_cast<std::size_t>(max_keys));
            for (const auto& o : page.objects) w.objects.push_back(o.key);
            for (const auto& p : page.prefixes) w.prefixes.push_back(p);
            if (!page.truncated) break;
            EXPECT_FALSE(page.last.empty());
            after = page.last;
            if (w.pages > 1000) {
                ADD_FAILURE() << "listing does not end";
                break;
            }
        }
        return w;
    }

    // What walk() must find, worked out key by key from all of the bucket's keys.
    static Walk expected_walk(Keys keys, const std::string& prefix, const std::string& delimiter) {
        std::sort(keys.begin(), keys.end());
        Walk w;
        for (const auto& key : keys) {
            if (!key.starts_with(prefix)) continue;
            auto pos = delimiter.empty() ? std::string::npos : key.find(delimiter, prefix.size());
            if (pos == std::string::npos) {
                w.objects.push_back(key);
                continue;
            }
            std::string rolled = key.substr(0, pos + delimiter.size());
            // Sorted keys under one common prefix are adjacent: it is new or the last one.
            if (w.prefixes.empty() || w.prefixes.back() != rolled) w.prefixes.push_back(rolled);
        }
        return w;
    }

    static StoreErrc code_of(const std::function<void()>& f) {
        try {
            f();
        } catch (const StoreError& e) {
            return e.code();
        }
        ADD_FAILURE() << "no StoreError thrown";
        return StoreErrc::no_such_bucket;
    }

    fs::path dir_;
    std::unique_ptr<SqliteStore> store_;
};

// ---------------------------------------------------------------------------------------------
// Buckets

TEST_F(SqliteStoreTest, CreateGetAndListBuckets) {
    EXPECT_TRUE(store_->list_buckets().empty());
    store_->create_bucket("zeta", "us-east-1", 111);
    store_->create_bucket("alpha", "eu-west-1", 222);
    auto info = store_->get_bucket("alpha");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->name, "alpha");
    EXPECT_EQ(info->region, "eu-west-1");
    EXPECT_EQ(info->created, 222);
    EXPECT_FALSE(store_->get_bucket("missing"));

    auto all = store_->list_buckets();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].name, "alpha");
    EXPECT_EQ(all[1].name, "zeta");
    EXPECT_EQ(all[1].created, 111);
}

TEST_F(SqliteStoreTest, CreateExistingBucketThrows) {
    store_->create_bucket("b", "us-east-1", 1);
    EXPECT_EQ(code_of([&] { store_->create_bucket("b", "us-east-1", 2); }), StoreErrc::bucket_already_exists);
    EXPECT_EQ(store_->get_bucket("b")->created, 1);
}

TEST_F(SqliteStoreTest, DeleteBucket) {
    store_->create_bucket("b", "us-east-1", 1);
    store_->delete_bucket("b");
    EXPECT_FALSE(store_->get_bucket("b"));
    EXPECT_TRUE(store_->list_buckets().empty());
    EXPECT_EQ(code_of([&] { store_->delete_bucket("b"); }), StoreErrc::no_such_bucket);
    // The name can be used again.
    store_->create_bucket("b", "us-east-1", 2);
    EXPECT_TRUE(store_->get_bucket("b"));
}

TEST_F(SqliteStoreTest, DeleteNonEmptyBucketIsBucketNotEmpty) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "k", "data");
    EXPECT_EQ(code_of([&] { store_->delete_bucket("b"); }), StoreErrc::bucket_not_empty);
    EXPECT_TRUE(store_->get_bucket("b"));
    store_->delete_object("b", "k");
    store_->delete_bucket("b");
    EXPECT_FALSE(store_->get_bucket("b"));
}

// ---------------------------------------------------------------------------------------------
// Objects

TEST_F(SqliteStoreTest, PutThenHeadAndOpen) {
    store_->create_bucket("b", "us-east-1", 1);
    StoredHeaders headers = {{"Content-Type", "text/plain"}, {"x-amz-meta-note", "caf\xC3\xA9 \"quoted\""}};
    ObjectMeta put_meta = put("b", "dir/hello.txt", "hello world", headers, 4242);
    EXPECT_EQ(put_meta.key, "dir/hello.txt");
    EXPECT_EQ(put_meta.size, 11u);
    EXPECT_EQ(put_meta.etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");  // MD5 of "hello world"
    EXPECT_EQ(put_meta.last_modified, 4242);
    // The writer's flexible checksum, computed in the same pass: CRC32 of "hello world".
    EXPECT_EQ(put_meta.checksum.algorithm, "CRC32");
    EXPECT_EQ(put_meta.checksum.value, "DUoRhQ==");
    EXPECT_EQ(put_meta.checksum.type, "FULL_OBJECT");
    EXPECT_TRUE(put_meta.part_sizes.empty());

    auto head = store_->head_object("b", "dir/hello.txt");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->key, "dir/hello.txt");
    EXPECT_EQ(head->size, 11u);
    EXPECT_EQ(head->etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
    EXPECT_EQ(head->last_modified, 4242);
    EXPECT_EQ(head->headers, headers);
    EXPECT_EQ(head->checksum.algorithm, "CRC32");
    EXPECT_EQ(head->checksum.value, "DUoRhQ==");
    EXPECT_TRUE(head->part_sizes.empty());

    auto obj = store_->open_object("b", "dir/hello.txt");
    ASSERT_TRUE(obj);
    ASSERT_EQ(obj->segments.size(), 1u);
    EXPECT_FALSE(obj->segments[0].fd);  // a small object: its bytes live in the database
    EXPECT_EQ(read_object(*obj), "hello world");
    EXPECT_EQ(obj->meta.etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
    EXPECT_EQ(obj->meta.headers, headers);

    EXPECT_EQ(count_files("blobs"), 0u);
    EXPECT_EQ(count_files("tmp"), 0u);
}

TEST_F(SqliteStoreTest, SmallObjectsLiveInTheDatabaseAndLargeOnesInFiles) {
    store_->create_bucket("b", "us-east-1", 1);
    const std::string small(SqliteStore::small_object_limit, 's'), large(large_size, 'L');
    put("b", "k", small);
    EXPECT_EQ(count_files("blobs"), 0u);
    put("b", "k", large);  // small -> large
    EXPECT_EQ(count_files("blobs"), 1u);
    EXPECT_EQ(get("b", "k"), large);
    put("b", "k", "tiny");  // large -> small: the file goes
    EXPECT_EQ(count_files("blobs"), 0u);
    EXPECT_EQ(get("b", "k"), "tiny");
    put("b", "empty", "");
    EXPECT_EQ(get("b", "empty"), "");
    store_.reset();
    open();
    EXPECT_EQ(get("b", "k"), "tiny");
    store_->delete_objects("b", {"k", "empty", "missing"});
    EXPECT_FALSE(store_->head_object("b", "k"));
    EXPECT_FALSE(store_->head_object("b", "empty"));
    // Deleting the objects deleted their bytes too.
    EXPECT_EQ(small_blob_rows(), 0);
}

TEST_F(SqliteStoreTest, SmallOverwritesRewriteTheBytesInPlace) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "k", "first");
    put("b", "other", "other");
    auto old_reader = store_->open_object("b", "k");
    ASSERT_TRUE(old_reader);
    put("b", "k", "again");  // the same size
    EXPECT_EQ(get("b", "k"), "again");
    ObjectMeta last = put("b", "k", std::string(3000, 'x'));  // another size
    EXPECT_EQ(get("b", "k"), std::string(3000, 'x'));
    EXPECT_EQ(store_->head_object("b", "k")->etag, last.etag);
    EXPECT_EQ(get("b", "other"), "other");
    EXPECT_EQ(small_blob_rows(), 2);
    // A reader that opened the first version keeps its bytes.
    EXPECT_EQ(read_object(*old_reader), "first");
    store_.reset();
    open();
    EXPECT_EQ(get("b", "k"), std::string(3000, 'x'));
}

TEST_F(SqliteStoreTest, EmptyAndBinaryObjects) {
    store_->create_bucket("b", "us-east-1", 1);
    ObjectMeta empty = put("b", "empty", "");
    EXPECT_EQ(empty.size, 0u);
    EXPECT_EQ(empty.etag, "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(get("b", "empty"), "");

    std::string binary;
    for (int i = 0; i < 100000; ++i) binary.push_back(static_cast<char>(i * 7));
    put("b", "binary", binary);
    EXPECT_EQ(get("b", "binary"), binary);
    EXPECT_EQ(store_->head_object("b", "binary")->size, binary.size());
}

TEST_F(SqliteStoreTest, KeysAreArbitraryBytes) {
    store_->create_bucket("b", "us-east-1", 1);
    const Keys keys = {"../../etc/passwd", "/leading/slash", "a//b", "sp ace+plus%25", "\xE6\x97\xA5\xE6\x9C\xAC",
                       std::string(1024, 'k')};
    for (const auto& k : keys) put("b", k, "v:" + k);
    for (const auto& k : keys) EXPECT_EQ(get("b", k), "v:" + k) << k;
    EXPECT_FALSE(fs::exists(dir_ / "etc"));
}

TEST_F(SqliteStoreTest, MissingKeyAndMissingBucket) {
    store_->create_bucket("b", "us-east-1", 1);
    EXPECT_FALSE(store_->head_object("b", "nope"));
    EXPECT_FALSE(store_->open_object("b", "nope"));
    EXPECT_EQ(code_of([&] { store_->head_object("nobucket", "k"); }), StoreErrc::no_such_bucket);
    EXPECT_EQ(code_of([&] { store_->open_object("nobucket", "k"); }), StoreErrc::no_such_bucket);
    EXPECT_EQ(code_of([&] { store_->delete_object("nobucket", "k"); }), StoreErrc::no_such_bucket);
    EXPECT_EQ(code_of([&] { store_->list_objects("nobucket", ListQuery{}); }), StoreErrc::no_such_bucket);
}

TEST_F(SqliteStoreTest, PutIntoMissingBucketLeavesNothingBehind) {
    EXPECT_EQ(code_of([&] { put("nobucket", "k", "data"); }), StoreErrc::no_such_bucket);
    EXPECT_EQ(count_files("blobs"), 0u);
    EXPECT_EQ(count_files("tmp"), 0u);
}

TEST_F(SqliteStoreTest, OverwriteReplacesContentAndRemovesTheOldBlob) {
    store_->create_bucket("b", "us-east-1", 1);
    const std::string first(large_size, 'a'), second_data(large_size, 'b');
    put("b", "k", first, {{"Content-Type", "text/plain"}}, 10);
    auto old_reader = store_->open_object("b", "k");
    ASSERT_TRUE(old_reader);

    ObjectMeta second = put("b", "k", second_data, {}, 20);
    EXPECT_EQ(count_files("blobs"), 1u);
    EXPECT_EQ(get("b", "k"), second_data);
    auto head = store_->head_object("b", "k");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->etag, second.etag);
    EXPECT_EQ(head->size, large_size);
    EXPECT_EQ(head->last_modified, 20);
    EXPECT_TRUE(head->headers.empty());
    // A reader that opened the old version keeps reading it.
    EXPECT_EQ(read_object(*old_reader), first);
    EXPECT_EQ(keys_of(store_->list_objects("b", ListQuery{})), Keys{"k"});
}

TEST_F(SqliteStoreTest, WriterDestroyedWithoutCommitLeavesNoFile) {
    store_->create_bucket("b", "us-east-1", 1);
    {
        auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
        const std::string partial(large_size, 'p');
        writer->write(partial.data(), partial.size());
        EXPECT_EQ(count_files("tmp"), 1u);
    }
    {
        auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
        writer->write("finished but not put", 20);
        writer->finish();
    }
    EXPECT_EQ(count_files("tmp"), 0u);
    EXPECT_EQ(count_files("blobs"), 0u);
    EXPECT_TRUE(store_->list_objects("b", ListQuery{}).objects.empty());
}

TEST_F(SqliteStoreTest, WriterCountsSizeAndMd5) {
    auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
    writer->write("hello ", 6);
    writer->write("world", 5);
    EXPECT_EQ(writer->size(), 11u);
    writer->finish();
    EXPECT_EQ(writer->md5_hex(), "5eb63bbbe01eeed093cb22bb8f5acdc3");
}

TEST_F(SqliteStoreTest, DataSurvivesReopen) {
    store_->create_bucket("b", "eu-west-1", 77);
    put("b", "k1", "one", {{"x-amz-meta-a", "1"}}, 5);
    put("b", "k2", "two");
    store_.reset();
    open();
    auto bucket = store_->get_bucket("b");
    ASSERT_TRUE(bucket);
    EXPECT_EQ(bucket->region, "eu-west-1");
    EXPECT_EQ(bucket->created, 77);
    EXPECT_EQ(get("b", "k1"), "one");
    EXPECT_EQ(get("b", "k2"), "two");
    EXPECT_EQ(store_->head_object("b", "k1")->headers, (StoredHeaders{{"x-amz-meta-a", "1"}}));
    EXPECT_EQ(store_->head_object("b", "k1")->last_modified, 5);
    // Reopening twice (migrations already applied) is fine too.
    store_.reset();
    open();
    EXPECT_EQ(keys_of(store_->list_objects("b", ListQuery{})), (Keys{"k1", "k2"}));
}

TEST_F(SqliteStoreTest, DeleteObject) {
    store_->create_bucket("b", "us-east-1", 1);
    const std::string data(large_size, 'd');
    put("b", "k", data);
    put("b", "other", data);
    store_->delete_object("b", "k");
    EXPECT_FALSE(store_->head_object("b", "k"));
    EXPECT_FALSE(store_->open_object("b", "k"));
    EXPECT_EQ(count_files("blobs"), 1u);
    EXPECT_EQ(get("b", "other"), data);
    // Deleting a missing key is not an error.
    EXPECT_NO_THROW(store_->delete_object("b", "k"));
    EXPECT_NO_THROW(store_->delete_object("b", "never-existed"));
}

TEST_F(SqliteStoreTest, SameKeyInTwoBuckets) {
    store_->create_bucket("b", "us-east-1", 1);
    store_->create_bucket("c", "us-east-1", 1);
    put("b", "k", "in b");
    put("c", "k", "in c");
    EXPECT_EQ(get("b", "k"), "in b");
    EXPECT_EQ(get("c", "k"), "in c");
    store_->delete_object("b", "k");
    EXPECT_EQ(get("c", "k"), "in c");
}

// ---------------------------------------------------------------------------------------------
// Listing

TEST_F(SqliteStoreTest, ListIsInUtf8ByteOrder) {
    store_->create_bucket("b", "us-east-1", 1);
    // Inserted out of order. Byte order: 'B' (0x42) < 'a' < 'b' < '~' (0x7e) < 'é' (0xc3..) < U+1F600 (0xf0..).
    fill("b", {"\xF0\x9F\x98\x80", "b", "\xC3\xA9", "a", "~", "B", "a0", "a/"});
    ListPage page = list();
    EXPECT_EQ(keys_of(page), (Keys{"B", "a", "a/", "a0", "b", "~", "\xC3\xA9", "\xF0\x9F\x98\x80"}));
    EXPECT_FALSE(page.truncated);
    EXPECT_TRUE(page.prefixes.empty());
    ASSERT_EQ(page.objects.size(), 8u);
    EXPECT_EQ(page.objects[0].size, 1u);
    EXPECT_EQ(page.objects[0].etag, "9dd4e461268c8034f5c8564e155c67a6");  // MD5 of "x"
    EXPECT_EQ(page.objects[0].last_modified, 1000);
}

TEST_F(SqliteStoreTest, ListPrefix) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"photo", "photos/2006/jan/a", "photos/2006/feb/b", "photos/2007/x", "photosx", "zebra"});
    EXPECT_EQ(keys_of(list("photos/")), (Keys{"photos/2006/feb/b", "photos/2006/jan/a", "photos/2007/x"}));
    EXPECT_EQ(keys_of(list("photo")),
              (Keys{"photo", "photos/2006/feb/b", "photos/2006/jan/a", "photos/2007/x", "photosx"}));
    EXPECT_TRUE(keys_of(list("nothing")).empty());
    EXPECT_TRUE(keys_of(list("zebras")).empty());
}

TEST_F(SqliteStoreTest, ListDelimiterRollsUpCommonPrefixesOnce) {
    store_->create_bucket("b", "us-east-1", 1);
    Keys keys = {"b", "d"};
    for (int i = 0; i < 50; ++i) keys.push_back("a/" + std::to_string(i));
    for (int i = 0; i < 5; ++i) keys.push_back("c/deep/" + std::to_string(i));
    fill("b", keys);
    ListPage page = list("", "/");
    EXPECT_EQ(keys_of(page), (Keys{"b", "d"}));
    EXPECT_EQ(page.prefixes, (Keys{"a/", "c/"}));
    EXPECT_FALSE(page.truncated);
}

TEST_F(SqliteStoreTest, ListPrefixAndDelimiter) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"asdf", "foo/bar", "foo/baz/xyzzy", "foo/baz/zz", "foo/quux/thud", "foo/zed"});
    ListPage page = list("foo/", "/");
    EXPECT_EQ(keys_of(page), (Keys{"foo/bar", "foo/zed"}));
    EXPECT_EQ(page.prefixes, (Keys{"foo/baz/", "foo/quux/"}));
    // A prefix that does not end in the delimiter.
    page = list("foo/b", "/");
    EXPECT_EQ(keys_of(page), (Keys{"foo/bar"}));
    EXPECT_EQ(page.prefixes, (Keys{"foo/baz/"}));
    // A delimiter no key contains lists every key.
    page = list("", "#");
    EXPECT_EQ(page.objects.size(), 6u);
    EXPECT_TRUE(page.prefixes.empty());
}

TEST_F(SqliteStoreTest, ListOtherDelimiters) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"x|1", "x|2", "y", "a--1", "a--2", "a-b", "z/1"});
    ListPage pipe = list("", "|");
    EXPECT_EQ(pipe.prefixes, (Keys{"x|"}));
    EXPECT_EQ(keys_of(pipe), (Keys{"a--1", "a--2", "a-b", "y", "z/1"}));

    ListPage dashes = list("", "--");
    EXPECT_EQ(dashes.prefixes, (Keys{"a--"}));
    EXPECT_EQ(keys_of(dashes), (Keys{"a-b", "x|1", "x|2", "y", "z/1"}));

    ListPage letter = list("a", "-");
    EXPECT_EQ(letter.prefixes, (Keys{"a-"}));
    EXPECT_TRUE(letter.objects.empty());
}

TEST_F(SqliteStoreTest, KeyAndKeyWithSlashCoexist) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "a", "file a");
    put("b", "a/b", "file a/b");
    EXPECT_EQ(get("b", "a"), "file a");
    EXPECT_EQ(get("b", "a/b"), "file a/b");
    EXPECT_EQ(keys_of(list()), (Keys{"a", "a/b"}));
    ListPage rolled = list("", "/");
    EXPECT_EQ(keys_of(rolled), (Keys{"a"}));
    EXPECT_EQ(rolled.prefixes, (Keys{"a/"}));
    EXPECT_EQ(keys_of(list("a/", "/")), (Keys{"a/b"}));
    store_->delete_object("b", "a");
    EXPECT_EQ(get("b", "a/b"), "file a/b");
}

TEST_F(SqliteStoreTest, MaxKeysTruncatesAndContinuesAfterLast) {
    store_->create_bucket("b", "us-east-1", 1);
    Keys keys;
    for (int i = 0; i < 10; ++i) keys.push_back("k" + std::to_string(i));
    fill("b", keys);

    ListPage first = list("", "", "", 3);
    EXPECT_EQ(keys_of(first), (Keys{"k0", "k1", "k2"}));
    EXPECT_TRUE(first.truncated);
    EXPECT_EQ(first.last, "k2");

    ListPage second = list("", "", first.last, 3);
    EXPECT_EQ(keys_of(second), (Keys{"k3", "k4", "k5"}));
    EXPECT_TRUE(second.truncated);

    Walk w = walk("", "", 3);
    EXPECT_EQ(w.objects, keys);
    EXPECT_EQ(w.pages, 4);
}

TEST_F(SqliteStoreTest, ExactlyFullPageIsNotTruncated) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"a", "b", "c"});
    ListPage page = list("", "", "", 3);
    EXPECT_EQ(keys_of(page), (Keys{"a", "b", "c"}));
    EXPECT_FALSE(page.truncated);
    ListPage prefixed = list("b", "", "", 1);
    EXPECT_EQ(keys_of(prefixed), (Keys{"b"}));
    EXPECT_FALSE(prefixed.truncated);  // "c" does not match the prefix
}

TEST_F(SqliteStoreTest, ContinuesAfterACommonPrefix) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"a/1", "a/2", "a/3", "b", "c/1", "c/2/x", "d"});
    ListPage first = list("", "/", "", 1);
    EXPECT_TRUE(first.objects.empty());
    EXPECT_EQ(first.prefixes, (Keys{"a/"}));
    EXPECT_TRUE(first.truncated);
    EXPECT_EQ(first.last, "a/");

    ListPage second = list("", "/", first.last, 1);
    EXPECT_EQ(keys_of(second), (Keys{"b"}));
    EXPECT_TRUE(second.prefixes.empty());

    for (int max_keys : {1, 2, 3, 4, 1000}) {
        Walk w = walk("", "/", max_keys);
        EXPECT_EQ(w.objects, (Keys{"b", "d"})) << max_keys;
        EXPECT_EQ(w.prefixes, (Keys{"a/", "c/"})) << max_keys;
    }
}

TEST_F(SqliteStoreTest, PaginationWithPrefixAndDelimiterVisitsEverythingOnce) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"p/a", "p/b/1", "p/b/2", "p/c", "p/d/1", "p/e", "p/f/x/y", "q/1", "o"});
    for (int max_keys : {1, 2, 3, 10}) {
        Walk w = walk("p/", "/", max_keys);
        EXPECT_EQ(w.objects, (Keys{"p/a", "p/c", "p/e"})) << max_keys;
        EXPECT_EQ(w.prefixes, (Keys{"p/b/", "p/d/", "p/f/"})) << max_keys;
    }
}

TEST_F(SqliteStoreTest, AfterBeforeOrBeyondThePrefix) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"a", "p/1", "p/2", "z"});
    EXPECT_EQ(keys_of(list("p/", "", "a")), (Keys{"p/1", "p/2"}));
    EXPECT_EQ(keys_of(list("p/", "", "p/1")), (Keys{"p/2"}));
    EXPECT_TRUE(keys_of(list("p/", "", "q")).empty());
    EXPECT_EQ(keys_of(list("", "", "p/2")), (Keys{"z"}));
    EXPECT_TRUE(keys_of(list("", "", "z")).empty());
    // `after` need not be an existing key.
    EXPECT_EQ(keys_of(list("", "", "b")), (Keys{"p/1", "p/2", "z"}));
}

TEST_F(SqliteStoreTest, MaxKeysZeroReturnsNothing) {
    store_->create_bucket("b", "us-east-1", 1);
    fill("b", {"a", "b"});
    ListPage page = list("", "", "", 0);
    EXPECT_TRUE(page.objects.empty());
    EXPECT_TRUE(page.prefixes.empty());
    EXPECT_FALSE(page.truncated);
}

TEST_F(SqliteStoreTest, EmptyBucketListsNothing) {
    store_->create_bucket("b", "us-east-1", 1);
    ListPage page = list("", "/");
    EXPECT_TRUE(page.objects.empty());
    EXPECT_TRUE(page.prefixes.empty());
    EXPECT_FALSE(page.truncated);
}

TEST_F(SqliteStoreTest, ListDoesNotSeeOtherBuckets) {
    store_->create_bucket("a", "us-east-1", 1);
    store_->create_bucket("b", "us-east-1", 1);
    store_->create_bucket("c", "us-east-1", 1);
    fill("a", {"k1", "k2"});
    fill("b", {"k3"});
    fill("c", {"k0", "k4"});
    EXPECT_EQ(keys_of(list()), (Keys{"k3"}));
    EXPECT_EQ(keys_of(list("", "", "k3")), Keys{});
}

// A delimiter listing moves past each common prefix by the key index alone and reads rows from
// the table again at the next object: every switch between the two, at every page size.
TEST_F(SqliteStoreTest, DelimiterListingsMatchAKeyByKeyRollUp) {
    store_->create_bucket("b", "us-east-1", 1);
    Keys keys = {"a", "z/last"};
    for (int i = 0; i < 60; ++i) {
        const std::string d = "d" + std::to_string(100 + i);
        if (i % 2 == 0) keys.push_back(d);  // an object just before its namesake prefix
        if (i % 3 != 0)
            for (int j = 0; j <= i % 4; ++j) keys.push_back(d + "/" + std::to_string(j));
        if (i % 4 == 0) keys.push_back(d + "/deep/x");
        if (i % 5 == 0) keys.push_back(d + "0");  // "d1000" sorts just after "d100/..."
    }
    fill("b", keys);
    for (const std::string prefix : {"", "d1", "d12", "d120/", "d13/", "nothing"}) {
        for (const std::string delimiter : {"/", "0", "/d"}) {
            Walk want = expected_walk(keys, prefix, delimiter);
            for (int max_keys : {1, 2, 3, 7, 1000}) {
                Walk got = walk(prefix, delimiter, max_keys);
                EXPECT_EQ(got.objects, want.objects) << prefix << " " << delimiter << " " << max_keys;
                EXPECT_EQ(got.prefixes, want.prefixes) << prefix << " " << delimiter << " " << max_keys;
            }
        }
    }
    // The expectation is not vacuous: prefixes and objects alternate.
    Walk all = expected_walk(keys, "", "/");
    EXPECT_EQ(all.prefixes.size(), 46u);
    EXPECT_EQ(all.objects.size(), 43u);
}

// The shape of the benchmark's delimiter page: more common prefixes than a page holds.
TEST_F(SqliteStoreTest, DelimiterPagesOfManyPrefixes) {
    store_->create_bucket("b", "us-east-1", 1);
    Keys keys, prefixes;
    for (int i = 0; i < 1100; ++i) {
        char p[16];
        std::snprintf(p, sizeof p, "p%04d/", i);
        prefixes.push_back(p);
        keys.push_back(std::string(p) + "k1");
        keys.push_back(std::string(p) + "k2");
    }
    keys.push_back("q");
    fill("b", keys);

    ListPage first = list("", "/");
    EXPECT_TRUE(first.objects.empty());
    EXPECT_EQ(first.prefixes, Keys(prefixes.begin(), prefixes.begin() + 1000));
    EXPECT_TRUE(first.truncated);
    EXPECT_EQ(first.last, "p0999/");

    ListPage second = list("", "/", first.last);
    EXPECT_EQ(second.prefixes, Keys(prefixes.begin() + 1000, prefixes.end()));
    EXPECT_EQ(keys_of(second), Keys{"q"});
    EXPECT_FALSE(second.truncated);

    // Continuing from a key inside a prefix skips the rest of that prefix.
    ListPage inside = list("", "/", "p0500/k1", 2);
    EXPECT_EQ(inside.prefixes, (Keys{"p0501/", "p0502/"}));
    EXPECT_TRUE(inside.truncated);
}

// Directories with no object of their own are listed from key_dirs; the expectation is the same
// key-by-key roll-up, through writes and deletes that move directories between the two paths.
TEST_F(SqliteStoreTest, DelimiterListingsOfDirectoriesWithoutObjectsOfTheirOwn) {
    store_->create_bucket("b", "us-east-1", 1);
    store_->create_bucket("other", "us-east-1", 1);
    Keys keys;
    for (int i = 0; i < 30; ++i) {
        const std::string d = "d" + std::to_string(10 + i) + "/";
        for (int j = 0; j <= i % 3; ++j) keys.push_back(d + "s" + std::to_string(j) + "/x");
        if (i % 4 == 0) keys.push_back(d + "own");  // this directory has an object of its own
        if (i % 5 == 0) keys.push_back(d + "s0//y");
    }
    keys.push_back("e/");  // a "folder" object: the only key in e/, and e/'s own object
    fill("b", keys);
    put("other", "z/1", "x");  // another bucket's directories stay out of b's listings

    auto check_all = [&](const std::string& when) {
        for (const std::string prefix : {"", "d10/", "d11/", "d12/s0/", "d15/s0/", "e/", "nothing/"}) {
            Walk want = expected_walk(keys, prefix, "/");
            for (int max_keys : {1, 2, 7, 1000}) {
                Walk got = walk(prefix, "/", max_keys);
                EXPECT_EQ(got.objects, want.objects) << when << " '" << prefix << "' " << max_keys;
                EXPECT_EQ(got.prefixes, want.prefixes) << when << " '" << prefix << "' " << max_keys;
            }
        }
    };
    check_all("filled");
    EXPECT_EQ(list("", "/").prefixes.size(), 31u);  // d10/ .. d39/ and e/: not vacuous

    // Starting after a key inside a directory skips the rest of it; after a name, the names past it.
    EXPECT_EQ(list("", "/", "d12/s1/x", 2).prefixes, (Keys{"d13/", "d14/"}));
    EXPECT_EQ(list("", "/", "d12", 1).prefixes, (Keys{"d12/"}));
    EXPECT_EQ(list("d11/", "/", "d11/s0/").prefixes, (Keys{"d11/s1/"}));

    // Deletes empty some directories; an object at the top moves the top to the other path.
    std::vector<std::string> gone;
    for (const auto& k : keys)
        if (k.starts_with("d11/") || k.starts_with("d20/s") || k == "e/") gone.push_back(k);
    store_->delete_objects("b", gone);
    std::erase_if(keys, [&](const std::string& k) { return std::find(gone.begin(), gone.end(), k) != gone.end(); });
    check_all("after deletes");
    put("b", "top", "x");
    keys.push_back("top");
    check_all("with an object at the top");
    put("b", "top", "again");  // an overwrite counts nothing twice
    check_all("after an overwrite");
    store_->delete_objects("b", {"top"});
    std::erase(keys, std::string("top"));
    check_all("after the top object went");
    EXPECT_EQ(list("", "/").prefixes.size(), 28u);  // d11/, d20/ and e/ emptied
}

// Directories deeper than key_dirs counts are listed by the seek walk, and list the same.
TEST_F(SqliteStoreTest, DelimiterListingsOfDirectoriesDeeperThanTheCounts) {
    store_->create_bucket("b", "us-east-1", 1);
    std::string dir;
    Keys keys, prefixes = {""};
    for (std::size_t depth = 1; depth <= key_dirs_max_depth + 3; ++depth) {
        dir += "d/";
        prefixes.push_back(dir);
        keys.push_back(dir + "s1/x");
        keys.push_back(dir + "s2/y");
    }
    keys.push_back(std::string("z") + std::string(300, '/'));
    fill("b", keys);
    prefixes.push_back("z/");
    prefixes.push_back(std::string("z") + std::string(200, '/'));
    for (const auto& prefix : prefixes) {
        Walk want = expected_walk(keys, prefix, "/");
        for (int max_keys : {1, 1000}) {
            Walk got = walk(prefix, "/", max_keys);
            EXPECT_EQ(got.objects, want.objects) << prefix.size() << " " << max_keys;
            EXPECT_EQ(got.prefixes, want.prefixes) << prefix.size() << " " << max_keys;
        }
    }
    // Not vacuous: the deepest directory, past the counts, still shows its two subdirectories.
    EXPECT_EQ(list(dir, "/").prefixes, (Keys{dir + "s1/", dir + "s2/"}));
}

// After a run of common prefixes, an object's row comes from the table: all of it, not only its key.
TEST_F(SqliteStoreTest, ObjectsAfterCommonPrefixesKeepTheirMetadata) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "a/1", "x");
    ObjectMeta b = put("b", "b", "hello", {}, 42);
    put("b", "c/1", "y");
    put("b", "c/2", "y");
    ObjectMeta d = put("b", "d", "0123456789", {}, 43);
    ListPage page = list("", "/");
    EXPECT_EQ(page.prefixes, (Keys{"a/", "c/"}));
    ASSERT_EQ(keys_of(page), (Keys{"b", "d"}));
    EXPECT_EQ(page.objects[0].size, 5u);
    EXPECT_EQ(page.objects[0].etag, b.etag);
    EXPECT_EQ(page.objects[0].last_modified, 42);
    EXPECT_EQ(page.objects[1].size, 10u);
    EXPECT_EQ(page.objects[1].etag, d.etag);
    EXPECT_EQ(page.objects[1].last_modified, 43);
    EXPECT_EQ(page.last, "d");
}

std::int64_t query_int(const fs::path& db_path, const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
    std::int64_t value = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return value;
}

void exec_sql(const fs::path& db_path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

// Deleting a bucket drops its key_dirs rows even if a count went wrong: a new bucket of the same
// name starts without phantom directories.
TEST_F(SqliteStoreTest, DeletingABucketDropsItsDirectoryCounts) {
    store_->create_bucket("b", "us-east-1", 1);
    exec_sql(dir_ / "meta.sqlite3", "INSERT INTO key_dirs VALUES ('b', '', 'ghost/', 1)");
    EXPECT_EQ(list("", "/").prefixes, Keys{"ghost/"});  // the stale row is what a listing reads
    store_->delete_bucket("b");
    store_->create_bucket("b", "us-east-1", 2);
    EXPECT_TRUE(list("", "/").prefixes.empty());
    EXPECT_EQ(query_int(dir_ / "meta.sqlite3", "SELECT count(*) FROM key_dirs"), 0);
}

// An s3emu from before key_dirs, run on a data dir this one made, writes object rows without
// counting their keys; the next start counts them all again.
TEST_F(SqliteStoreTest, WritesByAnOlderS3emuAreCountedAtTheNextStart) {
    store_->create_bucket("b", "us-east-1", 1);
    Keys keys = {"a/1", "a/2", "b/x/1"};
    fill("b", keys);
    store_.reset();
    const fs::path db_path = dir_ / "meta.sqlite3";
    // Its writes: a key deleted, a key in a new directory, and an overwrite as INSERT OR REPLACE.
    exec_sql(db_path, "DELETE FROM objects WHERE key = 'b/x/1'");
    exec_sql(db_path, "INSERT INTO objects SELECT bucket, 'c/y/1', blob_id, size, etag, last_modified_ms, headers, "
                      "checksum_algorithm, checksum_value, checksum_type, segments, tags FROM objects WHERE key = 'a/1'");
    exec_sql(db_path, "INSERT OR REPLACE INTO objects SELECT * FROM objects WHERE key = 'a/2'");
    open();
    EXPECT_EQ(list("", "/").prefixes, (Keys{"a/", "c/"}));
    EXPECT_EQ(list("c/", "/").prefixes, (Keys{"c/y/"}));
    EXPECT_EQ(query_int(db_path, "SELECT writes FROM key_dirs_uncounted"), 0);
    EXPECT_EQ(query_int(db_path, "SELECT keys FROM key_dirs WHERE parent = '' AND name = 'a/'"), 2);
}

// A data dir written before the key index and key_dirs existed gets both at start-up, and lists
// the same.
TEST_F(SqliteStoreTest, StoreFromBeforeTheKeyIndexUpgrades) {
    store_->create_bucket("b", "us-east-1", 1);
    Keys keys = {"a", "b/1", "b/2", "c", "d/x/1", "e"};
    fill("b", keys);
    store_.reset();
    const fs::path db_path = dir_ / "meta.sqlite3";
    const char* index_count = "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'objects_by_key'";
    ASSERT_EQ(query_int(db_path, "PRAGMA user_version"), 4);
    // What schema version 2 was.
    exec_sql(db_path, "DROP INDEX objects_by_key; DROP TABLE key_dirs; DROP TABLE key_dirs_uncounted; "
                      "DROP TRIGGER objects_insert_uncounted; DROP TRIGGER objects_delete_uncounted; "
                      "PRAGMA user_version = 2;");
    ASSERT_EQ(query_int(db_path, index_count), 0);

    open();
    EXPECT_EQ(query_int(db_path, "PRAGMA user_version"), 4);
    EXPECT_EQ(query_int(db_path, index_count), 1);
    // Every key counted in its directories: a, c, e at the top; b/1 and b/2; d/x/1.
    EXPECT_EQ(query_int(db_path, "SELECT keys FROM key_dirs WHERE parent = '' AND name = ''"), 3);
    EXPECT_EQ(query_int(db_path, "SELECT keys FROM key_dirs WHERE parent = '' AND name = 'b/'"), 2);
    EXPECT_EQ(query_int(db_path, "SELECT keys FROM key_dirs WHERE parent = 'd/' AND name = 'd/x/'"), 1);
    EXPECT_EQ(list("d/", "/").prefixes, (Keys{"d/x/"}));
    ListPage page = list("", "/");
    EXPECT_EQ(keys_of(page), (Keys{"a", "c", "e"}));
    EXPECT_EQ(page.prefixes, (Keys{"b/", "d/"}));
    Walk w = walk("", "/", 1);
    EXPECT_EQ(w.objects, (Keys{"a", "c", "e"}));
    EXPECT_EQ(w.prefixes, (Keys{"b/", "d/"}));
    // Objects written after the upgrade are in the index too.
    put("b", "b0", "z");
    put("b", "f/1", "z");
    EXPECT_EQ(keys_of(list("", "/")), (Keys{"a", "b0", "c", "e"}));
    EXPECT_EQ(list("", "/").prefixes, (Keys{"b/", "d/", "f/"}));
}

// put_small_object: the same commit as put_object, reported through a callback from the store's
// commit thread; many in flight at once share commits.
TEST_F(SqliteStoreTest, SmallPutsWithoutWaitingCommitAndReportThroughTheCallback) {
    store_->create_bucket("b", "us-east-1", 1);
    struct Put {
        std::unique_ptr<ObjectWriter> writer;
        std::string key;
        WriteCondition condition;
        std::promise<std::pair<std::exception_ptr, ObjectMeta>> result;
    };
    std::vector<Put> puts(40);
    for (std::size_t i = 0; i < puts.size(); ++i) {
        Put& p = puts[i];
        p.key = "k" + std::to_string(i % 20);  // every key twice: later puts replace earlier ones
        p.writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
        std::string data = "data " + std::to_string(i);
        p.writer->write(data.data(), data.size());
        p.writer->finish();
        ASSERT_TRUE(p.writer->in_memory());
        store_->put_small_object("b", p.key, *p.writer, NewObject{}, 1000, p.condition,
                                 [&p](std::exception_ptr e, ObjectMeta meta) {
                                     p.result.set_value({e, std::move(meta)});
                                 });
    }
    for (std::size_t i = 0; i < puts.size(); ++i) {
        auto [error, meta] = puts[i].result.get_future().get();
        EXPECT_NO_THROW(if (error) std::rethrow_exception(error));
        EXPECT_EQ(meta.key, puts[i].key);
        EXPECT_EQ(meta.size, ("data " + std::to_string(i)).size());
    }
    store_->finish_writes();
    for (int k = 0; k < 20; ++k) {
        auto open = store_->open_object("b", "k" + std::to_string(k));
        ASSERT_TRUE(open);
        ASSERT_EQ(open->segments.size(), 1u);
        EXPECT_EQ(open->segments[0].bytes(), "data " + std::to_string(k + 20));
    }
    EXPECT_EQ(list("", "").objects.size(), 20u);
}

TEST_F(SqliteStoreTest, SmallPutReportsTheStoreErrorThroughTheCallback) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "exists", "old");
    auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
    writer->write("new", 3);
    writer->finish();
    auto attempt = [&](const std::string& bucket, const WriteCondition& condition) {
        std::promise<std::exception_ptr> result;
        store_->put_small_object(bucket, "exists", *writer, NewObject{}, 1000, condition,
                                 [&](std::exception_ptr e, ObjectMeta) { result.set_value(e); });
        return code_of([&] {
            if (auto e = result.get_future().get()) std::rethrow_exception(e);
        });
    };
    EXPECT_EQ(attempt("nobucket", {}), StoreErrc::no_such_bucket);
    EXPECT_EQ(attempt("b", WriteCondition{.must_not_exist = true}), StoreErrc::precondition_failed);
    auto open = store_->open_object("b", "exists");
    ASSERT_TRUE(open);
    EXPECT_EQ(open->segments[0].bytes(), "old");
}

TEST_F(SqliteStoreTest, SmallPutRefusesAWriterWhoseBytesAreInAFile) {
    store_->create_bucket("b", "us-east-1", 1);
    auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
    std::string data(large_size, 'x');
    writer->write(data.data(), data.size());
    writer->finish();
    ASSERT_FALSE(writer->in_memory());
    EXPECT_THROW(store_->put_small_object("b", "k", *writer, NewObject{}, 1000, {}, [](std::exception_ptr, ObjectMeta) {}),
                 std::logic_error);
}

// Reads are served from the object cache between commits: each write must still be seen by the
// next read.
TEST_F(SqliteStoreTest, ReadsAfterEveryKindOfWriteSeeTheWrite) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "k", "first");
    auto read = [&] {
        auto open = store_->open_object("b", "k");
        return open ? std::string(open->segments.at(0).bytes()) : std::string("(none)");
    };
    EXPECT_EQ(read(), "first");
    EXPECT_EQ(read(), "first");  // from the cache
    put("b", "k", "second");
    EXPECT_EQ(read(), "second");
    EXPECT_EQ(store_->head_object("b", "k")->size, 6u);
    ASSERT_TRUE(store_->set_object_tags("b", "k", Tags{{"t", "v"}}));
    EXPECT_EQ(store_->head_object("b", "k")->tags, (Tags{{"t", "v"}}));
    EXPECT_EQ(store_->open_object("b", "k")->meta.tags, (Tags{{"t", "v"}}));
    store_->delete_object("b", "k");
    EXPECT_EQ(read(), "(none)");
    EXPECT_FALSE(store_->head_object("b", "k"));
    put("b", "k", "third");
    EXPECT_EQ(read(), "third");
    store_->delete_objects("b", {"k"});
    EXPECT_EQ(read(), "(none)");
}


// The start-up sweep removes blob files no row names (left by a crash between rename and
// commit) once they are older than the start, and keeps every file an object uses.
TEST_F(SqliteStoreTest, StartUpSweepRemovesOrphanFilesAndKeepsLiveOnes) {
    store_->create_bucket("b", "us-east-1", 1);
    put("b", "large", std::string(large_size, 'x'));
    ASSERT_EQ(count_files("blobs"), 1u);
    fs::path live;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "blobs"))
        if (e.is_regular_file()) live = e.path();
    // Where a blob of that name would live: the directory named by its first two characters.
    fs::path orphan = live.parent_path() / (live.parent_path().filename().string() + std::string(30, '0'));
    { std::ofstream(orphan) << "left by a crash"; }
    auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
    fs::last_write_time(orphan, old);
    fs::last_write_time(live, old);
    store_.reset();
    open();
    for (int i = 0; i < 500 && fs::exists(orphan); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_FALSE(fs::exists(orphan));
    EXPECT_TRUE(fs::exists(live));
    auto open_object = store_->open_object("b", "large");
    ASSERT_TRUE(open_object);
    EXPECT_EQ(read_all(open_object->segments.at(0).fd.get()), std::string(large_size, 'x'));
}

}  // namespace
}  // namespace s3emu::storage
