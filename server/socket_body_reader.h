// The request body read from the socket as a handler asks for it: "100 Continue" on the first
// read, aws-chunked framing removed and chunk signatures verified, x-amz-content-sha256 checked.
#pragma once

#include "auth/auth_result.h"
#include "auth/aws_chunked.h"
#include "auth/payload_verifier.h"
#include "server/body_reader.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <optional>

namespace s3emu::server {

using BodyParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;

class SocketBodyReader : public BodyReader {
public:
    // `auth` says how the body is bound to the signature (plain, sha256, or aws-chunked).
    SocketBodyReader(boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer, BodyParser& parser,
                     bool expect_continue, const auth::AuthResult& auth);

    boost::asio::awaitable<std::size_t> read_some(char* data, std::size_t size) override;
    std::optional<std::uint64_t> content_length() const override;
    const auth::HeaderList& trailers() const override;

    // True once the client may be sending the body (no 100-continue awaited, or it was sent).
    bool client_sending() const { return !expect_continue_ || continue_sent_; }
    std::uint64_t bytes_read() const { return bytes_; }
    // Reads and drops what is left of the body, up to `limit` bytes; false if more remains.
    boost::asio::awaitable<bool> drain(std::uint64_t limit);

private:
    boost::asio::awaitable<std::size_t> read_raw(char* data, std::size_t size);
    void check_end();

    boost::beast::tcp_stream& stream_;
    boost::beast::flat_buffer& buffer_;
    BodyParser& parser_;
    bool expect_continue_;
    bool continue_sent_ = false;
    bool ended_ = false;
    std::string expected_sha256_;
    auth::PayloadVerifier verifier_;
    std::optional<auth::AwsChunkedDecoder> chunked_;
    std::optional<std::uint64_t> decoded_length_;
    std::uint64_t bytes_ = 0;
};

}  // namespace s3emu::server
