// One line per request on stdout: time, request id, operation, bucket, key, status, bytes,
// duration; and, when a signature does not match, what the server computed.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace s3emu::server {

struct LogEntry {
    std::string_view request_id;
    std::string_view remote;
    std::string_view method;
    std::string_view operation;
    std::string_view bucket;
    std::string_view key;
    int status = 0;
    std::string_view error_code;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    double millis = 0;
    // Set on SignatureDoesNotMatch.
    std::string_view canonical_request;
    std::string_view string_to_sign;
};

class RequestLog {
public:
    void write(const LogEntry& entry);
    // The start-up line scripts wait for; flushed at once.
    void listening(std::string_view url);

private:
    std::mutex mutex_;
};

}  // namespace s3emu::server
