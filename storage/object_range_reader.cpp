#include "storage/object_range_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace s3emu::storage {

ObjectRangeReader::ObjectRangeReader(const std::vector<OpenSegment>& segments, std::uint64_t offset,
                                     std::uint64_t length)
    : segments_(segments), position_(offset), remaining_(length) {}

std::size_t ObjectRangeReader::read(char* data, std::size_t size) {
    if (remaining_ == 0 || size == 0) return 0;
    std::uint64_t base = 0;
    std::size_t index = 0;
    while (index < segments_.size() && position_ >= base + segments_[index].size) base += segments_[index++].size;
    if (index == segments_.size()) throw std::system_error(EIO, std::generic_category(), "read past object end");
    const OpenSegment& segment = segments_[index];
    std::uint64_t in_segment = segment.size - (position_ - base);
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>({remaining_, in_segment, size}));
    if (!segment.fd) {
        const std::string_view bytes = segment.bytes();
        if (position_ - base + want > bytes.size())
            throw std::system_error(EIO, std::generic_category(), "small object shorter than recorded");
        std::memcpy(data, bytes.data() + (position_ - base), want);
        position_ += want;
        remaining_ -= want;
        return want;
    }
    ssize_t n;
    do {
        n = ::pread(segment.fd.get(), data, want, static_cast<off_t>(position_ - base));
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw std::system_error(errno, std::generic_category(), "read object");
    if (n == 0) throw std::system_error(EIO, std::generic_category(), "object file shorter than recorded");
    position_ += static_cast<std::uint64_t>(n);
    remaining_ -= static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
}

}  // namespace s3emu::storage
