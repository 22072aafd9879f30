// Threads for the work that sleeps on the disk: durable commits (fsync, the SQLite WAL sync)
// and whole-object copies. An io thread that waited there would stall every connection it
// serves, and with one io thread per core only that many writes could wait at once, so there
// would be nothing for the group commit to group.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <type_traits>

namespace s3emu::server {

class BlockingPool {
public:
    explicit BlockingPool(std::size_t threads) : pool_(threads) {}
    ~BlockingPool() { pool_.join(); }
    // Waits for the work already handed over (at shutdown, before the io context and the
    // coroutine frames that work refers to go).
    void join() { pool_.join(); }

    // Runs f() on a pool thread; the calling coroutine resumes on its own executor with f's
    // result, or its exception.
    template <class F>
    boost::asio::awaitable<std::invoke_result_t<F&>> run(F f) {
        using Result = std::invoke_result_t<F&>;
        co_return co_await boost::asio::co_spawn(
            pool_, [&f]() -> boost::asio::awaitable<Result> { co_return f(); }, boost::asio::use_awaitable);
    }

private:
    boost::asio::thread_pool pool_;
};

}  // namespace s3emu::server
