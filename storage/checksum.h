// The flexible checksums S3 stores with an object (CRC32, CRC32C, CRC64NVME, SHA1, SHA256),
// computed incrementally while the bytes stream to disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace s3emu::storage {

enum class ChecksumAlgorithm { crc32, crc32c, crc64nvme, sha1, sha256 };

// "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256" (case-insensitive).
std::optional<ChecksumAlgorithm> checksum_algorithm_from_name(std::string_view name);
std::string_view checksum_name(ChecksumAlgorithm algorithm);           // "CRC32"
std::string_view checksum_header(ChecksumAlgorithm algorithm);         // "x-amz-checksum-crc32"
std::size_t checksum_size(ChecksumAlgorithm algorithm);                // raw bytes: 4, 4, 8, 20, 32

class Checksum {
public:
    explicit Checksum(ChecksumAlgorithm algorithm);
    ~Checksum();
    Checksum(Checksum&&) noexcept;
    Checksum& operator=(Checksum&&) noexcept;

    void update(const void* data, std::size_t size);
    // Raw big-endian bytes, as S3 base64-encodes them in x-amz-checksum-*.
    std::string finish();
    ChecksumAlgorithm algorithm() const { return algorithm_; }

private:
    struct State;
    ChecksumAlgorithm algorithm_;
    std::unique_ptr<State> state_;
};

// For the CRC algorithms: the CRC of A followed by B, from crc(A), crc(B) and B's length, so
// that a multipart object gets a full-object CRC without reading its bytes again.
// REQUIRES: `algorithm` is CRC32, CRC32C or CRC64NVME; the CRCs are raw big-endian bytes.
bool is_crc(ChecksumAlgorithm algorithm);
std::string combine_crc(ChecksumAlgorithm algorithm, std::string_view crc_a, std::string_view crc_b,
                        std::uint64_t length_b);

// The value S3 shows for raw checksum bytes: base64.
std::string checksum_base64(std::string_view raw);

}  // namespace s3emu::storage
