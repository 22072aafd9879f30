// Sends a byte range of a stored object on a socket with sendfile(2): the bytes of a large
// object go from the page cache to the socket without a copy through s3emu (a small object's
// bytes, held in memory, are written as they are).
#pragma once

#include "storage/store.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstdint>
#include <vector>

namespace s3emu::server {

// REQUIRES: offset + length <= the object's size. Adds what went out to `bytes_out`.
boost::asio::awaitable<boost::beast::error_code> send_object(boost::beast::tcp_stream& stream,
                                                              const std::vector<storage::OpenSegment>& segments,
                                                              std::uint64_t offset, std::uint64_t length,
                                                              std::uint64_t& bytes_out);

}  // namespace s3emu::server
