#include "storage/checksum.h"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/crc.hpp>
#include <openssl/evp.h>

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

// Reflected CRCs with all-ones init and final xor: CRC-32 (zlib), CRC-32C (Castagnoli),
// CRC-64/NVME, each as the AWS SDKs compute them.
using Crc32 = boost::crc_32_type;
using Crc32c = boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true>;
using Crc64Nvme = boost::crc_optimal<64, 0xAD93D23594C93659ULL, ~0ULL, ~0ULL, true, true>;

struct EvpFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Evp = std::unique_ptr<EVP_MD_CTX, EvpFree>;

template <class T>
std::string big_endian(T value) {
    std::string out(sizeof(T), '\0');
    for (std::size_t i = 0; i < sizeof(T); ++i) out[sizeof(T) - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
    return out;
}

}  // namespace

struct Checksum::State {
    std::variant<Crc32, Crc32c, Crc64Nvme, Evp> impl;
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
        case ChecksumAlgorithm::sha1:
        case ChecksumAlgorithm::sha256: {
            Evp ctx(EVP_MD_CTX_new());
            const EVP_MD* md = algorithm == ChecksumAlgorithm::sha1 ? EVP_sha1() : EVP_sha256();
            if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) throw std::runtime_error("digest init failed");
            state_->impl = std::move(ctx);
            break;
        }
    }
}

Checksum::~Checksum() = default;
Checksum::Checksum(Checksum&&) noexcept = default;
Checksum& Checksum::operator=(Checksum&&) noexcept = default;

void Checksum::update(const void* data, std::size_t size) {
    std::visit(
        [&](auto& impl) {
            if constexpr (std::is_same_v<std::decay_t<decltype(impl)>, Evp>) EVP_DigestUpdate(impl.get(), data, size);
            else impl.process_bytes(data, size);
        },
        state_->impl);
}

std::string Checksum::finish() {
    return std::visit(
        [](auto& impl) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(impl)>, Evp>) {
                unsigned char out[EVP_MAX_MD_SIZE];
                unsigned int len = 0;
                EVP_DigestFinal_ex(impl.get(), out, &len);
                return std::string(reinterpret_cast<char*>(out), len);
            } else {
                return big_endian(impl.checksum());
            }
        },
        state_->impl);
}

std::string checksum_base64(std::string_view raw) {
    namespace b64 = boost::beast::detail::base64;
    std::string out(b64::encoded_size(raw.size()), '\0');
    out.resize(b64::encode(out.data(), raw.data(), raw.size()));
    return out;
}

}  // namespace s3emu::storage
