// Decides who signed a request: SigV4 header or presigned query, SigV2 header or presigned
// query, or nobody. Runs on the request head alone, before any body byte is read.
#pragma once

#include "auth/auth_result.h"
#include "auth/credentials.h"
#include "auth/http_date.h"
#include "auth/http_request_view.h"

#include <chrono>
#include <string>

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

    Credentials credentials_;
    AuthOptions options_;
};

}  // namespace s3emu::auth
