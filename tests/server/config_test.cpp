// Settings from flags, S3EMU_* environment variables (flags win) and defaults.
#include "server/config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace s3emu::server {
namespace {

using Env = std::map<std::string, std::string>;

ConfigResult parse(const std::vector<std::string>& args, const Env& env = {}) {
    return parse_config(args, [&env](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
}

Config parse_ok(const std::vector<std::string>& args, const Env& env = {}) {
    ConfigResult r = parse(args, env);
    EXPECT_TRUE(r.config.has_value()) << r.error;
    EXPECT_EQ(r.error, "");
    return r.config.value_or(Config{});
}

std::string parse_error(const std::vector<std::string>& args, const Env& env = {}) {
    ConfigResult r = parse(args, env);
    EXPECT_FALSE(r.config.has_value());
    EXPECT_NE(r.error, "");
    return r.error;
}

TEST(Config, Defaults) {
    Config c = parse_ok({});
    EXPECT_EQ(c.host, "127.0.0.1");
    EXPECT_EQ(c.port, 9000);
    EXPECT_EQ(c.data_dir, "./s3emu-data");
    EXPECT_EQ(c.access_key, "s3emuadmin");
    EXPECT_EQ(c.secret_key, "s3emuadmin-secret");
    EXPECT_EQ(c.region, "us-east-1");
    EXPECT_FALSE(c.strict_region);
    EXPECT_EQ(c.fsync, storage::FsyncMode::always);
    EXPECT_EQ(c.threads, 0u);
}

TEST(Config, Flags) {
    Config c = parse_ok({"--host", "0.0.0.0", "--port", "9100", "--data", "/var/s3", "--access-key", "AK",
                         "--secret-key", "SK", "--region", "eu-west-1", "--threads", "4", "--fsync", "never"});
    EXPECT_EQ(c.host, "0.0.0.0");
    EXPECT_EQ(c.port, 9100);
    EXPECT_EQ(c.data_dir, "/var/s3");
    EXPECT_EQ(c.access_key, "AK");
    EXPECT_EQ(c.secret_key, "SK");
    EXPECT_EQ(c.region, "eu-west-1");
    EXPECT_EQ(c.threads, 4u);
    EXPECT_EQ(c.fsync, storage::FsyncMode::never);
}

TEST(Config, InlineValues) {
    Config c = parse_ok({"--port=9200", "--data=/d=1", "--region=ap-south-1"});
    EXPECT_EQ(c.port, 9200);
    EXPECT_EQ(c.data_dir, "/d=1");  // only the first '=' splits
    EXPECT_EQ(c.region, "ap-south-1");
}

TEST(Config, EnvironmentFallback) {
    Config c = parse_ok({}, {{"S3EMU_HOST", "::1"},
                             {"S3EMU_PORT", "9300"},
                             {"S3EMU_DATA", "/env/data"},
                             {"S3EMU_ACCESS_KEY", "envak"},
                             {"S3EMU_SECRET_KEY", "envsk"},
                             {"S3EMU_REGION", "us-west-2"},
                             {"S3EMU_STRICT_REGION", "1"},
                             {"S3EMU_FSYNC", "never"},
                             {"S3EMU_THREADS", "2"}});
    EXPECT_EQ(c.host, "::1");
    EXPECT_EQ(c.port, 9300);
    EXPECT_EQ(c.data_dir, "/env/data");
    EXPECT_EQ(c.access_key, "envak");
    EXPECT_EQ(c.secret_key, "envsk");
    EXPECT_EQ(c.region, "us-west-2");
    EXPECT_TRUE(c.strict_region);
    EXPECT_EQ(c.fsync, storage::FsyncMode::never);
    EXPECT_EQ(c.threads, 2u);
}

TEST(Config, EmptyEnvironmentValueIsIgnored) {
    Config c = parse_ok({}, {{"S3EMU_PORT", ""}, {"S3EMU_ACCESS_KEY", ""}});
    EXPECT_EQ(c.port, 9000);
    EXPECT_EQ(c.access_key, "s3emuadmin");
}

TEST(Config, FlagsWinOverEnvironment) {
    Env env = {{"S3EMU_PORT", "9300"}, {"S3EMU_REGION", "us-west-2"}, {"S3EMU_FSYNC", "never"},
               {"S3EMU_STRICT_REGION", "true"}};
    Config c = parse_ok({"--port", "9400", "--region", "eu-north-1", "--fsync", "always", "--strict-region=false"}, env);
    EXPECT_EQ(c.port, 9400);
    EXPECT_EQ(c.region, "eu-north-1");
    EXPECT_EQ(c.fsync, storage::FsyncMode::always);
    EXPECT_FALSE(c.strict_region);
}

TEST(Config, PortZeroAndLimits) {
    EXPECT_EQ(parse_ok({"--port", "0"}).port, 0);
    EXPECT_EQ(parse_ok({"--port", "65535"}).port, 65535);
    EXPECT_NE(parse_error({"--port", "65536"}).find("port"), std::string::npos);
    parse_error({"--port", "-1"});
    parse_error({"--port", "abc"});
    parse_error({"--port", "80x"});
    parse_error({"--port", ""});
    parse_error({"--port", " 80"});
}

TEST(Config, BadValues) {
    EXPECT_NE(parse_error({"--fsync", "sometimes"}).find("fsync"), std::string::npos);
    parse_error({"--threads", "lots"});
    parse_error({"--threads", "100000"});
    parse_error({"--access-key", ""});
    parse_error({"--secret-key="});
    // A bad environment value names the variable.
    EXPECT_NE(parse_error({}, {{"S3EMU_PORT", "nope"}}).find("S3EMU_PORT"), std::string::npos);
    EXPECT_NE(parse_error({}, {{"S3EMU_FSYNC", "maybe"}}).find("S3EMU_FSYNC"), std::string::npos);
}

TEST(Config, UnknownOptionsAndMissingValues) {
    EXPECT_NE(parse_error({"--bogus"}).find("--bogus"), std::string::npos);
    EXPECT_NE(parse_error({"stray"}).find("stray"), std::string::npos);
    EXPECT_NE(parse_error({"--port"}).find("--port"), std::string::npos);
    parse_error({"--region"});
}

TEST(Config, StrictRegion) {
    EXPECT_TRUE(parse_ok({"--strict-region"}).strict_region);
    EXPECT_TRUE(parse_ok({"--strict-region=true"}).strict_region);
    EXPECT_FALSE(parse_ok({"--strict-region=false"}).strict_region);
    EXPECT_FALSE(parse_ok({"--strict-region=0"}).strict_region);
    // A switch does not swallow the next flag.
    Config c = parse_ok({"--strict-region", "--port", "1234"});
    EXPECT_TRUE(c.strict_region);
    EXPECT_EQ(c.port, 1234);
    EXPECT_FALSE(parse_ok({}, {{"S3EMU_STRICT_REGION", "0"}}).strict_region);
    EXPECT_TRUE(parse_ok({}, {{"S3EMU_STRICT_REGION", "yes"}}).strict_region);
}

TEST(Config, Fsync) {
    EXPECT_EQ(parse_ok({"--fsync", "never"}).fsync, storage::FsyncMode::never);
    EXPECT_EQ(parse_ok({"--fsync=always"}).fsync, storage::FsyncMode::always);
    EXPECT_EQ(parse_ok({}, {{"S3EMU_FSYNC", "never"}}).fsync, storage::FsyncMode::never);
}

TEST(Config, HelpIsNeitherConfigNorError) {
    for (const char* flag : {"-h", "--help"}) {
        ConfigResult r = parse({"--port", "1", flag});
        EXPECT_FALSE(r.config.has_value()) << flag;
        EXPECT_EQ(r.error, "") << flag;
    }
}

TEST(Config, UsageListsEveryFlagWithItsVariable) {
    std::string u = usage();
    for (const char* s : {"--host", "--port", "--data", "--access-key", "--secret-key", "--region", "--strict-region",
                          "--fsync", "--threads", "S3EMU_HOST", "S3EMU_PORT", "S3EMU_DATA", "S3EMU_ACCESS_KEY",
                          "S3EMU_SECRET_KEY", "S3EMU_REGION", "S3EMU_STRICT_REGION", "S3EMU_FSYNC", "S3EMU_THREADS"})
        EXPECT_NE(u.find(s), std::string::npos) << s;
}

}  // namespace
}  // namespace s3emu::server
