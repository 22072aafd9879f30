// Percent-encoding as AWS signatures define it, and the lenient decoding a server needs.
#pragma once

#include <string>
#include <string_view>

namespace s3emu::auth {

// AWS's UriEncode: every byte except A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex);
// '/' is kept when `keep_slash` (object key paths) and encoded otherwise (query values).
std::string uri_encode(std::string_view bytes, bool keep_slash);

// Decodes %XX escapes. A '%' not followed by two hex digits is kept as it is, since
// S3 accepts such paths. In query strings S3 reads '+' as a space (`plus_as_space`).
std::string percent_decode(std::string_view text, bool plus_as_space);

}  // namespace s3emu::auth
