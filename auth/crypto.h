// Hashes, HMACs and encodings used by the signers and the object writer, on OpenSSL's EVP API.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace s3emu::auth {

// An incremental digest (MD5, SHA1, SHA256) that can be fed while a body streams.
class Digest {
public:
    static Digest md5();
    static Digest sha1();
    static Digest sha256();

    void update(const void* data, std::size_t size);
    // Raw digest bytes; the digest cannot be updated afterwards.
    std::string finish();

private:
    explicit Digest(const EVP_MD* md);
    struct CtxFree {
        void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    };
    std::unique_ptr<EVP_MD_CTX, CtxFree> ctx_;
};

std::string sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);
std::string base64_encode(std::string_view bytes);
// Empty optional-like result: returns false when the input is not valid base64.
bool base64_decode(std::string_view text, std::string& out);

// Compares secrets without leaking where they differ through timing.
bool constant_time_equal(std::string_view a, std::string_view b);

// Hex of `bytes` random bytes from OpenSSL's CSPRNG.
std::string random_hex(std::size_t bytes);

}  // namespace s3emu::auth
