// Maps a request (method, bucket/key present, sub-resource) to the S3 operation that handles it.
#pragma once

#include "server/handler_context.h"
#include "server/s3_request.h"

#include <string_view>

namespace s3emu::server {

struct Operation {
    std::string_view name;  // S3's operation name, for logs
    Handler handler;        // null when no operation matches
    bool not_implemented = false;  // a real S3 sub-resource s3emu does not serve yet
};

Operation route(const S3Request& request);

}  // namespace s3emu::server
