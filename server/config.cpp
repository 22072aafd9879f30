#include "server/config.h"

#include <charconv>

namespace s3emu::server {

namespace {

struct Option {
    const char* flag;
    const char* env;
    bool takes_value;
    const char* help;
};

constexpr Option options[] = {
    {"--host", "S3EMU_HOST", true, "address to listen on (default 127.0.0.1)"},
    {"--port", "S3EMU_PORT", true, "port to listen on, 0 picks a free one (default 9000)"},
    {"--data", "S3EMU_DATA", true, "data directory (default ./s3emu-data)"},
    {"--access-key", "S3EMU_ACCESS_KEY", true, "access key id (default s3emuadmin)"},
    {"--secret-key", "S3EMU_SECRET_KEY", true, "secret access key (default s3emuadmin-secret)"},
    {"--region", "S3EMU_REGION", true, "region (default us-east-1)"},
    {"--strict-region", "S3EMU_STRICT_REGION", false, "refuse signatures scoped to another region"},
    {"--fsync", "S3EMU_FSYNC", true, "always (default) or never: sync objects before acknowledging them"},
    {"--threads", "S3EMU_THREADS", true, "io threads (default: one per core the process may use)"},
    {"--domain", "S3EMU_DOMAIN", true, "domain for virtual-hosted buckets, BUCKET.DOMAIN (default localhost)"},
};

bool truthy(const std::string& v) { return v == "1" || v == "true" || v == "yes" || v == "on"; }

bool parse_uint(const std::string& text, unsigned long max, unsigned long& out) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && p == text.data() + text.size() && !text.empty() && out <= max;
}

// Applies one setting; returns an error message or "".
std::string apply(Config& c, std::string_view flag, const std::string& value) {
    unsigned long n = 0;
    if (flag == "--host") c.host = value;
    else if (flag == "--port") {
        if (!parse_uint(value, 65535, n)) return "invalid port: " + value;
        c.port = static_cast<unsigned short>(n);
    } else if (flag == "--data") c.data_dir = value;
    else if (flag == "--access-key") c.access_key = value;
    else if (flag == "--secret-key") c.secret_key = value;
    else if (flag == "--region") c.region = value;
    else if (flag == "--strict-region") c.strict_region = truthy(value);
    else if (flag == "--fsync") {
        if (value == "always") c.fsync = storage::FsyncMode::always;
        else if (value == "never") c.fsync = storage::FsyncMode::never;
        else return "invalid --fsync (always or never): " + value;
    } else if (flag == "--domain") {
        c.domain = value;
    } else if (flag == "--threads") {
        if (!parse_uint(value, 1024, n)) return "invalid thread count: " + value;
        c.threads = static_cast<unsigned>(n);
    }
    if (c.access_key.empty() || c.secret_key.empty()) return "access key and secret key must not be empty";
    return {};
}

}  // namespace

ConfigResult parse_config(const std::vector<std::string>& args,
                          const std::function<const char*(const char*)>& getenv) {
    Config config;
    for (const auto& o : options) {
        if (const char* v = getenv(o.env); v && *v) {
            if (auto err = apply(config, o.flag, v); !err.empty()) return {std::nullopt, std::string(o.env) + ": " + err};
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "-h" || arg == "--help") return {std::nullopt, {}};
        std::string value;
        bool inline_value = false;
        if (auto eq = arg.find('='); eq != std::string::npos && arg.starts_with("--")) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            inline_value = true;
        }
        const Option* opt = nullptr;
        for (const auto& o : options)
            if (arg == o.flag) opt = &o;
        if (!opt) return {std::nullopt, "unknown option: " + arg};
        if (opt->takes_value && !inline_value) {
            if (i + 1 >= args.size()) return {std::nullopt, arg + " needs a value"};
            value = args[++i];
        } else if (!opt->takes_value && !inline_value) {
            value = "true";
        }
        if (auto err = apply(config, opt->flag, value); !err.empty()) return {std::nullopt, err};
    }
    return {config, {}};
}

std::string usage() {
    std::string out = "usage: s3emu [options]\n";
    for (const auto& o : options) {
        std::string left = std::string("  ") + o.flag + (o.takes_value ? " VALUE" : "");
        left.resize(std::max<std::size_t>(left.size() + 1, 24), ' ');
        out += left + o.help + "  [" + o.env + "]\n";
    }
    return out;
}

}  // namespace s3emu::server
