// s3emu: a local S3-compatible server that verifies every signature.
#include "auth/authenticator.h"
#include "server/clock.h"
#include "server/config.h"
#include "server/listener.h"
#include "server/request_log.h"
#include "storage/sqlite_store.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <sched.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using namespace s3emu;

namespace {

// The cores this process may run on (taskset, cgroup cpusets), not all the machine's: more io
// threads than cores only take turns on the same core.
unsigned usable_cores() {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

int main(int argc, char** argv) {
    // sendfile(2), which sends large bodies, has no MSG_NOSIGNAL: to a client that has gone it
    // raises SIGPIPE, whose default action ends the process. Ignored, it is the EPIPE the
    // session already handles.
    std::signal(SIGPIPE, SIG_IGN);
    auto parsed = server::parse_config(std::vector<std::string>(argv + 1, argv + argc), [](const char* name) {
        return std::getenv(name);
    });
    if (!parsed.config) {
        if (!parsed.error.empty()) std::fprintf(stderr, "s3emu: %s\n", parsed.error.c_str());
        std::fputs(server::usage().c_str(), parsed.error.empty() ? stdout : stderr);
        return parsed.error.empty() ? 0 : 2;
    }
    const server::Config& config = *parsed.config;
    try {
        storage::SqliteStore store(config.data_dir, config.fsync);
        auth::Credentials credentials;
        credentials.add(config.access_key, config.secret_key);
        auth::Authenticator authenticator(std::move(credentials), auth::AuthOptions{config.region, config.strict_region});
        server::Clock clock;
        unsigned threads = config.threads ? config.threads : usable_cores();
        // Enough waiting writers for the group commit to batch a busy client's PUTs (a batch is
        // as large as the number of writers waiting); more threads would only cost start-up
        // time and memory.
        server::BlockingPool blocking(8 * threads);
        asio::io_context io(static_cast<int>(threads));
        server::RequestLog log(io.get_executor());
        server::ServerState state{config, clock, store, authenticator, log, blocking};

        asio::ip::tcp::endpoint endpoint(asio::ip::make_address(config.host), config.port);
        std::optional<server::Listener> listener;
        try {
            listener.emplace(io, endpoint, state);
        } catch (const boost::system::system_error& e) {
            // Say which address, in words: Boost's message names its own source file.
            std::fprintf(stderr, "s3emu: cannot listen on %s:%u: %s\n", config.host.c_str(),
                         static_cast<unsigned>(config.port), e.code().message().c_str());
            return 1;
        }
        listener->start();

        auto bound = listener->local_endpoint();
        std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
        log.listening("http://" + host + ":" + std::to_string(bound.port()));

        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](auto, int) { io.stop(); });

        std::vector<std::thread> pool;
        for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
        io.run();
        for (auto& t : pool) t.join();
        // Work still running on other threads refers to the suspended requests' frames, which go
        // with the io context: let it finish first.
        blocking.join();
        store.finish_writes();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "s3emu: %s\n", e.what());
        return 1;
    }
    return 0;
}
