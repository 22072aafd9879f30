// Object tagging operations: GetObjectTagging, PutObjectTagging, DeleteObjectTagging.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> get_object_tagging(HandlerContext& ctx);
boost::asio::awaitable<Response> put_object_tagging(HandlerContext& ctx);
boost::asio::awaitable<Response> delete_object_tagging(HandlerContext& ctx);

}  // namespace s3emu::server
