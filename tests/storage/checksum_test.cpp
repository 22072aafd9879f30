// The flexible checksums: check values of each algorithm, incremental updates, names and
// headers, CRC combination for multipart objects, and the base64 S3 shows.
#include "storage/checksum.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

namespace s3emu::storage {
namespace {

constexpr std::array<ChecksumAlgorithm, 5> all_algorithms = {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c,
                                                             ChecksumAlgorithm::crc64nvme, ChecksumAlgorithm::sha1,
                                                             ChecksumAlgorithm::sha256};
constexpr std::array<ChecksumAlgorithm, 3> crc_algorithms = {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c,
                                                             ChecksumAlgorithm::crc64nvme};

std::string hex(const std::string& raw) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string raw_of(ChecksumAlgorithm a, const std::string& data) {
    Checksum c(a);
    c.update(data.data(), data.size());
    return c.finish();
}

std::string hex_of(ChecksumAlgorithm a, const std::string& data) { return hex(raw_of(a, data)); }

// Deterministic, non-repeating bytes (a simple LCG), so CRCs see every byte value.
std::string pseudo_random(std::size_t size, std::uint32_t seed) {
    std::string out(size, '\0');
    for (auto& c : out) {
        seed = seed * 1664525u + 1013904223u;
        c = static_cast<char>(seed >> 24);
    }
    return out;
}

TEST(Checksum, CheckValuesOf123456789) {
    const std::string data = "123456789";
    EXPECT_EQ(hex_of(ChecksumAlgorithm::crc32, data), "cbf43926");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::crc32c, data), "e3069283");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::crc64nvme, data), "ae8b14860a799888");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::sha1, data), "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::sha256, data),
              "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
}

