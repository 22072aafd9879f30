#include "server/listener.h"

#include "server/session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>

namespace s3emu::server {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& io, const tcp::endpoint& endpoint, ServerState& state)
    : io_(io), acceptor_(io), state_(state) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Listener::start() {
    asio::co_spawn(
        io_,
        [this]() -> asio::awaitable<void> {
            for (;;) {
                auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
                if (ec == asio::error::operation_aborted) co_return;
                if (ec) continue;  // e.g. too many open files: keep serving the others
                socket.set_option(tcp::no_delay(true));
                asio::co_spawn(io_, run_session(std::move(socket), state_), asio::detached);
            }
        },
        asio::detached);
}

}  // namespace s3emu::server
