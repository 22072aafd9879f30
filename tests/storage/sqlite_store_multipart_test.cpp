// SqliteStore's multipart uploads: creating and finding uploads, parts (and the blob files
// they own), listing parts and uploads, abort, completion into an object made of the parts'
// files, bucket deletion with uploads in progress, durability across reopen; and object tags.
#include "storage/sqlite_store.h"

#include "storage/store_error.h"

#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace s3emu::storage {
namespace {

namespace fs = std::filesystem;

using Names = std::vector<std::string>;
using Files = std::set<std::string>;

class SqliteStoreMultipartTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "s3emu-mpu-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        open();
        store_->create_bucket("b", "us-east-1", 1);
    }
    void TearDown() override {
        store_.reset();
        fs::remove_all(dir_);
    }

    void open() { store_ = std::make_unique<SqliteStore>(dir_, FsyncMode::never); }

    std::unique_ptr<ObjectWriter> written(const std::string& data) {
        auto writer = store_->new_object_writer(ChecksumAlgorithm::crc32);
        writer->write(data.data(), data.size());
        writer->finish();
        return writer;
    }

    ObjectMeta put(const std::string& bucket, const std::string& key, const std::string& data) {
        auto writer = written(data);
        return store_->put_object(bucket, key, *writer, NewObject{}, 1000);
    }

    UploadInfo create(const std::string& key, EpochMillis now = 100, const std::string& bucket = "b") {
        return store_->create_upload(bucket, key, NewObject{}, "", "", now);
    }

    PartInfo put_part(const UploadInfo& upload, int number, const std::string& data, EpochMillis now = 200) {
        auto writer = written(data);
        return store_->put_part(upload, number, *writer, now);
    }

    // The names of the blob files on disk (committed objects and parts).
    Files blob_files() const {
        Files out;
        for (const auto& e : fs::recursive_directory_iterator(dir_ / "blobs"))
            if (e.is_regular_file()) out.insert(e.path().filename().string());
        return out;
    }
    std::size_t temp_files() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_ / "tmp"), fs::directory_iterator()));
    }

    // The blob file a call created: the one name in `after` but not in `before`.
    static std::string added_file(const Files& before, const Files& after) {
        Names added;
        std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
        EXPECT_EQ(added.size(), 1u);
        return added.empty() ? std::string() : added.front();
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

    std::string get(const std::string& bucket, const std::string& key) {
        auto obj = store_->open_object(bucket, key);
        if (!obj) return "<missing>";
        std::string out;
        for (const auto& segment : obj->segments) {
            std::string bytes = segment.fd ? read_all(segment.fd.get()) : std::string(segment.bytes());
            EXPECT_EQ(bytes.size(), segment.size);
            out += bytes;
        }
        return out;
    }

    UploadsPage uploads(const std::string& prefix = "", const std::string& delimiter = "",
                        const std::string& key_marker = "", const std::string& upload_id_marker = "",
                        int max_uploads = 1000) {
        return store_->list_uploads("b", UploadsQuery{prefix, delimiter, key_marker, upload_id_marker, max_uploads});
    }

    static Names keys_of(const UploadsPage& page) {
        Names out;
        for (const auto& u : page.uploads) out.push_back(u.key);
        return out;
    }
    static Names ids_of(const UploadsPage& page) {
        Names out;
        for (const auto& u : page.uploads) out.push_back(u.upload_id);
        return out;
    }
    static std::vector<int> numbers_of(const PartsPage& page) {
        std::vector<int> out;
        for (const auto& p : page.parts) out.push_back(p.number);
        return out;
    }

    static StoreErrc code_of(const std::function<void()>& f) {
        try {
            f();
        } catch (const StoreError& e) {
            return e.code();
        }
        ADD_FAILURE() << "no StoreError thrown";
        return StoreErrc::precondition_failed;
    }

    fs::path dir_;
    std::unique_ptr<SqliteStore> store_;
};

// ---------------------------------------------------------------------------------------------
// Uploads

