#include "storage/fast_crc.h"

#include <boost/crc.hpp>
#include <zlib.h>

#include <array>
#include <climits>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <wmmintrin.h>
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

// Reflected CRC-64/NVME (polynomial 0xAD93D23594C93659, here bit-reversed). In this form bit 63
// of the register is x^0 and bit 0 is x^63, so one right shift, folding x^64 back in as the
// polynomial, multiplies by x.
constexpr std::uint64_t crc64_reflected_poly = 0x9A6C9329AC4BC9B5ULL;

// Slicing by 8: tables[k][b] is the register change of byte b followed by k zero bytes.
using Crc64Tables = std::array<std::array<std::uint64_t, 256>, 8>;

Crc64Tables make_crc64_tables() {
    Crc64Tables t{};
    for (std::uint64_t b = 0; b < 256; ++b) {
        std::uint64_t r = b;
        for (int bit = 0; bit < 8; ++bit) r = (r >> 1) ^ ((r & 1) ? crc64_reflected_poly : 0);
        t[0][b] = r;
    }
    for (int k = 1; k < 8; ++k)
        for (int b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
    return t;
}

const Crc64Tables crc64_tables = make_crc64_tables();

std::uint64_t crc64_slice8(std::uint64_t r, const unsigned char* p, std::size_t size) {
    const auto& t = crc64_tables;
    for (; size >= 8; p += 8, size -= 8) {
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];  // little-endian load, any host
        v ^= r;
        r = t[7][v & 0xff] ^ t[6][(v >> 8) & 0xff] ^ t[5][(v >> 16) & 0xff] ^ t[4][(v >> 24) & 0xff] ^
            t[3][(v >> 32) & 0xff] ^ t[2][(v >> 40) & 0xff] ^ t[1][(v >> 48) & 0xff] ^ t[0][v >> 56];
    }
    for (; size > 0; ++p, --size) r = t[0][(r ^ *p) & 0xff] ^ (r >> 8);
    return r;
}

#if defined(__x86_64__)
// Folding with carry-less multiplication (Intel, "Fast CRC Computation for Generic Polynomials
// Using PCLMULQDQ Instruction"). Read 16 bytes as X = A*x^64 + B, A being the first 8 (the
// higher powers, the CRC being reflected). Followed by D more bits of message, X counts modulo P
// as A*(x^(D+64) mod P) + B*(x^D mod P): under 128 bits, so it can be XORed into the 16 bytes
// D bits further on and the message shrinks by 16 bytes without changing its CRC.
// The product of two reflected 64-bit values is 127 bits, which PCLMULQDQ leaves one bit short of
// the 128-bit block's reflected form, i.e. multiplied by x^-1; so each constant is x^(n-1) mod P
// instead of x^n mod P.
constexpr std::uint64_t crc64_x_pow_mod_p(unsigned n) {
    std::uint64_t r = std::uint64_t{1} << 63;  // x^0
    for (unsigned i = 0; i < n; ++i) r = (r >> 1) ^ ((r & 1) ? crc64_reflected_poly : 0);
    return r;
}

// Eight accumulators 128 bytes apart, as one chain would wait on PCLMULQDQ's latency at every
// block; they are then folded into one 16 bytes apart.
constexpr std::size_t crc64_fold_lanes = 8;
constexpr std::size_t crc64_fold_stride = 16 * crc64_fold_lanes;
constexpr unsigned crc64_fold_bits = 8 * crc64_fold_stride;
constexpr std::uint64_t crc64_k_stride_a = crc64_x_pow_mod_p(crc64_fold_bits + 64 - 1);
constexpr std::uint64_t crc64_k_stride_b = crc64_x_pow_mod_p(crc64_fold_bits - 1);
constexpr std::uint64_t crc64_k_block_a = crc64_x_pow_mod_p(128 + 64 - 1);
constexpr std::uint64_t crc64_k_block_b = crc64_x_pow_mod_p(128 - 1);

// k holds the constant for A in its low half and for B in its high half.
__attribute__((target("pclmul"))) inline __m128i crc64_fold(__m128i x, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("pclmul"))) inline __m128i crc64_load(const unsigned char* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Needs size >= crc64_fold_stride: one load for each lane. From there on it is already three times
// as fast as the tables (27 against 86 ns for 128 bytes), so no shorter path is needed.
__attribute__((target("pclmul"))) std::uint64_t crc64_pclmul(std::uint64_t r, const unsigned char* p,
                                                              std::size_t size) {
    const __m128i k_stride = _mm_set_epi64x(static_cast<long long>(crc64_k_stride_b),
                                            static_cast<long long>(crc64_k_stride_a));
    const __m128i k_block = _mm_set_epi64x(static_cast<long long>(crc64_k_block_b),
                                           static_cast<long long>(crc64_k_block_a));

    // The register XORed into the first 8 bytes leaves a message whose CRC from zero is ours.
    __m128i acc[crc64_fold_lanes];
    for (std::size_t i = 0; i < crc64_fold_lanes; ++i) acc[i] = crc64_load(p + 16 * i);
    acc[0] = _mm_xor_si128(acc[0], _mm_cvtsi64_si128(static_cast<long long>(r)));
    p += crc64_fold_stride;
    size -= crc64_fold_stride;

    for (; size >= crc64_fold_stride; p += crc64_fold_stride, size -= crc64_fold_stride)
        for (std::size_t i = 0; i < crc64_fold_lanes; ++i)
            acc[i] = _mm_xor_si128(crc64_fold(acc[i], k_stride), crc64_load(p + 16 * i));

    __m128i x = acc[0];
    for (std::size_t i = 1; i < crc64_fold_lanes; ++i) x = _mm_xor_si128(crc64_fold(x, k_block), acc[i]);
    for (; size >= 16; p += 16, size -= 16) x = _mm_xor_si128(crc64_fold(x, k_block), crc64_load(p));

    // What is left is 16 bytes congruent to everything folded, then fewer than 16: the tables
    // finish both, from a zero register as the old one is already in the message.
    unsigned char folded[16];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(folded), x);
    return crc64_slice8(crc64_slice8(0, folded, sizeof folded), p, size);
}

const bool has_pclmul = __builtin_cpu_supports("pclmul");
#endif

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
#if defined(__x86_64__)
    if (has_pclmul && size >= crc64_fold_stride) {
        reg_ = crc64_pclmul(reg_, p, size);
        return;
    }
#endif
    reg_ = crc64_slice8(reg_, p, size);
}

}  // namespace s3emu::storage
