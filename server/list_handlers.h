// Listing operations: ListObjects (v1) and ListObjectsV2.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> list_objects(HandlerContext& ctx);
boost::asio::awaitable<Response> list_objects_v2(HandlerContext& ctx);

}  // namespace s3emu::server