TEST_F(SqliteStoreMultipartTest, CreateAndGetUpload) {
    NewObject object{{{"Content-Type", "text/plain"}, {"x-amz-meta-a", "1"}}, {{"tag", "value"}, {"t2", ""}}};
    UploadInfo u = store_->create_upload("b", "dir/key \xE2\x82\xAC", object, "CRC32", "COMPOSITE", 4242);
    EXPECT_EQ(u.bucket, "b");
    EXPECT_EQ(u.key, "dir/key \xE2\x82\xAC");
    EXPECT_EQ(u.initiated, 4242);
    EXPECT_EQ(u.headers, object.headers);
    EXPECT_EQ(u.tags, object.tags);
    EXPECT_EQ(u.checksum_algorithm, "CRC32");
    EXPECT_EQ(u.checksum_type, "COMPOSITE");
    EXPECT_FALSE(u.upload_id.empty());

    UploadInfo got = store_->get_upload("b", u.key, u.upload_id);
    EXPECT_EQ(got.upload_id, u.upload_id);
    EXPECT_EQ(got.bucket, "b");
    EXPECT_EQ(got.key, u.key);
    EXPECT_EQ(got.initiated, 4242);
    EXPECT_EQ(got.headers, object.headers);
    EXPECT_EQ(got.tags, object.tags);
    EXPECT_EQ(got.checksum_algorithm, "CRC32");
    EXPECT_EQ(got.checksum_type, "COMPOSITE");
}

TEST_F(SqliteStoreMultipartTest, UploadsOfOneKeyHaveDistinctIds) {
    UploadInfo a = create("k"), b = create("k");
    EXPECT_NE(a.upload_id, b.upload_id);
    EXPECT_EQ(store_->get_upload("b", "k", a.upload_id).upload_id, a.upload_id);
    EXPECT_EQ(store_->get_upload("b", "k", b.upload_id).upload_id, b.upload_id);
    EXPECT_EQ(uploads().uploads.size(), 2u);
}

TEST_F(SqliteStoreMultipartTest, GetUploadWithWrongKeyIdOrBucket) {
    store_->create_bucket("other", "us-east-1", 1);
    UploadInfo u = create("k");
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "k2", u.upload_id); }), StoreErrc::no_such_upload);
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "k", u.upload_id + "0"); }), StoreErrc::no_such_upload);
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "k", ""); }), StoreErrc::no_such_upload);
    EXPECT_EQ(code_of([&] { store_->get_upload("other", "k", u.upload_id); }), StoreErrc::no_such_upload);
    EXPECT_EQ(code_of([&] { store_->get_upload("missing", "k", u.upload_id); }), StoreErrc::no_such_bucket);
}

TEST_F(SqliteStoreMultipartTest, CreateUploadInMissingBucket) {
    EXPECT_EQ(code_of([&] { store_->create_upload("missing", "k", NewObject{}, "", "", 1); }),
              StoreErrc::no_such_bucket);
    EXPECT_EQ(code_of([&] { store_->list_uploads("missing", UploadsQuery{}); }), StoreErrc::no_such_bucket);
}

// ---------------------------------------------------------------------------------------------
// Parts

