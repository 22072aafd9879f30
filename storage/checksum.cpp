#include "storage/checksum.h"

#include "auth/crypto.h"
#include "storage/fast_crc.h"

#include <boost/beast/core/detail/base64.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <variant>

namespace s3emu::storage {

namespace {

struct Info {
    ChecksumAlgorithm algorithm;
    std::string_view name, header;
    std::size_t size;
};

constexpr std::array<Info, 5> infos = {{
    {ChecksumAlgorithm::crc32, "CRC32", "x-amz-checksum-crc32", 4},
    {ChecksumAlgorithm::crc32c, "CRC32C", "x-amz-checksum-crc32c", 4},
    {ChecksumAlgorithm::crc64nvme, "CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {ChecksumAlgorithm::sha1, "SHA1", "x-amz-checksum-sha1", 20},
    {ChecksumAlgorithm::sha256, "SHA256", "x-amz-checksum-sha256", 32},
}};

const Info& info_of(ChecksumAlgorithm a) { return infos[static_cast<std::size_t>(a)]; }

template <class T>
std::string big_endian(T value) {
    std::string out(sizeof(T), '\0');
    for (std::size_t i = 0; i < sizeof(T); ++i) out[sizeof(T) - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
    return out;
}

}  // namespace

struct Checksum::State {
    std::variant<Crc32, Crc32c, Crc64Nvme, auth::Digest> impl;
};

std::optional<ChecksumAlgorithm> checksum_algorithm_from_name(std::string_view name) {
    for (const auto& i : infos) {
        if (i.name.size() == name.size() &&
            std::equal(name.begin(), name.end(), i.name.begin(),
                       [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; }))
            return i.algorithm;
    }
    return std::nullopt;
}

std::string_view checksum_name(ChecksumAlgorithm a) { return info_of(a).name; }
std::string_view checksum_header(ChecksumAlgorithm a) { return info_of(a).header; }
std::size_t checksum_size(ChecksumAlgorithm a) { return info_of(a).size; }

Checksum::Checksum(ChecksumAlgorithm algorithm) : algorithm_(algorithm), state_(std::make_unique<State>()) {
    switch (algorithm) {
        case ChecksumAlgorithm::crc32: state_->impl = Crc32(); break;
        case ChecksumAlgorithm::crc32c: state_->impl = Crc32c(); break;
        case ChecksumAlgorithm::crc64nvme: state_->impl = Crc64Nvme(); break;
        case ChecksumAlgorithm::sha1: state_->impl = auth::Digest::sha1(); break;
        case ChecksumAlgorithm::sha256: state_->impl = auth::Digest::sha256(); break;
    }
}

Checksum::~Checksum() = default;
Checksum::Checksum(Checksum&&) noexcept = default;
Checksum& Checksum::operator=(Checksum&&) noexcept = default;

void Checksum::update(const void* data, std::size_t size) {
    std::visit(
        [&](auto& impl) {
            if constexpr (std::is_same_v<std::decay_t<decltype(impl)>, auth::Digest>) impl.update(data, size);
            else impl.process_bytes(data, size);
        },
        state_->impl);
}

std::string Checksum::finish() {
    return std::visit(
        [](auto& impl) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(impl)>, auth::Digest>) {
                return impl.finish();
            } else {
                return big_endian(impl.checksum());
            }
        },
        state_->impl);
}

bool is_crc(ChecksumAlgorithm a) {
    return a == ChecksumAlgorithm::crc32 || a == ChecksumAlgorithm::crc32c || a == ChecksumAlgorithm::crc64nvme;
}

namespace {

// zlib's crc32_combine, generalised to any reflected CRC with all-ones init and final xor:
// appending `length` zero bytes is a linear map over GF(2), applied by repeated squaring.
std::uint64_t gf2_times(const std::uint64_t* matrix, std::uint64_t vector) {
    std::uint64_t sum = 0;
    for (; vector; vector >>= 1, ++matrix)
        if (vector & 1) sum ^= *matrix;
    return sum;
}

void gf2_square(std::uint64_t* square, const std::uint64_t* matrix, int width) {
    for (int n = 0; n < width; ++n) square[n] = gf2_times(matrix, matrix[n]);
}

std::uint64_t crc_combine(std::uint64_t crc_a, std::uint64_t crc_b, std::uint64_t length_b,
                          std::uint64_t reflected_poly, int width) {
    if (length_b == 0) return crc_a;
    std::uint64_t even[64], odd[64];
    odd[0] = reflected_poly;  // the operator for one zero bit
    std::uint64_t row = 1;
    for (int n = 1; n < width; ++n, row <<= 1) odd[n] = row;
    gf2_square(even, odd, width);  // two zero bits
    gf2_square(odd, even, width);  // four zero bits
    do {
        gf2_square(even, odd, width);
        if (length_b & 1) crc_a = gf2_times(even, crc_a);
        length_b >>= 1;
        if (!length_b) break;
        gf2_square(odd, even, width);
        if (length_b & 1) crc_a = gf2_times(odd, crc_a);
        length_b >>= 1;
    } while (length_b);
    return crc_a ^ crc_b;
}

std::uint64_t from_big_endian(std::string_view raw) {
    std::uint64_t v = 0;
    for (unsigned char c : raw) v = (v << 8) | c;
    return v;
}

}  // namespace

std::string combine_crc(ChecksumAlgorithm algorithm, std::string_view crc_a, std::string_view crc_b,
                        std::uint64_t length_b) {
    std::uint64_t a = from_big_endian(crc_a), b = from_big_endian(crc_b);
    switch (algorithm) {
        case ChecksumAlgorithm::crc32:
            return big_endian(static_cast<std::uint32_t>(crc_combine(a, b, length_b, 0xEDB88320u, 32)));
        case ChecksumAlgorithm::crc32c:
            return big_endian(static_cast<std::uint32_t>(crc_combine(a, b, length_b, 0x82F63B78u, 32)));
        case ChecksumAlgorithm::crc64nvme:
            return big_endian(crc_combine(a, b, length_b, 0x9A6C9329AC4BC9B5ULL, 64));
        default:
            throw std::invalid_argument("combine_crc needs a CRC algorithm");
    }
}

std::string checksum_base64(std::string_view raw) {
    namespace b64 = boost::beast::detail::base64;
    std::string out(b64::encoded_size(raw.size()), '\0');
    out.resize(b64::encode(out.data(), raw.data(), raw.size()));
    return out;
}

}  // namespace s3emu::storage
