// What a GET or HEAD of an object answers before any byte is sent: conditional requests
// (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since, with S3's precedence),
// a single byte range or a part number, and the status that follows.
#pragma once

#include "server/s3_request.h"
#include "storage/store.h"

#include <boost/beast/http/status.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace s3emu::server {

struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;  // inclusive
};

// Parses "bytes=a-b", "bytes=a-" and "bytes=-n" against an object of `size` bytes.
// nullopt: the header is not a single range S3 honours, so the whole object is sent.
// Throws S3Error(InvalidRange) when it is a range no byte of the object satisfies.
std::optional<ByteRange> parse_range(std::string_view header, std::uint64_t size);

struct ReadPlan {
    boost::beast::http::status status = boost::beast::http::status::ok;  // 200, 206 or 304
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::string content_range;  // for 206
    int parts_count = 0;        // x-amz-mp-parts-count, when a part was asked for
};

// Throws S3Error(PreconditionFailed | InvalidRange | InvalidPartNumber | InvalidRequest).
ReadPlan plan_object_read(const S3Request& request, const storage::ObjectMeta& meta);

}  // namespace s3emu::server
