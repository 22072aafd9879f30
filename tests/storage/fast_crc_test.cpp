// The fast CRCs against the catalogue check values ("123456789") and against Boost.CRC's
// byte-at-a-time results for every length and split, so the 8-byte paths and their tails agree.
#include "storage/fast_crc.h"

#include <boost/crc.hpp>
#include <gtest/gtest.h>

#include <random>
#include <string>

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

}  // namespace
}  // namespace s3emu::storage
