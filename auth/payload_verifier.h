// Checks a body against the SHA-256 the client signed in x-amz-content-sha256, as the body streams.
#pragma once

#include "auth/crypto.h"

#include <cstddef>
#include <optional>
#include <string>

namespace s3emu::auth {

class PayloadVerifier {
public:
    // `expected_sha256_hex` empty: nothing to check (UNSIGNED-PAYLOAD, presigned, SigV2).
    explicit PayloadVerifier(std::string expected_sha256_hex);

    void update(const void* data, std::size_t size);
    // True when the body matched (or nothing was to be checked). Call once, at the end of the body.
    bool verify();
    // The hash the body had, for the error message; valid after verify().
    const std::string& computed() const { return computed_; }

private:
    std::string expected_;
    std::optional<Digest> digest_;
    std::string computed_;
};

}  // namespace s3emu::auth
