// Everything one handler needs for one request: the parsed request, its body, the store,
// the configuration, the clock and the request id.
#pragma once

#include "server/blocking_pool.h"
#include "server/body_reader.h"
#include "server/clock.h"
#include "server/config.h"
#include "server/response.h"
#include "server/s3_request.h"
#include "storage/store.h"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace s3emu::server {

struct HandlerContext {
    const S3Request& request;
    BodyReader& body;
    storage::Store& store;
    const Config& config;
    const Clock& clock;
    std::string request_id;
    // Where store writes run (see blocking_pool.h).
    BlockingPool& blocking;
};

using Handler = boost::asio::awaitable<Response> (*)(HandlerContext&);

// S3's canonical owner for everything s3emu stores: derived from the access key.
struct Owner {
    std::string id;
    std::string display_name;
};
Owner owner_of(const Config& config);

}  // namespace s3emu::server
