// What a handler answers: status, headers, and either a small body (XML) or a byte range of
// a stored object that the session streams from its file.
#pragma once

#include "storage/store.h"

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/status.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace s3emu::server {

namespace http = boost::beast::http;

struct Response {
    http::status status = http::status::ok;
    http::fields headers;
    std::string body;

    // A streamed object body: `length` bytes from `offset` of `object.fd`.
    std::optional<storage::OpenObject> object;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;

    // HEAD: Content-Length names this size, but no body follows.
    std::optional<std::uint64_t> head_length;

    static Response xml(std::string body, http::status status = http::status::ok);
    static Response empty(http::status status);
};

}  // namespace s3emu::server
