// What every session shares: configuration, clock, store, authenticator and log.
#pragma once

#include "auth/authenticator.h"
#include "server/blocking_pool.h"
#include "server/clock.h"
#include "server/config.h"
#include "server/request_log.h"
#include "storage/store.h"

namespace s3emu::server {

struct ServerState {
    const Config& config;
    Clock& clock;
    storage::Store& store;
    const auth::Authenticator& authenticator;
    RequestLog& log;
    BlockingPool& blocking;
};

}  // namespace s3emu::server
