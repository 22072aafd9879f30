// GetObjectAttributes: an object's ETag, checksum, parts, storage class and size in one call.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> get_object_attributes(HandlerContext& ctx);

}  // namespace s3emu::server