TEST_F(SqliteStoreMultipartTest, PutPartRecordsSizeEtagAndChecksum) {
    UploadInfo u = create("k");
    PartInfo p = put_part(u, 1, "hello world", 777);
    EXPECT_EQ(p.number, 1);
    EXPECT_EQ(p.size, 11u);
    EXPECT_EQ(p.etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
    EXPECT_EQ(p.last_modified, 777);
    EXPECT_EQ(p.checksum, "DUoRhQ==");
    EXPECT_EQ(p.checksum_algorithm, "CRC32");
    EXPECT_EQ(blob_files().size(), 1u);
    EXPECT_EQ(temp_files(), 0u);

    PartsPage page = store_->list_parts(u, 0, 1000);
    ASSERT_EQ(page.parts.size(), 1u);
    EXPECT_FALSE(page.truncated);
    const PartInfo& listed = page.parts[0];
    EXPECT_EQ(listed.number, 1);
    EXPECT_EQ(listed.size, 11u);
    EXPECT_EQ(listed.etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
    EXPECT_EQ(listed.last_modified, 777);
    EXPECT_EQ(listed.checksum, "DUoRhQ==");
    EXPECT_EQ(listed.checksum_algorithm, "CRC32");
}

TEST_F(SqliteStoreMultipartTest, ReplacingAPartRemovesItsOldBlob) {
    UploadInfo u = create("k");
    Files none = blob_files();
    put_part(u, 1, "aaa");
    Files first = blob_files();
    std::string old_blob = added_file(none, first);

    put_part(u, 1, "bbbb", 300);
    Files second = blob_files();
    EXPECT_EQ(second.size(), 1u);
    EXPECT_FALSE(second.contains(old_blob));

    PartsPage page = store_->list_parts(u, 0, 1000);
    ASSERT_EQ(page.parts.size(), 1u);
    EXPECT_EQ(page.parts[0].size, 4u);
    EXPECT_EQ(page.parts[0].etag, "65ba841e01d6db7733e90a5b7f9e6f80");  // MD5 of "bbbb"
    EXPECT_EQ(page.parts[0].checksum, "D0/2iw==");
    EXPECT_EQ(page.parts[0].last_modified, 300);
}

TEST_F(SqliteStoreMultipartTest, PutPartToUnknownUploadLeavesNoFile) {
    UploadInfo u = create("k");
    UploadInfo wrong_key = u;
    wrong_key.key = "other";
    EXPECT_EQ(code_of([&] { put_part(wrong_key, 1, "data"); }), StoreErrc::no_such_upload);
    UploadInfo wrong_id = u;
    wrong_id.upload_id = "nope";
    EXPECT_EQ(code_of([&] { put_part(wrong_id, 1, "data"); }), StoreErrc::no_such_upload);
    EXPECT_TRUE(blob_files().empty());
    EXPECT_EQ(temp_files(), 0u);
    EXPECT_TRUE(store_->list_parts(u, 0, 1000).parts.empty());
}

TEST_F(SqliteStoreMultipartTest, ListPartsPaging) {
    UploadInfo u = create("k");
    for (int n : {8, 1, 3, 2, 5}) put_part(u, n, "part " + std::to_string(n));

    PartsPage all = store_->list_parts(u, 0, 1000);
    EXPECT_EQ(numbers_of(all), (std::vector<int>{1, 2, 3, 5, 8}));
    EXPECT_FALSE(all.truncated);

    PartsPage p1 = store_->list_parts(u, 0, 2);
    EXPECT_EQ(numbers_of(p1), (std::vector<int>{1, 2}));
    EXPECT_TRUE(p1.truncated);
    PartsPage p2 = store_->list_parts(u, 2, 2);
    EXPECT_EQ(numbers_of(p2), (std::vector<int>{3, 5}));
    EXPECT_TRUE(p2.truncated);
    PartsPage p3 = store_->list_parts(u, 5, 2);
    EXPECT_EQ(numbers_of(p3), (std::vector<int>{8}));
    EXPECT_FALSE(p3.truncated);

    // `after` need not name an existing part.
    EXPECT_EQ(numbers_of(store_->list_parts(u, 4, 1000)), (std::vector<int>{5, 8}));
    PartsPage past = store_->list_parts(u, 8, 2);
    EXPECT_TRUE(past.parts.empty());
    EXPECT_FALSE(past.truncated);
    // A page exactly full is not truncated.
    PartsPage exact = store_->list_parts(u, 0, 5);
    EXPECT_EQ(exact.parts.size(), 5u);
    EXPECT_FALSE(exact.truncated);
}

TEST_F(SqliteStoreMultipartTest, ListPartsOfUnknownUpload) {
    UploadInfo u = create("k");
    UploadInfo wrong = u;
    wrong.upload_id += "x";
    EXPECT_EQ(code_of([&] { store_->list_parts(wrong, 0, 10); }), StoreErrc::no_such_upload);
    // An upload with no parts lists nothing.
    PartsPage page = store_->list_parts(u, 0, 10);
    EXPECT_TRUE(page.parts.empty());
    EXPECT_FALSE(page.truncated);
}

TEST_F(SqliteStoreMultipartTest, PartsBelongToTheirUpload) {
    UploadInfo a = create("k"), b = create("k");
    put_part(a, 1, "a1");
    put_part(a, 2, "a2");
    put_part(b, 1, "b1-longer");
    EXPECT_EQ(numbers_of(store_->list_parts(a, 0, 10)), (std::vector<int>{1, 2}));
    PartsPage pb = store_->list_parts(b, 0, 10);
    ASSERT_EQ(pb.parts.size(), 1u);
    EXPECT_EQ(pb.parts[0].size, 9u);
}

// ---------------------------------------------------------------------------------------------
// Listing uploads

class SqliteStoreUploadsListTest : public SqliteStoreMultipartTest {
protected:
    void SetUp() override {
        SqliteStoreMultipartTest::SetUp();
        for (const char* key : {"a/1", "a/2", "b", "c/x/y", "c/z", "d"}) create(key);
    }
};

TEST_F(SqliteStoreUploadsListTest, AllInKeyOrder) {
    UploadsPage page = uploads();
    EXPECT_EQ(keys_of(page), (Names{"a/1", "a/2", "b", "c/x/y", "c/z", "d"}));
    EXPECT_TRUE(page.prefixes.empty());
    EXPECT_FALSE(page.truncated);
    for (const auto& u : page.uploads) EXPECT_EQ(u.bucket, "b");
}

TEST_F(SqliteStoreUploadsListTest, Prefix) {
    EXPECT_EQ(keys_of(uploads("a/")), (Names{"a/1", "a/2"}));
    EXPECT_EQ(keys_of(uploads("c")), (Names{"c/x/y", "c/z"}));
    EXPECT_EQ(keys_of(uploads("b")), (Names{"b"}));
    EXPECT_TRUE(uploads("zzz").uploads.empty());
    EXPECT_TRUE(uploads("a/3").uploads.empty());
}

TEST_F(SqliteStoreUploadsListTest, DelimiterRollsUpIntoPrefixes) {
    UploadsPage top = uploads("", "/");
    EXPECT_EQ(keys_of(top), (Names{"b", "d"}));
    EXPECT_EQ(top.prefixes, (Names{"a/", "c/"}));
    EXPECT_FALSE(top.truncated);

    UploadsPage c = uploads("c/", "/");
    EXPECT_EQ(keys_of(c), (Names{"c/z"}));
    EXPECT_EQ(c.prefixes, (Names{"c/x/"}));

    // Each prefix once, however many uploads it holds.
    create("a/3");
    create("a/1");
    UploadsPage again = uploads("", "/");
    EXPECT_EQ(again.prefixes, (Names{"a/", "c/"}));
}

TEST_F(SqliteStoreUploadsListTest, MaxUploadsTruncates) {
    UploadsPage five = uploads("", "", "", "", 5);
    EXPECT_EQ(keys_of(five), (Names{"a/1", "a/2", "b", "c/x/y", "c/z"}));
    EXPECT_TRUE(five.truncated);
    UploadsPage six = uploads("", "", "", "", 6);
    EXPECT_EQ(six.uploads.size(), 6u);
    EXPECT_FALSE(six.truncated);  // exactly full
    UploadsPage zero = uploads("", "", "", "", 0);
    EXPECT_TRUE(zero.uploads.empty());
    EXPECT_TRUE(zero.prefixes.empty());

    // Prefixes count towards max-uploads.
    UploadsPage two = uploads("", "/", "", "", 2);
    EXPECT_EQ(two.prefixes, (Names{"a/"}));
    EXPECT_EQ(keys_of(two), (Names{"b"}));
    EXPECT_TRUE(two.truncated);
}

TEST_F(SqliteStoreUploadsListTest, KeyMarkerWithoutUploadIdSkipsTheWholeKey) {
    create("b");  // a second upload of the marker key
    EXPECT_EQ(keys_of(uploads("", "", "b")), (Names{"c/x/y", "c/z", "d"}));
    // A marker between keys.
    EXPECT_EQ(keys_of(uploads("", "", "bb")), (Names{"c/x/y", "c/z", "d"}));
    EXPECT_EQ(keys_of(uploads("", "", "a/1")), (Names{"a/2", "b", "b", "c/x/y", "c/z", "d"}));
    EXPECT_TRUE(uploads("", "", "d").uploads.empty());
    // A marker before the prefix changes nothing.
    EXPECT_EQ(keys_of(uploads("c/", "", "a")), (Names{"c/x/y", "c/z"}));
}

TEST_F(SqliteStoreUploadsListTest, KeyMarkerWithUploadIdMarker) {
    create("b");
    Names b_ids = ids_of(uploads("b"));
    ASSERT_EQ(b_ids.size(), 2u);
    // Uploads of the marker key after the marker's upload id, then the later keys.
    UploadsPage after_first = uploads("", "", "b", b_ids[0]);
    EXPECT_EQ(keys_of(after_first), (Names{"b", "c/x/y", "c/z", "d"}));
    EXPECT_EQ(after_first.uploads[0].upload_id, b_ids[1]);
    UploadsPage after_second = uploads("", "", "b", b_ids[1]);
    EXPECT_EQ(keys_of(after_second), (Names{"c/x/y", "c/z", "d"}));
}

TEST_F(SqliteStoreUploadsListTest, KeyMarkerInsideACommonPrefixSkipsIt) {
    // A NextKeyMarker of "a/" (a rolled-up prefix) continues after every key under it.
    UploadsPage page = uploads("", "/", "a/");
    EXPECT_EQ(page.prefixes, (Names{"c/"}));
    EXPECT_EQ(keys_of(page), (Names{"b", "d"}));
}

TEST_F(SqliteStoreUploadsListTest, OtherBucketsAreNotListed) {
    store_->create_bucket("other", "us-east-1", 1);
    create("a/1", 100, "other");
    create("zz", 100, "other");
    EXPECT_EQ(uploads().uploads.size(), 6u);
    UploadsPage other = store_->list_uploads("other", UploadsQuery{});
    EXPECT_EQ(keys_of(other), (Names{"a/1", "zz"}));
}

TEST_F(SqliteStoreMultipartTest, PagingVisitsEveryUploadAndPrefixOnce) {
    Names keys = {"a", "a", "b/1", "b/2", "b/3", "c", "c", "c", "d/x", "e", "f/1", "f/2/3", "g"};
    for (const auto& k : keys) create(k);
    for (const std::string delimiter : {"", "/"}) {
        for (int max : {1, 2, 3, 4, 100}) {
            Names seen_keys, seen_prefixes;
            std::set<std::string> seen_ids;
            std::string key_marker, id_marker;
            for (int pages = 0;; ++pages) {
                ASSERT_LT(pages, 100) << "listing does not end";
                UploadsPage page = uploads("", delimiter, key_marker, id_marker, max);
                ASSERT_LE(page.uploads.size() + page.prefixes.size(), static_cast<std::size_t>(max));
                for (const auto& u : page.uploads) {
                    seen_keys.push_back(u.key);
                    EXPECT_TRUE(seen_ids.insert(u.upload_id).second) << "upload listed twice: " << u.key;
                }
                for (const auto& p : page.prefixes) seen_prefixes.push_back(p);
                if (!page.truncated) break;
                // Continue from the last entry of the page, an upload or a common prefix.
                std::string last_key = page.uploads.empty() ? "" : page.uploads.back().key;
                std::string last_prefix = page.prefixes.empty() ? "" : page.prefixes.back();
                if (last_key > last_prefix) {
                    key_marker = last_key;
                    id_marker = page.uploads.back().upload_id;
                } else {
                    key_marker = last_prefix;
                    id_marker.clear();
                }
            }
            std::sort(seen_keys.begin(), seen_keys.end());
            if (delimiter.empty()) {
                EXPECT_EQ(seen_keys, keys) << "max " << max;
                EXPECT_TRUE(seen_prefixes.empty());
            } else {
                EXPECT_EQ(seen_keys, (Names{"a", "a", "c", "c", "c", "e", "g"})) << "max " << max;
                EXPECT_EQ(seen_prefixes, (Names{"b/", "d/", "f/"})) << "max " << max;
            }
        }
    }
}

// S3: "uploads are sorted in ascending order within each key by the upload initiation time"
// (ListMultipartUploads). Upload ids are random, so order by id is not order by time.
TEST_F(SqliteStoreMultipartTest, UploadsOfOneKeyAreListedInInitiationOrder) {
    // S3 sorts uploads of one key by initiation time, whatever their ids look like.
    std::vector<std::string> created;
    for (int i = 0; i < 16; ++i) created.push_back(create("k", 1000 + i).upload_id);
    UploadsPage page = uploads();
    ASSERT_EQ(page.uploads.size(), created.size());
    for (std::size_t i = 0; i < created.size(); ++i) {
        EXPECT_EQ(page.uploads[i].upload_id, created[i]) << i;
        if (i) EXPECT_LT(page.uploads[i - 1].initiated, page.uploads[i].initiated);
    }
}

// ---------------------------------------------------------------------------------------------
// Abort

TEST_F(SqliteStoreMultipartTest, AbortRemovesTheUploadAndItsPartBlobs) {
    UploadInfo keep = create("keep");
    put_part(keep, 1, "kept");
    Files kept = blob_files();

    UploadInfo u = create("k");
    put_part(u, 1, "one");
    put_part(u, 2, "two");
    put_part(u, 3, "three");
    EXPECT_EQ(blob_files().size(), 4u);

    store_->abort_upload(u);
    EXPECT_EQ(blob_files(), kept);
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "k", u.upload_id); }), StoreErrc::no_such_upload);
    EXPECT_EQ(code_of([&] { store_->list_parts(u, 0, 10); }), StoreErrc::no_such_upload);
    EXPECT_EQ(code_of([&] { store_->abort_upload(u); }), StoreErrc::no_such_upload);
    EXPECT_EQ(keys_of(uploads()), (Names{"keep"}));

    // A part arriving after the abort is refused and leaves nothing behind.
    EXPECT_EQ(code_of([&] { put_part(u, 4, "late"); }), StoreErrc::no_such_upload);
    EXPECT_EQ(blob_files(), kept);
    EXPECT_EQ(temp_files(), 0u);
    EXPECT_EQ(store_->list_parts(keep, 0, 10).parts.size(), 1u);
}

