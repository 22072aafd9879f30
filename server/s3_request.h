// One S3 request as the server sees it once the head is read: bucket, key, decoded query
// and headers. Path style (/BUCKET/KEY) or virtual-hosted style (Host: BUCKET.<domain>, /KEY).
#pragma once

#include "auth/http_request_view.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/verb.hpp>

#include <optional>
#include <string>

namespace s3emu::server {

namespace http = boost::beast::http;

struct S3Request {
    http::verb method = http::verb::unknown;
    std::string method_name;
    std::string raw_path;   // percent-encoded, as sent
    std::string raw_query;  // without '?'
    auth::QueryParams query;
    auth::HeaderList headers;  // lower-case names
    std::string bucket;        // decoded; empty for service-level requests
    std::string key;           // decoded; empty for bucket-level requests
    bool virtual_host = false;  // the bucket came from the Host header

    const std::string* param(std::string_view name) const;
    bool has_param(std::string_view name) const { return param(name) != nullptr; }
    std::optional<std::string> header(std::string_view lower_name) const;
    // "/bucket/key" as the Resource element of error bodies shows it.
    std::string resource() const;
    auth::HttpRequestView auth_view() const;
};

// `domain`: the suffix that makes a Host header name a bucket ("" turns virtual hosts off).
S3Request parse_request(const http::request_header<>& head, std::string_view domain = {});

}  // namespace s3emu::server
