// Accepts connections and starts a session for each, on an io_context run by N threads.
#pragma once

#include "server/server_state.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace s3emu::server {

class Listener {
public:
    // Binds and listens at once (throws on failure), so the real port is known before run().
    Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, ServerState& state);

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    // Starts accepting; connections are served on `io`'s threads.
    void start();

private:
    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    ServerState& state_;
};

}  // namespace s3emu::server