TEST_F(SqliteStoreMultipartTest, AbortWithoutParts) {
    UploadInfo u = create("k");
    store_->abort_upload(u);
    EXPECT_TRUE(uploads().uploads.empty());
}

// ---------------------------------------------------------------------------------------------
// Complete

TEST_F(SqliteStoreMultipartTest, CompleteMakesTheChosenPartsTheObject) {
    NewObject object{{{"Content-Type", "text/plain"}, {"x-amz-meta-color", "red"}}, {{"project", "x"}}};
    UploadInfo u = store_->create_upload("b", "big", object, "CRC32", "COMPOSITE", 100);
    Files before = blob_files();
    put_part(u, 1, "part-one|");
    Files with1 = blob_files();
    std::string blob1 = added_file(before, with1);
    put_part(u, 2, "part-two|");
    Files with2 = blob_files();
    std::string blob2 = added_file(with1, with2);
    put_part(u, 3, "part-three");
    std::string blob3 = added_file(with2, blob_files());

    ObjectMeta meta;
    meta.etag = "0123456789abcdef0123456789abcdef-2";
    meta.headers = u.headers;
    meta.checksum = ObjectChecksum{"CRC32", "AAAAAA==", "COMPOSITE"};
    meta.size = 12345;          // ignored: the size comes from the parts
    meta.part_sizes = {1, 2};   // ignored too
    ObjectMeta done = store_->complete_upload(u, {1, 3}, meta, 5000);
    EXPECT_EQ(done.key, "big");
    EXPECT_EQ(done.size, 19u);
    EXPECT_EQ(done.part_sizes, (std::vector<std::uint64_t>{9, 10}));
    EXPECT_EQ(done.etag, "0123456789abcdef0123456789abcdef-2");
    EXPECT_EQ(done.last_modified, 5000);
    EXPECT_EQ(done.tags, object.tags);

    // No byte copied: the chosen parts' files are the object's; the unchosen one is gone.
    EXPECT_EQ(blob_files(), (Files{blob1, blob3}));
    EXPECT_EQ(get("b", "big"), "part-one|part-three");
    auto opened = store_->open_object("b", "big");
    ASSERT_TRUE(opened);
    ASSERT_EQ(opened->segments.size(), 2u);
    EXPECT_EQ(opened->segments[0].size, 9u);
    EXPECT_EQ(opened->segments[1].size, 10u);

    auto head = store_->head_object("b", "big");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->size, 19u);
    EXPECT_EQ(head->part_sizes, (std::vector<std::uint64_t>{9, 10}));
    EXPECT_EQ(head->etag, "0123456789abcdef0123456789abcdef-2");
    EXPECT_EQ(head->headers, object.headers);
    EXPECT_EQ(head->tags, object.tags);
    EXPECT_EQ(head->checksum.algorithm, "CRC32");
    EXPECT_EQ(head->checksum.value, "AAAAAA==");
    EXPECT_EQ(head->checksum.type, "COMPOSITE");
    EXPECT_EQ(head->last_modified, 5000);

    // The upload is gone.
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "big", u.upload_id); }), StoreErrc::no_such_upload);
    EXPECT_TRUE(uploads().uploads.empty());
    EXPECT_EQ(code_of([&] { store_->complete_upload(u, {1, 3}, meta, 6000); }), StoreErrc::no_such_upload);

    // The object lists with its full size.
    ListPage listed = store_->list_objects("b", ListQuery{});
    ASSERT_EQ(listed.objects.size(), 1u);
    EXPECT_EQ(listed.objects[0].key, "big");
    EXPECT_EQ(listed.objects[0].size, 19u);
}

