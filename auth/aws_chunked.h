// Decodes an `aws-chunked` request body (STREAMING-* payloads): strips the chunk framing,
// verifies each chunk signature as the chunk ends, and reads the trailer (x-amz-checksum-*),
// verifying its signature when the client signed it.
#pragma once

#include "auth/crypto.h"
#include "auth/http_request_view.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace s3emu::auth {

enum class ChunkedError {
    none,
    malformed,          // the framing is not aws-chunked
    chunk_signature,    // a chunk signature does not verify
    trailer_signature,  // the trailer signature does not verify
    incomplete,         // the body ended before the final chunk
    chunk_too_small,    // a chunk other than the last is under min_chunk_size
};

class AwsChunkedDecoder {
public:
    // What chunk signatures chain from: the request's signing key, date, scope and signature.
    struct Signing {
        std::string key, amz_date, scope, seed_signature;
    };

    // `signing` set: every chunk carries a signature (and the trailer too, if any).
    explicit AwsChunkedDecoder(std::optional<Signing> signing);

    // Decodes `size` bytes at `data` in place: the payload bytes they hold are moved to the
    // front of `data`; returns how many. After an error, returns 0 and error() says why.
    std::size_t decode(char* data, std::size_t size);
    // Call when the body has ended; sets error() if the stream stopped early.
    void finish();

    ChunkedError error() const { return error_; }
    bool done() const { return state_ == State::done; }
    // Trailing headers (lower-case names), without x-amz-trailer-signature.
    const HeaderList& trailers() const { return trailers_; }
    std::uint64_t decoded_size() const { return decoded_; }
    // S3 refuses an aws-chunked body whose chunks, all but the last, are under 8 KiB.
    static constexpr std::uint64_t min_chunk_size = 8192;
    // After chunk_too_small: the (1-based) number of the chunk that showed the previous one was
    // not the last, and that previous chunk's size, as S3 reports them (Chunk, BadChunkSize).
    std::uint64_t bad_chunk_number() const { return chunks_; }
    std::uint64_t bad_chunk_size() const { return previous_size_; }

private:
    enum class State { size_line, data, data_crlf, trailer, done, failed };

    void fail(ChunkedError e);
    bool on_size_line();
    bool on_trailer_line();
    bool verify_chunk();
    bool verify_trailer();

    std::optional<Signing> signing_;
    State state_ = State::size_line;
    ChunkedError error_ = ChunkedError::none;
    std::string line_;
    std::uint64_t chunk_left_ = 0;
    std::uint64_t chunks_ = 0;         // size lines seen
    std::uint64_t previous_size_ = 0;  // the size of the chunk before the current one
    std::uint64_t current_size_ = 0;
    bool last_chunk_ = false;
    std::string chunk_signature_;
    std::string previous_signature_;
    std::optional<Digest> chunk_hash_;
    HeaderList trailers_;
    std::string trailer_signature_;
    std::uint64_t decoded_ = 0;
};

}  // namespace s3emu::auth
