// Object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects.
#pragma once

#include "server/handler_context.h"

namespace s3emu::server {

boost::asio::awaitable<Response> put_object(HandlerContext& ctx);
boost::asio::awaitable<Response> get_object(HandlerContext& ctx);
boost::asio::awaitable<Response> head_object(HandlerContext& ctx);
boost::asio::awaitable<Response> delete_object(HandlerContext& ctx);
boost::asio::awaitable<Response> delete_objects(HandlerContext& ctx);

}  // namespace s3emu::server
