#include "server/reserved_paths.h"

namespace s3emu::server {

std::optional<Response> handle_reserved_path(const S3Request& request, ServerState&) {
    if (!request.raw_path.starts_with("/_s3emu/")) return std::nullopt;
    Response r;
    r.headers.set(http::field::content_type, "text/plain; charset=utf-8");
    if (request.raw_path == "/_s3emu/health" || request.raw_path == "/_s3emu/ready") {
        r.body = "ok\n";
    } else {
        r.status = http::status::not_found;
        r.body = "not found\n";
    }
    return r;
}

}  // namespace s3emu::server
