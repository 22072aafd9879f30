#include "storage/fast_crc.h"

#include <boost/crc.hpp>
#include <zlib.h>

#include <array>
#include <climits>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace s3emu::storage {

void Crc32::process_bytes(const void* data, std::size_t size) {
    if (size == 0) return;  // zlib answers a null buffer with the initial value, not crc_
    crc_ = static_cast<std::uint32_t>(crc32_z(crc_, static_cast<const Bytef*>(data), size));
}

namespace {

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(std::uint32_t reg, const unsigned char* p,
                                                              std::size_t size) {
    std::uint64_t wide = reg;
    for (; size >= 8; p += 8, size -= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        wide = _mm_crc32_u64(wide, v);
    }
    reg = static_cast<std::uint32_t>(wide);
    for (; size > 0; ++p, --size) reg = _mm_crc32_u8(reg, *p);
    return reg;
}
const bool has_sse42 = __builtin_cpu_supports("sse4.2");
#endif

// Reflected CRC-64/NVME (polynomial 0xAD93D23594C93659, here bit-reversed), slicing by 8:
// tables[k][b] is the register change of byte b followed by k zero bytes.
using Crc64Tables = std::array<std::array<std::uint64_t, 256>, 8>;

Crc64Tables make_crc64_tables() {
    constexpr std::uint64_t reflected_poly = 0x9A6C9329AC4BC9B5ULL;
    Crc64Tables t{};
    for (std::uint64_t b = 0; b < 256; ++b) {
        std::uint64_t r = b;
        for (int bit = 0; bit < 8; ++bit) r = (r >> 1) ^ ((r & 1) ? reflected_poly : 0);
        t[0][b] = r;
    }
    for (int k = 1; k < 8; ++k)
        for (int b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
    return t;
}

const Crc64Tables crc64_tables = make_crc64_tables();

}  // namespace

void Crc32c::process_bytes(const void* data, std::size_t size) {
    auto* p = static_cast<const unsigned char*>(data);
#if defined(__x86_64__)
    if (has_sse42) {
        reg_ = crc32c_sse42(reg_, p, size);
        return;
    }
#endif
    // Without the instruction: Boost's table, continuing from our register.
    boost::crc_optimal<32, 0x1EDC6F41, 0, 0, true, true> slow(reg_);
    slow.process_bytes(p, size);
    reg_ = slow.checksum();
}

void Crc64Nvme::process_bytes(const void* data, std::size_t size) {
    static_assert(CHAR_BIT == 8);
    auto* p = static_cast<const unsigned char*>(data);
    const auto& t = crc64_tables;
    std::uint64_t r = reg_;
    for (; size >= 8; p += 8, size -= 8) {
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];  // little-endian load, any host
        v ^= r;
        r = t[7][v & 0xff] ^ t[6][(v >> 8) & 0xff] ^ t[5][(v >> 16) & 0xff] ^ t[4][(v >> 24) & 0xff] ^
            t[3][(v >> 32) & 0xff] ^ t[2][(v >> 40) & 0xff] ^ t[1][(v >> 48) & 0xff] ^ t[0][v >> 56];
    }
    for (; size > 0; ++p, --size) r = t[0][(r ^ *p) & 0xff] ^ (r >> 8);
    reg_ = r;
}

}  // namespace s3emu::storage