TEST_F(SqliteStoreMultipartTest, CompleteReplacesAnExistingObjectAndRemovesItsBlob) {
    put("b", "k", std::string(SqliteStore::small_object_limit + 1, 'o'));  // large: a file
    Files old_blobs = blob_files();
    ASSERT_EQ(old_blobs.size(), 1u);

    UploadInfo u = create("k");
    put_part(u, 1, "new-");
    put_part(u, 2, "bytes");
    ObjectMeta done = store_->complete_upload(u, {1, 2}, ObjectMeta{}, 2000);
    EXPECT_EQ(done.size, 9u);

    Files now = blob_files();
    EXPECT_EQ(now.size(), 2u);
    for (const auto& b : old_blobs) EXPECT_FALSE(now.contains(b));
    EXPECT_EQ(get("b", "k"), "new-bytes");
}

TEST_F(SqliteStoreMultipartTest, SinglePutReplacingAMultipartObjectRemovesEveryPartBlob) {
    UploadInfo u = create("k");
    put_part(u, 1, "p1");
    put_part(u, 2, "p2");
    store_->complete_upload(u, {1, 2}, ObjectMeta{}, 2000);
    EXPECT_EQ(blob_files().size(), 2u);
    const std::string single(SqliteStore::small_object_limit + 1, 's');  // large: a file
    put("b", "k", single);
    EXPECT_EQ(blob_files().size(), 1u);
    EXPECT_EQ(get("b", "k"), single);
    EXPECT_TRUE(store_->head_object("b", "k")->part_sizes.empty());

    store_->delete_object("b", "k");
    EXPECT_TRUE(blob_files().empty());
}

