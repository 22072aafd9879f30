#include "server/session.h"

#include "auth/crypto.h"
#include "auth/http_date.h"
#include "server/error_mapping.h"
#include "server/reserved_paths.h"
#include "server/router.h"
#include "server/send_object.h"
#include "server/socket_body_reader.h"
#include "server/s3_error.h"
#include "server/xml_responses.h"
#include "storage/store_error.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>

namespace s3emu::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t header_limit = 64 * 1024;
constexpr std::uint64_t body_limit = (5ull << 30) + (64ull << 20);  // S3's 5 GiB plus aws-chunked framing
constexpr std::uint64_t drain_limit = 1 << 20;  // unread body we read and drop to keep a connection
constexpr auto idle_timeout = std::chrono::seconds(120);

// A request id only has to be unique in the logs, not secret: a per-thread generator seeded
// by the kernel, where OpenSSL's DRBG would cost a lock and an AES block per request and its
// first use maps two megabytes of libcrypto into an otherwise idle server.
std::string new_request_id() {
    thread_local std::mt19937_64 generator = [] {
        std::random_device device;
        return std::mt19937_64((std::uint64_t{device()} << 32) | device());
    }();
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string id(16, '0');
    std::uint64_t bits = generator();
    for (int i = 15; i >= 0; --i, bits >>= 4) id[static_cast<std::size_t>(i)] = digits[bits & 15];
    return id;
}

// The Date header changes once a second: formatted once a second per thread, not per response.
const std::string& http_date_now(const Clock& clock) {
    thread_local std::int64_t second = -1;
    thread_local std::string formatted;
    auto now = clock.now();
    auto s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (s != second) {
        formatted = auth::format_rfc1123(now);
        second = s;
    }
    return formatted;
}

// The authorisation step: who may do what. Until bucket policies exist, only signed requests.
void authorize(const auth::AuthResult& auth) {
    if (auth.anonymous) throw S3Error(S3Code::AccessDenied);
}

struct Outcome {
    Response response;
    std::string_view operation = "Unknown";
    std::string error_code;
    std::string canonical_request, string_to_sign;
};

Response error_response(const S3Error& e, const S3Request& request, const std::string& request_id) {
    Response r = Response::xml(error_xml(e, request.resource(), request_id, auth::base64_encode(request_id)),
                               info(e.code()).status);
    return r;
}

// The response head, written here: Beast's serializer walked the fields through layers of
// buffer views on every response, about a tenth of a small GET's CPU time. Content-Length,
// Connection and Server are the session's to set.
std::string response_head(const Response& res, std::uint64_t content_length, bool keep_alive) {
    std::string head;
    head.reserve(512);
    head.append("HTTP/1.1 ").append(std::to_string(static_cast<unsigned>(res.status))).append(" ");
    head.append(http::obsolete_reason(res.status)).append("\r\n");
    for (const auto& field : res.headers) {
        auto name = field.name();
        if (name == http::field::content_length || name == http::field::connection || name == http::field::server)
            continue;
        head.append(field.name_string()).append(": ").append(field.value()).append("\r\n");
    }
    head.append("Server: s3emu\r\nContent-Length: ").append(std::to_string(content_length)).append("\r\n");
    if (!keep_alive) head.append("Connection: close\r\n");
    head.append("\r\n");
    return head;
}

