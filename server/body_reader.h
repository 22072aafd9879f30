// The request body as it arrives from the socket, handed to a handler piece by piece. Reading
// it first sends "100 Continue" when the client waits for it: only handlers that accept the
// body ever trigger that, and only after authentication.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace s3emu::server {

class BodyReader {
public:
    virtual ~BodyReader() = default;
    // Up to `size` bytes into `data`; 0 at the end of the body. Throws S3Error when the body
    // does not match what was signed (checked at the end) or the client stops sending.
    virtual boost::asio::awaitable<std::size_t> read_some(char* data, std::size_t size) = 0;
    // The Content-Length the client announced, if any.
    virtual std::optional<std::uint64_t> content_length() const = 0;

    // The whole body, for small XML documents; throws S3Error(MalformedXML-like) over `limit`.
    boost::asio::awaitable<std::string> read_all(std::size_t limit);
};

}  // namespace s3emu::server
