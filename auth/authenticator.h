// Decides who signed a request: SigV4 header or presigned query, SigV2 header or presigned
// query, or nobody. Runs on the request head alone, before any body byte is read.
#pragma once

#include "auth/auth_result.h"
#include "auth/credentials.h"
#include "auth/http_date.h"
#include "auth/http_request_view.h"

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace s3emu::auth {

struct AuthOptions {
    std::string region = "us-east-1";
    // Off: any region in the credential scope is accepted (the signature still uses it).
    bool strict_region = false;
    std::chrono::seconds max_skew{15 * 60};
};

class Authenticator {
public:
    Authenticator(Credentials credentials, AuthOptions options);

    AuthResult authenticate(const HttpRequestView& request, TimePoint now) const;

private:
    AuthResult sigv4_header(const HttpRequestView& request, std::string_view authorization, TimePoint now) const;
    AuthResult sigv4_query(const HttpRequestView& request, TimePoint now) const;
    AuthResult sigv2_header(const HttpRequestView& request, std::string_view authorization, TimePoint now) const;
    AuthResult sigv2_query(const HttpRequestView& request, TimePoint now) const;

    // The SigV4 signing key of (secret, date, region, service) costs four HMACs and changes
    // once a day: derived once, not on every request.
    std::string cached_signing_key(const std::string& secret, std::string_view date8, std::string_view region,
                                   std::string_view service) const;

    Credentials credentials_;
    AuthOptions options_;
    mutable std::mutex key_cache_mutex_;
    mutable std::unordered_map<std::string, std::string> key_cache_;
};

}  // namespace s3emu::auth
