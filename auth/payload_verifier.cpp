#include "auth/payload_verifier.h"

namespace s3emu::auth {

PayloadVerifier::PayloadVerifier(std::string expected_sha256_hex) : expected_(std::move(expected_sha256_hex)) {
    if (!expected_.empty()) digest_.emplace(Digest::sha256());
}

void PayloadVerifier::update(const void* data, std::size_t size) {
    if (digest_) digest_->update(data, size);
}

bool PayloadVerifier::verify() {
    if (!digest_) return true;
    computed_ = to_hex(digest_->finish());
    digest_.reset();
    return constant_time_equal(computed_, expected_);
}

}  // namespace s3emu::auth
