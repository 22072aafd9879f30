// The fast CRCs against the catalogue check values ("123456789") and against Boost.CRC's
// byte-at-a-time results for every length and split, so the 8-byte paths and their tails agree.
// CRC-64/NVME also against a bit-at-a-time reference at the lengths where it folds with PCLMULQDQ
// (where the CPU has it), from any alignment and in any pieces, as its constants are derived.
#include "storage/fast_crc.h"

#include <boost/crc.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace s3emu::storage {
namespace {

template <class Crc>
auto crc_of(const std::string& data, std::size_t split) {
    Crc c;
    c.process_bytes(data.data(), split);
    c.process_bytes(data.data() + split, data.size() - split);
    return c.checksum();
}

TEST(FastCrc, CheckValues) {
    const std::string check = "123456789";
    EXPECT_EQ(crc_of<Crc32>(check, 0), 0xCBF43926u);
    EXPECT_EQ(crc_of<Crc32c>(check, 4), 0xE3069283u);
    EXPECT_EQ(crc_of<Crc64Nvme>(check, 9), 0xAE8B14860A799888ull);
    EXPECT_EQ(Crc32().checksum(), 0u);  // the CRC of nothing
    EXPECT_EQ(Crc64Nvme().checksum(), 0u);
}

TEST(FastCrc, AgreesWithBoostForEveryLengthAndSplit) {
    std::mt19937 random(42);
    std::string data(100, '\0');
    for (auto& c : data) c = static_cast<char>(random());
    for (std::size_t length = 0; length <= data.size(); ++length) {
        std::string piece = data.substr(0, length);
        boost::crc_32_type b32;
        b32.process_bytes(piece.data(), piece.size());
        boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> b32c;
        b32c.process_bytes(piece.data(), piece.size());
        boost::crc_optimal<64, 0xAD93D23594C93659ULL, ~0ULL, ~0ULL, true, true> b64;
        b64.process_bytes(piece.data(), piece.size());
        for (std::size_t split = 0; split <= length; split += 3) {
            ASSERT_EQ(crc_of<Crc32>(piece, split), b32.checksum()) << length << "/" << split;
            ASSERT_EQ(crc_of<Crc32c>(piece, split), b32c.checksum()) << length << "/" << split;
            ASSERT_EQ(crc_of<Crc64Nvme>(piece, split), b64.checksum()) << length << "/" << split;
        }
    }
}

// Straight from the definition: reflected, init and xorout all ones.
std::uint64_t crc64_nvme_bitwise(const unsigned char* p, std::size_t size) {
    std::uint64_t r = ~0ull;
    for (std::size_t i = 0; i < size; ++i) {
        r ^= p[i];
        for (int bit = 0; bit < 8; ++bit) r = (r >> 1) ^ ((r & 1) ? 0x9A6C9329AC4BC9B5ULL : 0);
    }
    return ~r;
}

std::vector<unsigned char> random_bytes(std::mt19937& random, std::size_t size) {
    std::vector<unsigned char> bytes(size);
    for (auto& b : bytes) b = static_cast<unsigned char>(random());
    return bytes;
}

TEST(FastCrc, Crc64ReferenceAgreesWithCheckValue) {
    const std::string check = "123456789";
    EXPECT_EQ(crc64_nvme_bitwise(reinterpret_cast<const unsigned char*>(check.data()), check.size()),
              0xAE8B14860A799888ull);
}

TEST(FastCrc, Crc64AgreesWithBitwiseAtEveryLengthUpTo600) {
    // Every length across the switch to folding and its 128-byte, 16-byte and tail remainders.
    std::mt19937 random(7);
    const auto data = random_bytes(random, 600);
    for (std::size_t length = 0; length <= data.size(); ++length) {
        Crc64Nvme c;
        c.process_bytes(data.data(), length);
        ASSERT_EQ(c.checksum(), crc64_nvme_bitwise(data.data(), length)) << length;
    }
}

TEST(FastCrc, Crc64AgreesWithBitwiseAtRandomLengthsOffsetsAndSplits) {
    std::mt19937 random(1234);
    const auto data = random_bytes(random, 5000 + 64);
    for (int round = 0; round < 2000; ++round) {
        const std::size_t length = random() % 5001;
        const std::size_t offset = random() % 64;  // every alignment of the 16-byte loads
        const unsigned char* p = data.data() + offset;
        const std::uint64_t expected = crc64_nvme_bitwise(p, length);

        Crc64Nvme whole;
        whole.process_bytes(p, length);
        ASSERT_EQ(whole.checksum(), expected) << "length " << length << " offset " << offset;

        // Up to 5 pieces at random points, so pieces long and short meet in either order.
        std::vector<std::size_t> cuts{0, length};
        const int pieces = 1 + static_cast<int>(random() % 5);
        for (int i = 1; i < pieces; ++i) cuts.push_back(length == 0 ? 0 : random() % (length + 1));
        std::sort(cuts.begin(), cuts.end());
        Crc64Nvme split;
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
            split.process_bytes(p + cuts[i], cuts[i + 1] - cuts[i]);
        ASSERT_EQ(split.checksum(), expected)
            << "length " << length << " offset " << offset << " pieces " << pieces;
    }
}

TEST(FastCrc, Crc64AgreesWithBitwiseOnALargeBuffer) {
    std::mt19937 random(99);
    const auto data = random_bytes(random, (1 << 20) + 13 + 3);
    const unsigned char* p = data.data() + 3;  // unaligned
    const std::size_t length = (1 << 20) + 13;
    const std::uint64_t expected = crc64_nvme_bitwise(p, length);

    Crc64Nvme whole;
    whole.process_bytes(p, length);
    EXPECT_EQ(whole.checksum(), expected);

    // As an upload arrives: 64 KiB pieces, and then odd ones.
    Crc64Nvme pieces;
    std::size_t done = 0;
    for (std::size_t piece = 65536; done < length; piece = piece == 65536 ? 4099 : 65536) {
        const std::size_t n = std::min(piece, length - done);
        pieces.process_bytes(p + done, n);
        done += n;
    }
    EXPECT_EQ(pieces.checksum(), expected);
}

}  // namespace
}  // namespace s3emu::storage