asio::awaitable<void> write_response(beast::tcp_stream& stream, Response& res, bool keep_alive, bool head,
                                     beast::error_code& ec, std::uint64_t& bytes_out) {
    bool in_files = res.object && std::any_of(res.object->segments.begin(), res.object->segments.end(),
                                              [](const storage::OpenSegment& s) { return bool(s.fd); });
    if (res.object) {
        std::string head_bytes = response_head(res, res.length, keep_alive);
        if (in_files) {
            // The head, then the bytes straight from the files (send_object.h).
            auto [e, n] = co_await asio::async_write(stream, asio::buffer(head_bytes), use_tuple);
            bytes_out = n;
            ec = e ? e : co_await send_object(stream, res.object->segments, res.offset, res.length, bytes_out);
            co_return;
        }
        // A small object, whose bytes are in memory: head and the range in one write.
        std::vector<asio::const_buffer> buffers{asio::buffer(head_bytes)};
        std::uint64_t skip = res.offset, left = res.length;
        for (const auto& segment : res.object->segments) {
            if (left == 0) break;
            const std::string_view bytes = segment.bytes();
            if (skip >= bytes.size()) {
                skip -= bytes.size();
                continue;
            }
            auto take = std::min<std::uint64_t>(left, bytes.size() - skip);
            buffers.push_back(asio::buffer(bytes.data() + skip, static_cast<std::size_t>(take)));
            left -= take;
            skip = 0;
        }
        auto [e, n] = co_await asio::async_write(stream, buffers, use_tuple);
        ec = e;
        bytes_out = n;
    } else if (head || res.head_length) {
        // HEAD: the headers of the full answer, and no body.
        std::string head_bytes = response_head(res, res.head_length ? *res.head_length : res.body.size(), keep_alive);
        auto [e, n] = co_await asio::async_write(stream, asio::buffer(head_bytes), use_tuple);
        ec = e;
        bytes_out = n;
    } else {
        std::string head_bytes = response_head(res, res.body.size(), keep_alive);
        std::array<asio::const_buffer, 2> buffers{asio::buffer(head_bytes), asio::buffer(res.body)};
        auto [e, n] = co_await asio::async_write(stream, buffers, use_tuple);
        ec = e;
        bytes_out = n;
    }
}

// Answers a request that could not even be parsed, then the session ends.
asio::awaitable<void> write_error_and_close(beast::tcp_stream& stream, const S3Error& e, ServerState& state) {
    const std::string request_id = new_request_id();
    http::response<http::string_body> msg{info(e.code()).status, 11};
    msg.set(http::field::content_type, "application/xml");
    msg.set("x-amz-request-id", request_id);
    msg.set(http::field::date, http_date_now(state.clock));
    msg.body() = error_xml(e, "/", request_id, auth::base64_encode(request_id));
    msg.keep_alive(false);
    msg.prepare_payload();
    stream.expires_after(std::chrono::seconds(5));
    co_await http::async_write(stream, msg, use_tuple);
    state.log.write(LogEntry{request_id, "", "-", "Unparsable", "", "", static_cast<int>(msg.result_int()),
                             info(e.code()).code, 0, 0, 0, {}, {}});
}

}  // namespace

