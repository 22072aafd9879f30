// AWS Signature Version 4: canonical request, string to sign, signing key and signature.
// Pure functions; the authenticator decides which request parts go in.
#pragma once

#include "auth/http_request_view.h"

#include <string>
#include <string_view>
#include <vector>

namespace s3emu::auth::sigv4 {

inline constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

// S3 signs the path URI-encoded once, '/' kept, never normalised. The raw path is decoded
// first so that clients which leave characters such as '!' or '$' unescaped still match.
std::string canonical_uri(std::string_view raw_path);

// Sorted "name=value" pairs, each URI-encoded, joined with '&'; `skip` (X-Amz-Signature) is left out.
std::string canonical_query(const QueryParams& query, std::string_view skip = {});

// "name:value\n" for each signed header, values trimmed with inner runs of spaces folded.
// Returns false (and names the header in `missing`) when a signed header is absent.
bool canonical_headers(const HttpRequestView& request, const std::vector<std::string>& signed_headers,
                       std::string& out, std::string& missing);

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash);

// "date/region/service/aws4_request"
std::string scope(std::string_view date8, std::string_view region, std::string_view service);

std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request);

// HMAC chain AWS4+secret → date → region → service → "aws4_request" (raw bytes).
std::string signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                        std::string_view service);

std::string signature(std::string_view signing_key, std::string_view string_to_sign);  // lower-case hex

}  // namespace s3emu::auth::sigv4
