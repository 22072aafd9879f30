// The three CRCs of S3's flexible checksums at the speed of the hashes beside them. Boost.CRC
// works a byte at a time (about 250 MB/s for CRC-64 here), which would make the CRC, not MD5,
// the limit of every upload: CRC-32 comes from zlib, CRC-32C from the SSE4.2 instruction where
// the CPU has it, and CRC-64/NVME by carry-less multiplication (PCLMULQDQ) folding 128 bytes a
// step, or eight bytes at a time from eight tables on a CPU without it.
// Each keeps the interface of a Boost.CRC type: process_bytes(), checksum().
#pragma once

#include <cstddef>
#include <cstdint>

namespace s3emu::storage {

class Crc32 {
public:
    void process_bytes(const void* data, std::size_t size);
    std::uint32_t checksum() const { return crc_; }

private:
    std::uint32_t crc_ = 0;  // zlib keeps the register inverted for us
};

class Crc32c {
public:
    void process_bytes(const void* data, std::size_t size);
    std::uint32_t checksum() const { return ~reg_; }

private:
    std::uint32_t reg_ = ~0u;
};

class Crc64Nvme {
public:
    void process_bytes(const void* data, std::size_t size);
    std::uint64_t checksum() const { return ~reg_; }

private:
    std::uint64_t reg_ = ~0ull;
};

}  // namespace s3emu::storage