asio::awaitable<void> run_session(tcp::socket socket, ServerState& state) {
    beast::error_code ignored;
    const std::string remote = socket.remote_endpoint(ignored).address().to_string();
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;

    for (;;) {
        http::request_parser<http::empty_body> head_parser;
        head_parser.header_limit(header_limit);
        // Beast checks Content-Length against the body limit while it parses the header.
        head_parser.body_limit(body_limit);
        stream.expires_after(idle_timeout);
        auto [read_ec, head_read] = co_await http::async_read_header(stream, buffer, head_parser, use_tuple);
        if (read_ec) {
            // A request we cannot parse still gets S3's error XML before the connection closes;
            // a client that closed or went idle gets nothing.
            bool unparsable = read_ec.category() == http::make_error_code(http::error::bad_target).category() &&
                              read_ec != http::error::end_of_stream && read_ec != http::error::partial_message;
            if (unparsable) {
                S3Error e = read_ec == http::error::header_limit
                                ? S3Error(S3Code::RequestHeaderSectionTooLarge, {},
                                          {{"MaxSizeAllowed", std::to_string(header_limit)}})
                                : S3Error(S3Code::InvalidRequest, "The request is not valid HTTP/1.1.");
                co_await write_error_and_close(stream, e, state);
            }
            break;
        }
        stream.expires_never();
        const auto started = std::chrono::steady_clock::now();

        BodyParser parser{std::move(head_parser)};
        parser.body_limit(body_limit);
        S3Request request = parse_request(parser.get(), state.config.domain);
        const std::string request_id = new_request_id();
        bool head = request.method == http::verb::head;
        bool expect_continue = beast::iequals(parser.get()[http::field::expect], "100-continue");
        bool keep_alive = parser.keep_alive();

        Outcome out;
        auth::AuthResult auth;
        std::optional<SocketBodyReader> body;
        try {
            if (auto reserved = handle_reserved_path(request, state)) {
                out.operation = "s3emu";
                out.response = std::move(*reserved);
            } else {
                auth = state.authenticator.authenticate(request.auth_view(), state.clock.now());
                Operation op = route(request);
                out.operation = op.name;
                if (!auth.ok) {
                    out.canonical_request = auth.canonical_request;
                    out.string_to_sign = auth.string_to_sign;
                    throw from_auth(auth);
                }
                authorize(auth);
                if (!op.handler) {
                    if (op.not_implemented) throw S3Error(S3Code::NotImplemented);
                    throw S3Error(S3Code::MethodNotAllowed, {},
                                  {{"Method", request.method_name},
                                   {"ResourceType", request.key.empty() ? "BUCKET" : "OBJECT"}});
                }
                body.emplace(stream, buffer, parser, expect_continue, auth);
                HandlerContext ctx{request, *body, state.store, state.config, state.clock, request_id, state.blocking};
                out.response = co_await op.handler(ctx);
            }
        } catch (const S3Error& e) {
            out.error_code = std::string(info(e.code()).code);
            out.response = error_response(e, request, request_id);
        } catch (const storage::StoreError& e) {
            S3Error s3 = from_store(e, request);
            out.error_code = std::string(info(s3.code()).code);
            out.response = error_response(s3, request, request_id);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "request %s failed: %s\n", request_id.c_str(), e.what());
            S3Error s3(S3Code::InternalError);
            out.error_code = "InternalError";
            out.response = error_response(s3, request, request_id);
        }

        // A body the handler did not read: drop a small one to keep the connection; otherwise
        // close, since the client may still be sending it (or waiting for 100 Continue).
        bool linger = false;
        if (!parser.is_done()) {
            bool sending = body ? body->client_sending() : !expect_continue;
            auto len = parser.content_length();
            if (sending && len && *len <= drain_limit) {
                try {
                    if (!body) body.emplace(stream, buffer, parser, false, auth::AuthResult{});
                    if (!co_await body->drain(drain_limit)) keep_alive = false;
                } catch (const std::exception&) {
                    keep_alive = false;
                }
            } else {
                keep_alive = false;
                linger = sending;
            }
        }

        Response& res = out.response;
        res.headers.set("x-amz-request-id", request_id);
        res.headers.set("x-amz-id-2", auth::base64_encode(request_id));
        res.headers.set(http::field::date, http_date_now(state.clock));
        if (head && !res.head_length) res.body.clear();
        int status = static_cast<int>(res.status);
        beast::error_code write_ec;
        std::uint64_t bytes_out = 0;
        co_await write_response(stream, res, keep_alive, head, write_ec, bytes_out);

        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        state.log.write(LogEntry{request_id, remote, request.method_name, out.operation, request.bucket, request.key,
                                 status, out.error_code, body ? body->bytes_read() : 0, bytes_out, ms,
                                 out.canonical_request, out.string_to_sign});
        if (write_ec || !keep_alive) {
            if (linger) {
                // Stop sending, then read and drop what the client still sends for a moment, so
                // it sees our answer rather than a reset.
                stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
                stream.expires_after(std::chrono::seconds(2));
                char scratch[16384];
                for (;;) {
                    auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), use_tuple);
                    if (ec) break;
                }
            }
            break;
        }
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace s3emu::server
