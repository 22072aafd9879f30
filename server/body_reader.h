// The request body as it arrives from the socket, handed to a handler piece by piece. Reading
// it first sends "100 Continue" when the client waits for it: only handlers that accept the
// body ever trigger that, and only after authentication.
#pragma once

#include "auth/http_request_view.h"

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
    // The payload length the client announced (x-amz-decoded-content-length for aws-chunked).
    virtual std::optional<std::uint64_t> content_length() const = 0;
    // Headers sent after an aws-chunked body (x-amz-checksum-*); complete once read_some gave 0.
    virtual const auth::HeaderList& trailers() const = 0;

    // The whole body, for small XML documents; throws S3Error(MalformedXML-like) over `limit`.
    boost::asio::awaitable<std::string> read_all(std::size_t limit);
};

}  // namespace s3emu::server