TEST(Checksum, ValuesOfEmptyInput) {
    EXPECT_EQ(hex_of(ChecksumAlgorithm::crc32, ""), "00000000");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::crc32c, ""), "00000000");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::crc64nvme, ""), "0000000000000000");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::sha1, ""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(hex_of(ChecksumAlgorithm::sha256, ""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // A checksum that saw no update at all is the same as one fed zero bytes.
    for (auto a : all_algorithms) EXPECT_EQ(Checksum(a).finish(), raw_of(a, "")) << checksum_name(a);
}

TEST(Checksum, FinishGivesRawBytesOfTheAlgorithmsSize) {
    for (auto a : all_algorithms) {
        EXPECT_EQ(raw_of(a, "abc").size(), checksum_size(a)) << checksum_name(a);
        Checksum c(a);
        EXPECT_EQ(c.algorithm(), a);
    }
}

TEST(Checksum, IncrementalUpdatesSplitAnywhereEqualOneShot) {
    const std::string data = pseudo_random(300, 7);
    for (auto a : all_algorithms) {
        const std::string whole = raw_of(a, data);
        for (std::size_t split = 0; split <= data.size(); ++split) {
            Checksum c(a);
            c.update(data.data(), split);
            c.update(data.data() + split, data.size() - split);
            ASSERT_EQ(c.finish(), whole) << checksum_name(a) << " split at " << split;
        }
        // And byte by byte, with empty updates in between.
        Checksum c(a);
        for (char ch : data) {
            c.update(&ch, 1);
            c.update(nullptr, 0);
        }
        EXPECT_EQ(c.finish(), whole) << checksum_name(a);
    }
}

TEST(Checksum, DifferentDataGivesDifferentChecksums) {
    for (auto a : all_algorithms) EXPECT_NE(raw_of(a, "123456789"), raw_of(a, "123456788")) << checksum_name(a);
}

TEST(Checksum, MovedChecksumKeepsItsState) {
    Checksum a(ChecksumAlgorithm::crc32);
    a.update("1234", 4);
    Checksum b(std::move(a));
    b.update("56789", 5);
    EXPECT_EQ(hex(b.finish()), "cbf43926");

    Checksum c(ChecksumAlgorithm::sha1);
    c = Checksum(ChecksumAlgorithm::crc32c);
    c.update("123456789", 9);
    EXPECT_EQ(c.algorithm(), ChecksumAlgorithm::crc32c);
    EXPECT_EQ(hex(c.finish()), "e3069283");
}

TEST(Checksum, AlgorithmFromNameIsCaseInsensitive) {
    EXPECT_EQ(checksum_algorithm_from_name("CRC32"), ChecksumAlgorithm::crc32);
    EXPECT_EQ(checksum_algorithm_from_name("crc32"), ChecksumAlgorithm::crc32);
    EXPECT_EQ(checksum_algorithm_from_name("CRC32C"), ChecksumAlgorithm::crc32c);
    EXPECT_EQ(checksum_algorithm_from_name("Crc32c"), ChecksumAlgorithm::crc32c);
    EXPECT_EQ(checksum_algorithm_from_name("crc64nvme"), ChecksumAlgorithm::crc64nvme);
    EXPECT_EQ(checksum_algorithm_from_name("CRC64NVME"), ChecksumAlgorithm::crc64nvme);
    EXPECT_EQ(checksum_algorithm_from_name("sha1"), ChecksumAlgorithm::sha1);
    EXPECT_EQ(checksum_algorithm_from_name("Sha256"), ChecksumAlgorithm::sha256);
}

TEST(Checksum, UnknownNamesAreNullopt) {
    EXPECT_FALSE(checksum_algorithm_from_name(""));
    EXPECT_FALSE(checksum_algorithm_from_name("MD5"));
    EXPECT_FALSE(checksum_algorithm_from_name("CRC"));
    EXPECT_FALSE(checksum_algorithm_from_name("CRC32 "));
    EXPECT_FALSE(checksum_algorithm_from_name("CRC32CC"));
    EXPECT_FALSE(checksum_algorithm_from_name("SHA-256"));
    EXPECT_FALSE(checksum_algorithm_from_name("CRC64"));
}

TEST(Checksum, NamesHeadersAndSizes) {
    EXPECT_EQ(checksum_name(ChecksumAlgorithm::crc32), "CRC32");
    EXPECT_EQ(checksum_name(ChecksumAlgorithm::crc32c), "CRC32C");
    EXPECT_EQ(checksum_name(ChecksumAlgorithm::crc64nvme), "CRC64NVME");
    EXPECT_EQ(checksum_name(ChecksumAlgorithm::sha1), "SHA1");
    EXPECT_EQ(checksum_name(ChecksumAlgorithm::sha256), "SHA256");

    EXPECT_EQ(checksum_header(ChecksumAlgorithm::crc32), "x-amz-checksum-crc32");
    EXPECT_EQ(checksum_header(ChecksumAlgorithm::crc32c), "x-amz-checksum-crc32c");
    EXPECT_EQ(checksum_header(ChecksumAlgorithm::crc64nvme), "x-amz-checksum-crc64nvme");
    EXPECT_EQ(checksum_header(ChecksumAlgorithm::sha1), "x-amz-checksum-sha1");
    EXPECT_EQ(checksum_header(ChecksumAlgorithm::sha256), "x-amz-checksum-sha256");

    EXPECT_EQ(checksum_size(ChecksumAlgorithm::crc32), 4u);
    EXPECT_EQ(checksum_size(ChecksumAlgorithm::crc32c), 4u);
    EXPECT_EQ(checksum_size(ChecksumAlgorithm::crc64nvme), 8u);
    EXPECT_EQ(checksum_size(ChecksumAlgorithm::sha1), 20u);
    EXPECT_EQ(checksum_size(ChecksumAlgorithm::sha256), 32u);

    // The name round-trips through checksum_algorithm_from_name.
    for (auto a : all_algorithms) EXPECT_EQ(checksum_algorithm_from_name(checksum_name(a)), a);
}

TEST(Checksum, IsCrc) {
    EXPECT_TRUE(is_crc(ChecksumAlgorithm::crc32));
    EXPECT_TRUE(is_crc(ChecksumAlgorithm::crc32c));
    EXPECT_TRUE(is_crc(ChecksumAlgorithm::crc64nvme));
    EXPECT_FALSE(is_crc(ChecksumAlgorithm::sha1));
    EXPECT_FALSE(is_crc(ChecksumAlgorithm::sha256));
}

void expect_combines(ChecksumAlgorithm a, const std::string& first, const std::string& second) {
    EXPECT_EQ(hex(combine_crc(a, raw_of(a, first), raw_of(a, second), second.size())), hex_of(a, first + second))
        << checksum_name(a) << " |A|=" << first.size() << " |B|=" << second.size();
}

TEST(Checksum, CombineCrcEqualsCrcOfConcatenation) {
    for (auto a : crc_algorithms) {
        expect_combines(a, "1234", "56789");
        expect_combines(a, "1", "23456789");
        expect_combines(a, "12345678", "9");
        expect_combines(a, pseudo_random(1000, 1), pseudo_random(777, 2));
        // Every length of B up to 70 bytes: exercises each bit pattern of the length's low bits.
        const std::string b = pseudo_random(70, 3);
        for (std::size_t n = 0; n <= b.size(); ++n) expect_combines(a, "prefix", b.substr(0, n));
    }
}

TEST(Checksum, CombineCrcWithEmptyPieces) {
    for (auto a : crc_algorithms) {
        // Empty B: the CRC of A unchanged.
        expect_combines(a, "123456789", "");
        EXPECT_EQ(combine_crc(a, raw_of(a, "123456789"), raw_of(a, ""), 0), raw_of(a, "123456789"));
        // Empty A: the CRC of B.
        expect_combines(a, "", "123456789");
        expect_combines(a, "", "");
    }
}

TEST(Checksum, CombineCrcWithLargeSecondPiece) {
    const std::string first = pseudo_random(4096 + 3, 11);
    const std::string second = pseudo_random(1 << 20, 12);  // 1 MiB
    for (auto a : crc_algorithms) expect_combines(a, first, second);
}

TEST(Checksum, CombineCrcChainsOverManyParts) {
    // How a multipart object's full-object CRC is built: fold the parts' CRCs left to right.
    const std::string parts[] = {pseudo_random(5000, 21), pseudo_random(1, 22), pseudo_random(65536, 23),
                                 pseudo_random(123, 24)};
    for (auto a : crc_algorithms) {
        std::string whole, combined = raw_of(a, "");
        for (const auto& p : parts) {
            combined = combine_crc(a, combined, raw_of(a, p), p.size());
            whole += p;
        }
        EXPECT_EQ(hex(combined), hex_of(a, whole)) << checksum_name(a);
        EXPECT_EQ(combined.size(), checksum_size(a));
    }
}

TEST(Checksum, CombineCrcRejectsShaAlgorithms) {
    EXPECT_THROW(combine_crc(ChecksumAlgorithm::sha256, raw_of(ChecksumAlgorithm::sha256, "a"),
                             raw_of(ChecksumAlgorithm::sha256, "b"), 1),
                 std::invalid_argument);
}

TEST(Checksum, Base64OfRawBytes) {
    EXPECT_EQ(checksum_base64(raw_of(ChecksumAlgorithm::crc32, "123456789")), "y/Q5Jg==");
    EXPECT_EQ(checksum_base64(raw_of(ChecksumAlgorithm::crc32c, "123456789")), "4waSgw==");
    EXPECT_EQ(checksum_base64(raw_of(ChecksumAlgorithm::crc64nvme, "123456789")), "rosUhgp5mIg=");
    EXPECT_EQ(checksum_base64(raw_of(ChecksumAlgorithm::crc32, "")), "AAAAAA==");
    EXPECT_EQ(checksum_base64(raw_of(ChecksumAlgorithm::sha256, "")),
              "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    EXPECT_EQ(checksum_base64(""), "");
    EXPECT_EQ(checksum_base64("hel"), "aGVs");
    EXPECT_EQ(checksum_base64("hell"), "aGVsbA==");
    EXPECT_EQ(checksum_base64("hello"), "aGVsbG8=");
    EXPECT_EQ(checksum_base64(std::string("\xff\xfe\x00", 3)), "//4A");
}

}  // namespace
}  // namespace s3emu::storage
