// Listing operations: ListObjects (v1), ListObjectsV2 and ListObjectVersions.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> list_objects(HandlerContext& ctx);
boost::asio::awaitable<Response> list_objects_v2(HandlerContext& ctx);
// Until versioning exists every object is its only version, "null", and it is the latest.
boost::asio::awaitable<Response> list_object_versions(HandlerContext& ctx);

}  // namespace s3emu::server
