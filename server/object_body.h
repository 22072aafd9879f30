// A Beast body that streams a byte range of a stored object from its files (one per part of a
// multipart object) with pread, a buffer at a time: an object is never held whole in memory.
#pragma once

#include "storage/store.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <unistd.h>
#include <vector>

namespace s3emu::server {

struct ObjectBody {
    struct value_type {
        std::vector<storage::OpenSegment> segments;
        std::uint64_t offset = 0;  // into the whole object
        std::uint64_t length = 0;
    };

    static std::uint64_t size(const value_type& body) { return body.length; }

    class writer {
    public:
        using const_buffers_type = boost::asio::const_buffer;

        template <bool isRequest, class Fields>
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body) : body_(body) {}

        void init(boost::beast::error_code& ec) {
            ec = {};
            buffer_ = std::make_unique<char[]>(buffer_size);
        }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            std::uint64_t left = body_.length - sent_;
            if (left == 0) return boost::none;
            // Find the segment holding the next byte; reads never cross a segment boundary.
            std::uint64_t at = body_.offset + sent_, base = 0;
            std::size_t index = 0;
            while (index < body_.segments.size() && at >= base + body_.segments[index].size)
                base += body_.segments[index++].size;
            if (index == body_.segments.size()) {
                ec = boost::beast::error_code(EIO, boost::system::generic_category());
                return boost::none;
            }
            const auto& segment = body_.segments[index];
            std::uint64_t in_segment = segment.size - (at - base);
            std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>({left, in_segment, buffer_size}));
            ssize_t n;
            do {
                n = ::pread(segment.fd.get(), buffer_.get(), want, static_cast<off_t>(at - base));
            } while (n < 0 && errno == EINTR);
            if (n <= 0) {
                // The file is shorter than its metadata says: end the response rather than hang.
                ec = n < 0 ? boost::beast::error_code(errno, boost::system::generic_category())
                           : boost::beast::error_code(EIO, boost::system::generic_category());
                return boost::none;
            }
            sent_ += static_cast<std::uint64_t>(n);
            return std::make_pair(const_buffers_type(buffer_.get(), static_cast<std::size_t>(n)), sent_ < body_.length);
        }

    private:
        static constexpr std::size_t buffer_size = 256 * 1024;
        const value_type& body_;
        std::unique_ptr<char[]> buffer_;
        std::uint64_t sent_ = 0;
    };
};

}  // namespace s3emu::server
