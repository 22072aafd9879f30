// Reading byte ranges of an object stored as several segment files (the parts of a multipart
// object): ranges across boundaries, reads that stop at each boundary, and short files.
#include "storage/object_range_reader.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace s3emu::storage {
namespace {

namespace fs = std::filesystem;

class ObjectRangeReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "s3emu-range-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        segments_.clear();
        fs::remove_all(dir_);
    }

    // Adds a segment whose file holds `data`; `recorded` is the size the metadata claims.
    void add(const std::string& data, std::optional<std::uint64_t> recorded = std::nullopt) {
        fs::path path = dir_ / ("seg" + std::to_string(segments_.size()));
        std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        ASSERT_TRUE(fd);
        segments_.push_back(OpenSegment{std::move(fd), recorded.value_or(data.size())});
        whole_ += data;
    }

    // Reads [offset, offset + length) in reads of at most `chunk` bytes.
    std::string read_range(std::uint64_t offset, std::uint64_t length, std::size_t chunk = 4096,
                           std::vector<std::size_t>* sizes = nullptr) {
        ObjectRangeReader reader(segments_, offset, length);
        EXPECT_EQ(reader.remaining(), length);
        std::string out;
        std::vector<char> buf(chunk);
        for (int guard = 0; guard < 100000; ++guard) {
            std::size_t n = reader.read(buf.data(), buf.size());
            if (n == 0) break;
            if (sizes) sizes->push_back(n);
            out.append(buf.data(), n);
            EXPECT_EQ(reader.remaining(), length - out.size());
        }
        EXPECT_EQ(reader.remaining(), 0u);
        EXPECT_EQ(reader.read(buf.data(), buf.size()), 0u);  // stays at the end
        return out;
    }

    fs::path dir_;
    std::vector<OpenSegment> segments_;
    std::string whole_;
};

TEST_F(ObjectRangeReaderTest, SingleSegmentWholeAndPartial) {
    add("hello world");
    EXPECT_EQ(read_range(0, 11), "hello world");
    EXPECT_EQ(read_range(6, 5), "world");
    EXPECT_EQ(read_range(0, 1), "h");
    EXPECT_EQ(read_range(10, 1), "d");
    EXPECT_EQ(read_range(3, 0), "");
}

TEST_F(ObjectRangeReaderTest, WholeObjectAcrossSegments) {
    add("first-");
    add("second-");
    add("third");
    EXPECT_EQ(read_range(0, whole_.size()), "first-second-third");
}

TEST_F(ObjectRangeReaderTest, EveryRangeAcrossSegmentsMatchesTheConcatenation) {
    add("abc");
    add("defgh");
    add("i");
    add("jklmnop");
    const std::uint64_t size = whole_.size();
    for (std::uint64_t offset = 0; offset <= size; ++offset)
        for (std::uint64_t length = 0; offset + length <= size; ++length)
            for (std::size_t chunk : {1u, 2u, 3u, 64u})
                ASSERT_EQ(read_range(offset, length, chunk), whole_.substr(offset, length))
                    << "offset " << offset << " length " << length << " chunk " << chunk;
}

TEST_F(ObjectRangeReaderTest, ReadsNeverCrossASegmentBoundary) {
    add(std::string(10, 'a'));
    add(std::string(5, 'b'));
    add(std::string(8, 'c'));
    std::vector<std::size_t> sizes;
    std::string out = read_range(0, 23, 4096, &sizes);
    EXPECT_EQ(out, whole_);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{10, 5, 8}));

    // Starting inside the first segment, ending inside the last.
    sizes.clear();
    out = read_range(7, 12, 4096, &sizes);
    EXPECT_EQ(out, "aaabbbbbcccc");
    EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 5, 4}));

    // A small buffer splits further, but still no read spans two segments.
    sizes.clear();
    out = read_range(8, 9, 4, &sizes);
    EXPECT_EQ(out, "aabbbbbcc");
    EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 4, 1, 2}));
}

