// One line per request on stdout: time, request id, operation, bucket, key, status, bytes,
// duration; and, when a signature does not match, what the server computed.
#pragma once

#include <boost/asio/any_io_executor.hpp>

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

// A line is written out once the io threads have run what was ready when it came: under
// load a burst of requests costs one write(2), not one each, and an idle server's lines still
// appear as their requests finish. Without an executor (tests) every line is written at once.
class RequestLog {
public:
    explicit RequestLog(boost::asio::any_io_executor executor = {}) : executor_(std::move(executor)) {}
    ~RequestLog() { flush(); }
    RequestLog(const RequestLog&) = delete;
    RequestLog& operator=(const RequestLog&) = delete;

    void write(const LogEntry& entry);
    // The start-up line scripts wait for; flushed at once.
    void listening(std::string_view url);
    void flush();

private:
    boost::asio::any_io_executor executor_;
    std::mutex mutex_;
    std::string pending_;
    bool flush_posted_ = false;
};

}  // namespace s3emu::server
