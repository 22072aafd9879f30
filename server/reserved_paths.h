// Paths under /_s3emu/ belong to s3emu itself (bucket names cannot hold '_'): health now,
// the console and the test-control API later. They need no signature.
#pragma once

#include "server/response.h"
#include "server/s3_request.h"
#include "server/server_state.h"

#include <optional>

namespace s3emu::server {

// nullopt when the request is an ordinary S3 request.
std::optional<Response> handle_reserved_path(const S3Request& request, ServerState& state);

}  // namespace s3emu::server
