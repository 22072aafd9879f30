// S3's bucket naming rules (general purpose buckets).
#pragma once

#include <string_view>

namespace s3emu::server {

// 3-63 characters of a-z 0-9 . -, starting and ending with a letter or digit, no "..",
// not shaped like an IP address, none of S3's reserved prefixes and suffixes.
bool valid_bucket_name(std::string_view name);

}  // namespace s3emu::server
