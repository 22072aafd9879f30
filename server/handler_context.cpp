#include "server/handler_context.h"

#include "auth/crypto.h"
#include "server/s3_error.h"

namespace s3emu::server {

Response Response::xml(std::string body, http::status status) {
    Response r;
    r.status = status;
    r.headers.set(http::field::content_type, "application/xml");
    r.body = std::move(body);
    return r;
}

Response Response::empty(http::status status) {
    Response r;
    r.status = status;
    return r;
}

boost::asio::awaitable<std::string> BodyReader::read_all(std::size_t limit) {
    std::string out;
    char buf[16384];
    while (std::size_t n = co_await read_some(buf, sizeof buf)) {
        if (out.size() + n > limit) throw S3Error(S3Code::MalformedXML, "The XML you provided was too large");
        out.append(buf, n);
    }
    co_return out;
}

Owner owner_of(const Config& config) { return Owner{auth::sha256_hex(config.access_key), "s3emu"}; }

}  // namespace s3emu::server
