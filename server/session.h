// One client connection: read a request head, authenticate, route, run the handler (which
// pulls the body as it needs it), write the response; repeat while the client keeps alive.
#pragma once

#include "server/server_state.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace s3emu::server {

boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, ServerState& state);

}  // namespace s3emu::server
