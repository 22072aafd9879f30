// s3emu's settings, from command-line flags, each with an S3EMU_* environment variable
// as fallback (flags win), then the documented defaults.
#pragma once

#include "storage/blob_dir.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace s3emu::server {

struct Config {
    std::string host = "127.0.0.1";
    unsigned short port = 9000;  // 0: the system picks a free port
    std::string data_dir = "./s3emu-data";
    std::string access_key = "s3emuadmin";
    std::string secret_key = "s3emuadmin-secret";
    std::string region = "us-east-1";
    bool strict_region = false;
    storage::FsyncMode fsync = storage::FsyncMode::always;
    unsigned threads = 0;  // 0: one io thread per core
    // Virtual-hosted addressing: "Host: BUCKET.<domain>" names the bucket.
    std::string domain = "localhost";
};

struct ConfigResult {
    std::optional<Config> config;
    std::string error;  // when config is empty and this is empty, help was asked for
};

// `getenv` is injected so tests can supply an environment.
ConfigResult parse_config(const std::vector<std::string>& args,
                          const std::function<const char*(const char*)>& getenv);

std::string usage();

}  // namespace s3emu::server
