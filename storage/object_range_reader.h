// Reads a byte range of an opened object, across the files of its parts, with pread (or from
// memory for a small object).
#pragma once

#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace s3emu::storage {

class ObjectRangeReader {
public:
    // REQUIRES: `segments` outlives the reader and offset + length <= the object's size.
    ObjectRangeReader(const std::vector<OpenSegment>& segments, std::uint64_t offset, std::uint64_t length);

    // Up to `size` bytes, never across a part boundary; 0 once the range is read.
    // Throws std::system_error when a file cannot be read or is shorter than recorded.
    std::size_t read(char* data, std::size_t size);
    std::uint64_t remaining() const { return remaining_; }

private:
    const std::vector<OpenSegment>& segments_;
    std::uint64_t position_;
    std::uint64_t remaining_;
};

}  // namespace s3emu::storage
