// What the signers see of an HTTP request: method, raw path, decoded query and headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3emu::auth {

// Decoded query parameters in the order they were sent; a parameter sent without '=' has an empty value.
using QueryParams = std::vector<std::pair<std::string, std::string>>;
// Header names in lower case with their raw values, in the order they were sent.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Splits a raw query string ("a=1&b") and percent-decodes names and values ('+' is a space, as S3 reads it).
QueryParams parse_query(std::string_view raw_query);

struct HttpRequestView {
    std::string_view method;
    std::string_view raw_path;  // as sent, still percent-encoded, without the query
    const QueryParams& query;
    const HeaderList& headers;
    // The bucket named by the Host header (virtual-hosted style); SigV2 signs it as "/bucket".
    std::string_view virtual_bucket = {};

    // The value of a header (lower-case name); several headers of one name are joined with ','.
    std::optional<std::string> header(std::string_view name) const;
    const std::string* query_param(std::string_view name) const;
};

}  // namespace s3emu::auth