TEST_F(SqliteStoreMultipartTest, DeletingAMultipartObjectRemovesEveryPartBlob) {
    UploadInfo u = create("k");
    put_part(u, 1, "p1");
    put_part(u, 2, "p2");
    put_part(u, 3, "p3");
    store_->complete_upload(u, {1, 2, 3}, ObjectMeta{}, 2000);
    EXPECT_EQ(blob_files().size(), 3u);
    store_->delete_object("b", "k");
    EXPECT_TRUE(blob_files().empty());
    EXPECT_FALSE(store_->head_object("b", "k"));
}

TEST_F(SqliteStoreMultipartTest, CompleteInOtherUploadsKeyLeavesThemAlone) {
    UploadInfo a = create("k"), b = create("k");
    put_part(a, 1, "from-a");
    put_part(b, 1, "from-b");
    store_->complete_upload(a, {1}, ObjectMeta{}, 2000);
    EXPECT_EQ(get("b", "k"), "from-a");
    // The other upload of the same key is still in progress, with its part.
    EXPECT_EQ(ids_of(uploads()), (Names{b.upload_id}));
    EXPECT_EQ(store_->list_parts(b, 0, 10).parts.size(), 1u);
    store_->complete_upload(b, {1}, ObjectMeta{}, 3000);
    EXPECT_EQ(get("b", "k"), "from-b");
    EXPECT_EQ(blob_files().size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Buckets with uploads, durability

TEST_F(SqliteStoreMultipartTest, DeleteBucketWithAnUploadInProgress) {
    store_->create_bucket("other", "us-east-1", 1);
    UploadInfo kept = create("k", 100, "other");
    put_part(kept, 1, "kept part");
    Files kept_blobs = blob_files();

    UploadInfo u = create("k");
    put_part(u, 1, "one");
    put_part(u, 2, "two");
    EXPECT_EQ(blob_files().size(), 3u);

    store_->delete_bucket("b");  // uploads in progress do not make a bucket non-empty
    EXPECT_FALSE(store_->get_bucket("b"));
    EXPECT_EQ(blob_files(), kept_blobs);
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "k", u.upload_id); }), StoreErrc::no_such_bucket);

    // A new bucket of the same name does not inherit the upload.
    store_->create_bucket("b", "us-east-1", 2);
    EXPECT_TRUE(uploads().uploads.empty());
    EXPECT_EQ(code_of([&] { store_->get_upload("b", "k", u.upload_id); }), StoreErrc::no_such_upload);
    // The other bucket's upload is untouched.
    EXPECT_EQ(store_->list_parts(kept, 0, 10).parts.size(), 1u);
}