TEST_F(ObjectRangeReaderTest, RangeStartingExactlyAtABoundary) {
    add("0123");
    add("4567");
    std::vector<std::size_t> sizes;
    EXPECT_EQ(read_range(4, 4, 4096, &sizes), "4567");
    EXPECT_EQ(sizes, (std::vector<std::size_t>{4}));
    EXPECT_EQ(read_range(3, 2), "34");
}

TEST_F(ObjectRangeReaderTest, EmptySegmentsAreSkipped) {
    add("");
    add("ab");
    add("");
    add("");
    add("cd");
    add("");
    EXPECT_EQ(read_range(0, 4), "abcd");
    EXPECT_EQ(read_range(1, 2), "bc");
    EXPECT_EQ(read_range(2, 2), "cd");
}

TEST_F(ObjectRangeReaderTest, ZeroSizeBufferReadsNothing) {
    add("abc");
    ObjectRangeReader reader(segments_, 0, 3);
    char c;
    EXPECT_EQ(reader.read(&c, 0), 0u);
    EXPECT_EQ(reader.remaining(), 3u);
    EXPECT_EQ(reader.read(&c, 1), 1u);
    EXPECT_EQ(c, 'a');
}

TEST_F(ObjectRangeReaderTest, FileShorterThanRecordedThrows) {
    add("abc");
    add("de", 5);  // the metadata claims 5 bytes, the file holds 2
    add("fgh");
    // The range up to the short file's real end reads fine.
    EXPECT_EQ(read_range(0, 5), "abcde");

    ObjectRangeReader reader(segments_, 3, 4);
    char buf[16];
    EXPECT_EQ(reader.read(buf, sizeof buf), 2u);
    EXPECT_EQ(std::string(buf, 2), "de");
    EXPECT_THROW(reader.read(buf, sizeof buf), std::system_error);
}

TEST_F(ObjectRangeReaderTest, RangeBeyondTheRecordedSizeThrows) {
    add("abc");
    ObjectRangeReader reader(segments_, 2, 5);  // violates the REQUIRES, but must not read garbage
    char buf[16];
    EXPECT_EQ(reader.read(buf, sizeof buf), 1u);
    EXPECT_THROW(reader.read(buf, sizeof buf), std::system_error);
}

TEST_F(ObjectRangeReaderTest, UnreadableDescriptorThrows) {
    std::vector<OpenSegment> bad;
    // A descriptor open for writing only: pread fails with EBADF.
    bad.push_back(OpenSegment{UniqueFd(::open("/dev/null", O_WRONLY | O_CLOEXEC)), 10});
    ObjectRangeReader reader(bad, 0, 10);
    char buf[16];
    try {
        reader.read(buf, sizeof buf);
        FAIL() << "no exception";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EBADF);
    }
}

}  // namespace
}  // namespace s3emu::storage

namespace s3emu::storage {
namespace {

TEST(ObjectRangeReaderMemoryTest, ASmallObjectIsReadFromMemory) {
    std::vector<OpenSegment> small;
    small.push_back(OpenSegment{.size = 11, .data = std::make_shared<const std::string>("hello world")});
    ObjectRangeReader reader(small, 6, 5);
    char buf[16];
    ASSERT_EQ(reader.read(buf, 3), 3u);
    ASSERT_EQ(reader.read(buf + 3, sizeof buf - 3), 2u);
    EXPECT_EQ(std::string(buf, 5), "world");
    EXPECT_EQ(reader.read(buf, sizeof buf), 0u);
}

TEST(ObjectRangeReaderMemoryTest, ASmallObjectShorterThanRecordedThrows) {
    std::vector<OpenSegment> small;
    small.push_back(OpenSegment{.size = 10, .data = std::make_shared<const std::string>("short")});
    ObjectRangeReader reader(small, 0, 10);
    char buf[16];
    EXPECT_THROW(reader.read(buf, sizeof buf), std::system_error);
}

}  // namespace
}  // namespace s3emu::storage
