#include "server/socket_body_reader.h"

#include "server/s3_error.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <charconv>
#include <chrono>

namespace s3emu::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
// A client that stops sending its body for this long loses the request (IncompleteBody).
constexpr auto body_idle_timeout = std::chrono::seconds(60);
constexpr std::size_t body_read_size = 64 * 1024;

std::optional<auth::AwsChunkedDecoder> decoder_for(const auth::AuthResult& auth) {
    using auth::PayloadMode;
    switch (auth.payload) {
        case PayloadMode::streaming_signed:
        case PayloadMode::streaming_signed_trailer:
            return std::optional<auth::AwsChunkedDecoder>(
                std::in_place, auth::AwsChunkedDecoder::Signing{auth.signing_key, auth.amz_date, auth.scope,
                                                                auth.seed_signature});
        case PayloadMode::streaming_unsigned_trailer:
            return std::optional<auth::AwsChunkedDecoder>(std::in_place, std::nullopt);
        default:
            return std::nullopt;
    }
}

}  // namespace

SocketBodyReader::SocketBodyReader(beast::tcp_stream& stream, beast::flat_buffer& buffer, BodyParser& parser,
                                   bool expect_continue, const auth::AuthResult& auth)
    : stream_(stream), buffer_(buffer), parser_(parser), expect_continue_(expect_continue),
      expected_sha256_(auth.payload_sha256), verifier_(auth.payload_sha256), chunked_(decoder_for(auth)) {
    // Beast reads as much as the buffer has room for, and at least 512 bytes: a buffer sized for
    // the request head would read a large body 512 bytes (and one syscall) at a time.
    if (!parser_.is_done() && buffer_.capacity() < body_read_size) buffer_.reserve(body_read_size);
    if (chunked_) {
        auto header = parser_.get()["x-amz-decoded-content-length"];
        std::uint64_t n = 0;
        auto [p, ec] = std::from_chars(header.data(), header.data() + header.size(), n);
        if (ec == std::errc{} && p == header.data() + header.size() && !header.empty()) decoded_length_ = n;
    }
}

std::optional<std::uint64_t> SocketBodyReader::content_length() const {
    if (chunked_) return decoded_length_;
    auto len = parser_.content_length();
    if (len) return *len;
    return std::nullopt;
}

const auth::HeaderList& SocketBodyReader::trailers() const {
    static const auth::HeaderList none;
    return chunked_ ? chunked_->trailers() : none;
}

asio::awaitable<std::size_t> SocketBodyReader::read_some(char* data, std::size_t size) {
    while (!ended_) {
        std::size_t n = co_await read_raw(data, size);
        if (n == 0) {
            check_end();
            co_return 0;
        }
        if (chunked_) {
            n = chunked_->decode(data, n);
            if (chunked_->error() == auth::ChunkedError::chunk_signature ||
                chunked_->error() == auth::ChunkedError::trailer_signature)
                throw S3Error(S3Code::SignatureDoesNotMatch,
                              chunked_->error() == auth::ChunkedError::chunk_signature
                                  ? "The chunk signature we calculated does not match the signature you provided."
                                  : "The trailer signature we calculated does not match the signature you provided.");
            if (chunked_->error() == auth::ChunkedError::chunk_too_small)
                throw S3Error(S3Code::InvalidChunkSizeError, {},
                              {{"Chunk", std::to_string(chunked_->bad_chunk_number())},
                               {"BadChunkSize", std::to_string(chunked_->bad_chunk_size())}});
            if (chunked_->error() != auth::ChunkedError::none)
                throw S3Error(S3Code::IncompleteBody, "The aws-chunked body is malformed.");
            if (n == 0) continue;  // framing only: read on
        } else {
            verifier_.update(data, n);
        }
        co_return n;
    }
    co_return 0;
}

void SocketBodyReader::check_end() {
    if (ended_) return;
    ended_ = true;
    if (chunked_) {
        chunked_->finish();
        if (chunked_->error() == auth::ChunkedError::trailer_signature)
            throw S3Error(S3Code::SignatureDoesNotMatch,
                          "The trailer signature we calculated does not match the signature you provided.");
        if (chunked_->error() != auth::ChunkedError::none)
            throw S3Error(S3Code::IncompleteBody, "The aws-chunked body ended before its final chunk.");
        if (decoded_length_ && *decoded_length_ != chunked_->decoded_size())
            throw S3Error(S3Code::IncompleteBody);
        return;
    }
    if (!verifier_.verify())
        throw S3Error(S3Code::XAmzContentSHA256Mismatch, {},
                      {{"ClientComputedContentSHA256", expected_sha256_},
                       {"S3ComputedContentSHA256", verifier_.computed()}});
}

asio::awaitable<bool> SocketBodyReader::drain(std::uint64_t limit) {
    char scratch[16384];
    std::uint64_t dropped = 0;
    while (!parser_.is_done() && dropped <= limit) dropped += co_await read_raw(scratch, sizeof scratch);
    co_return parser_.is_done();
}

asio::awaitable<std::size_t> SocketBodyReader::read_raw(char* data, std::size_t size) {
    if (expect_continue_ && !continue_sent_) {
        continue_sent_ = true;
        http::response<http::empty_body> go_on{http::status::continue_, 11};
        auto [ec, n] = co_await http::async_write(stream_, go_on, use_tuple);
        if (ec) throw beast::system_error(ec);
    }
    while (!parser_.is_done()) {
        parser_.get().body().data = data;
        parser_.get().body().size = size;
        stream_.expires_after(body_idle_timeout);
        auto [ec, n] = co_await http::async_read_some(stream_, buffer_, parser_, use_tuple);
        stream_.expires_never();
        if (ec == http::error::need_buffer) ec = {};
        if (ec) throw S3Error(S3Code::IncompleteBody);
        std::size_t got = size - parser_.get().body().size;
        if (got > 0) {
            bytes_ += got;
            co_return got;
        }
    }
    co_return 0;
}

}  // namespace s3emu::server