TEST_F(SqliteStoreMultipartTest, UploadsAndPartsSurviveReopen) {
    NewObject object{{{"Content-Type", "image/png"}}, {{"k", "v"}}};
    UploadInfo u = store_->create_upload("b", "k", object, "SHA256", "COMPOSITE", 100);
    put_part(u, 1, "first ");
    put_part(u, 2, "second");

    store_.reset();
    open();

    UploadInfo got = store_->get_upload("b", "k", u.upload_id);
    EXPECT_EQ(got.initiated, 100);
    EXPECT_EQ(got.headers, object.headers);
    EXPECT_EQ(got.tags, object.tags);
    EXPECT_EQ(got.checksum_algorithm, "SHA256");
    PartsPage parts = store_->list_parts(got, 0, 10);
    EXPECT_EQ(numbers_of(parts), (std::vector<int>{1, 2}));
    EXPECT_EQ(keys_of(uploads()), (Names{"k"}));

    store_->complete_upload(got, {1, 2}, ObjectMeta{}, 500);
    store_.reset();
    open();
    EXPECT_EQ(get("b", "k"), "first second");
    auto head = store_->head_object("b", "k");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->part_sizes, (std::vector<std::uint64_t>{6, 6}));
    EXPECT_EQ(head->tags, object.tags);
}

