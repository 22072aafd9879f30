#include "server/request_log.h"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <string>

using namespace s3emu::server;

namespace {

LogEntry entry(std::string_view key) {
    LogEntry e;
    e.request_id = "ID";
    e.method = "GET";
    e.operation = "GetObject";
    e.bucket = "bucket";
    e.key = key;
    e.status = 200;
    return e;
}

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(RequestLog, WithoutExecutorWritesEachLineAtOnce) {
    RequestLog log;
    testing::internal::CaptureStdout();
    log.write(entry("k1"));
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(count(out, "key=\"k1\""), 1u);
    EXPECT_NE(out.find(" GET GetObject bucket=\"bucket\""), std::string::npos);
    EXPECT_EQ(out.back(), '\n');
}

TEST(RequestLog, BatchesLinesUntilTheExecutorRunsAndKeepsTheirOrder) {
    boost::asio::io_context io;
    RequestLog log(io.get_executor());
    testing::internal::CaptureStdout();
    log.write(entry("first"));
    log.write(entry("second"));
    std::string before = testing::internal::GetCapturedStdout();
    EXPECT_EQ(before, "");

    testing::internal::CaptureStdout();
    EXPECT_EQ(io.run(), 1u);  // one flush for both lines
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(count(out, "\n"), 2u);
    EXPECT_LT(out.find("key=\"first\""), out.find("key=\"second\""));
}

TEST(RequestLog, QuotesKeysSoOneRequestStaysOneLine) {
    RequestLog log;
    testing::internal::CaptureStdout();
    log.write(entry("a \"b\"\nc"));
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(count(out, "\n"), 1u);
    EXPECT_NE(out.find(R"(key="a \"b\"\nc")"), std::string::npos);
}

TEST(RequestLog, DestructorWritesWhatIsPending) {
    boost::asio::io_context io;
    testing::internal::CaptureStdout();
    {
        RequestLog log(io.get_executor());
        log.write(entry("last"));
    }
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(count(out, "key=\"last\""), 1u);
}
