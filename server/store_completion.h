// Awaiting a store call that finishes on a store thread and reports through a callback (a small
// PUT's group commit): the coroutine gives up its io thread meanwhile, with no pool thread
// waiting on its behalf, and resumes on its own executor with the result or the exception.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <utility>

namespace s3emu::server {

// start(callback) must call callback(std::exception_ptr, T) exactly once, from any thread.
template <class T, class Start>
boost::asio::awaitable<T> await_store(Start start) {
    namespace asio = boost::asio;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, T)>(
        [&start](auto handler) {
            // std::function (the store's callback type) needs a copyable callable.
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            start([shared](std::exception_ptr error, T value) {
                auto executor = asio::get_associated_executor(*shared);
                asio::post(executor, [shared, error, value = std::move(value)]() mutable {
                    (*shared)(error, std::move(value));
                });
            });
        },
        asio::use_awaitable);
}

}  // namespace s3emu::server