// ---------------------------------------------------------------------------------------------
// Object tags

TEST_F(SqliteStoreMultipartTest, SetObjectTags) {
    put("b", "k", "data");
    EXPECT_TRUE(store_->head_object("b", "k")->tags.empty());

    Tags tags = {{"z", "last"}, {"a", "first"}, {"empty", ""}};
    EXPECT_TRUE(store_->set_object_tags("b", "k", tags));
    EXPECT_EQ(store_->head_object("b", "k")->tags, tags);  // in the client's order

    // Replaced, not merged.
    EXPECT_TRUE(store_->set_object_tags("b", "k", Tags{{"only", "one"}}));
    EXPECT_EQ(store_->head_object("b", "k")->tags, (Tags{{"only", "one"}}));
    // The bytes are untouched.
    EXPECT_EQ(get("b", "k"), "data");

    store_.reset();
    open();
    EXPECT_EQ(store_->head_object("b", "k")->tags, (Tags{{"only", "one"}}));

    EXPECT_TRUE(store_->set_object_tags("b", "k", Tags{}));
    EXPECT_TRUE(store_->head_object("b", "k")->tags.empty());
}

TEST_F(SqliteStoreMultipartTest, SetObjectTagsOnMissingKeyOrBucket) {
    EXPECT_FALSE(store_->set_object_tags("b", "missing", Tags{{"a", "b"}}));
    EXPECT_FALSE(store_->head_object("b", "missing"));
    EXPECT_EQ(code_of([&] { store_->set_object_tags("nope", "k", Tags{}); }), StoreErrc::no_such_bucket);
}

}  // namespace
}  // namespace s3emu::storage
