// A Beast body that streams a byte range of a stored object, a buffer at a time: an object is
// never held whole in memory.
#pragma once

#include "storage/object_range_reader.h"
#include "storage/store.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <system_error>
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
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body)
            : reader_(body.segments, body.offset, body.length) {}

        void init(boost::beast::error_code& ec) {
            ec = {};
            // No larger than the range, and not zeroed: a small GET should not clear 256 KiB.
            size_ = static_cast<std::size_t>(std::min<std::uint64_t>(reader_.remaining(), max_buffer_size));
            buffer_ = std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(size_, 1));
        }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            if (reader_.remaining() == 0) return boost::none;
            try {
                std::size_t n = reader_.read(buffer_.get(), size_);
                return std::make_pair(const_buffers_type(buffer_.get(), n), reader_.remaining() > 0);
            } catch (const std::system_error& e) {
                // The file is shorter than its metadata says: end the response rather than hang.
                ec = boost::beast::error_code(e.code().value(), boost::system::generic_category());
                return boost::none;
            }
        }

    private:
        static constexpr std::size_t max_buffer_size = 256 * 1024;
        storage::ObjectRangeReader reader_;
        std::unique_ptr<char[]> buffer_;
        std::size_t size_ = 0;
    };
};

}  // namespace s3emu::server
