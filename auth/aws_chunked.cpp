#include "auth/aws_chunked.h"

#include "auth/sigv4.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

namespace s3emu::auth {

namespace {

constexpr std::size_t max_line = 4096;
constexpr std::string_view empty_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

AwsChunkedDecoder::AwsChunkedDecoder(std::optional<Signing> signing) : signing_(std::move(signing)) {
    if (signing_) previous_signature_ = signing_->seed_signature;
}

void AwsChunkedDecoder::fail(ChunkedError e) {
    error_ = e;
    state_ = State::failed;
}

bool AwsChunkedDecoder::on_size_line() {
    // "<hex size>[;chunk-signature=<sig>]"
    std::string_view line = trim(line_);
    std::string_view size_text = line.substr(0, line.find(';'));
    std::uint64_t size = 0;
    auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc{} || p != size_text.data() + size_text.size() || size_text.empty()) return false;
    chunk_signature_.clear();
    if (auto semi = line.find(';'); semi != std::string_view::npos) {
        std::string_view ext = trim(line.substr(semi + 1));
        constexpr std::string_view key = "chunk-signature=";
        if (ext.starts_with(key)) chunk_signature_ = std::string(ext.substr(key.size()));
    }
    if (signing_ && chunk_signature_.empty()) return false;
    ++chunks_;
    previous_size_ = std::exchange(current_size_, size);
    chunk_left_ = size;
    last_chunk_ = size == 0;
    if (signing_) chunk_hash_.emplace(Digest::sha256());
    return true;
}

bool AwsChunkedDecoder::verify_chunk() {
    if (!signing_) return true;
    std::string data_hash = last_chunk_ ? std::string(empty_sha256) : to_hex(chunk_hash_->finish());
    chunk_hash_.reset();
    std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + signing_->amz_date + "\n" + signing_->scope + "\n" +
                      previous_signature_ + "\n" + std::string(empty_sha256) + "\n" + data_hash;
    std::string expected = sigv4::signature(signing_->key, sts);
    if (!constant_time_equal(expected, chunk_signature_)) return false;
    previous_signature_ = expected;
    return true;
}

bool AwsChunkedDecoder::verify_trailer() {
    if (!signing_ || trailer_signature_.empty()) return !signing_ || trailers_.empty();
    std::string canonical;
    for (const auto& [name, value] : trailers_) canonical.append(name).append(":").append(value).append("\n");
    std::string sts = "AWS4-HMAC-SHA256-TRAILER\n" + signing_->amz_date + "\n" + signing_->scope + "\n" +
                      previous_signature_ + "\n" + sha256_hex(canonical);
    return constant_time_equal(sigv4::signature(signing_->key, sts), trailer_signature_);
}

bool AwsChunkedDecoder::on_trailer_line() {
    std::string_view line = trim(line_);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    std::string name(trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value(trim(line.substr(colon + 1)));
    if (name == "x-amz-trailer-signature") trailer_signature_ = value;
    else trailers_.emplace_back(std::move(name), std::move(value));
    return true;
}

std::size_t AwsChunkedDecoder::decode(char* data, std::size_t size) {
    std::size_t in = 0, out = 0;
    while (in < size && state_ != State::done && state_ != State::failed) {
        switch (state_) {
            case State::size_line:
            case State::trailer: {
                const char* nl = static_cast<const char*>(std::memchr(data + in, '\n', size - in));
                std::size_t take = nl ? static_cast<std::size_t>(nl - (data + in)) : size - in;
                line_.append(data + in, take);
                in += take;
                if (line_.size() > max_line) return fail(ChunkedError::malformed), 0;
                if (!nl) break;
                ++in;  // the '\n'
                if (!line_.empty() && line_.back() == '\r') line_.pop_back();
                if (state_ == State::size_line) {
                    if (!on_size_line()) return fail(ChunkedError::malformed), 0;
                    // A chunk under the minimum must have been the last one with data.
                    if (!last_chunk_ && chunks_ > 1 && previous_size_ < min_chunk_size)
                        return fail(ChunkedError::chunk_too_small), 0;
                    state_ = last_chunk_ ? State::trailer : State::data;
                    if (last_chunk_ && !verify_chunk()) return fail(ChunkedError::chunk_signature), 0;
                } else if (line_.empty()) {
                    if (!verify_trailer()) return fail(ChunkedError::trailer_signature), 0;
                    state_ = State::done;
                } else if (!on_trailer_line()) {
                    return fail(ChunkedError::malformed), 0;
                }
                line_.clear();
                break;
            }
            case State::data: {
                std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, size - in));
                if (chunk_hash_) chunk_hash_->update(data + in, take);
                std::memmove(data + out, data + in, take);
                in += take;
                out += take;
                decoded_ += take;
                chunk_left_ -= take;
                if (chunk_left_ == 0) state_ = State::data_crlf;
                break;
            }
            case State::data_crlf: {
                // The CRLF after a chunk's data: collect it in line_ to survive a split.
                line_ += data[in++];
                if (line_ == "\r") break;
                if (line_ != "\r\n" && line_ != "\n") return fail(ChunkedError::malformed), 0;
                line_.clear();
                if (!verify_chunk()) return fail(ChunkedError::chunk_signature), 0;
                state_ = State::size_line;
                break;
            }
            case State::done:
            case State::failed:
                break;
        }
    }
    return out;
}

void AwsChunkedDecoder::finish() {
    if (state_ == State::failed || state_ == State::done) return;
    // Some clients end the trailer section without its closing empty line.
    if (state_ == State::trailer && line_.empty()) {
        if (!verify_trailer()) return fail(ChunkedError::trailer_signature);
        state_ = State::done;
        return;
    }
    fail(ChunkedError::incomplete);
}

}  // namespace s3emu::auth
