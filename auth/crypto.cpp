#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <boost/beast/core/detail/base64.hpp>

#include <cstring>
#include <initializer_list>
#include <stdexcept>

namespace s3emu::auth {

namespace {

// OpenSSL 3 looks EVP_sha256() and its kind up in the providers on every init, and its
// one-shot HMAC() fetches a MAC as well: microseconds on each of a small request's hashes.
// Each algorithm is fetched once for the process instead (and never freed: it lives as long).
const EVP_MD* fetch_md(const char* name) {
    const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
    if (!md) throw std::runtime_error(std::string("EVP_MD_fetch failed for ") + name);
    return md;
}

const EVP_MD* md5_md() {
    static const EVP_MD* md = fetch_md("MD5");
    return md;
}
const EVP_MD* sha1_md() {
    static const EVP_MD* md = fetch_md("SHA1");
    return md;
}
const EVP_MD* sha256_md() {
    static const EVP_MD* md = fetch_md("SHA256");
    return md;
}

struct CtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// One context per thread for the one-shot hashes, so they allocate nothing.
EVP_MD_CTX* scratch_ctx() {
    thread_local std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx) throw std::runtime_error("EVP_MD_CTX_new failed");
    return ctx.get();
}

void digest_into(const EVP_MD* md, std::initializer_list<std::string_view> parts, unsigned char* out,
                 unsigned int* len) {
    EVP_MD_CTX* ctx = scratch_ctx();
    if (EVP_DigestInit_ex(ctx, md, nullptr) != 1) throw std::runtime_error("EVP_DigestInit_ex failed");
    for (auto part : parts) EVP_DigestUpdate(ctx, part.data(), part.size());
    EVP_DigestFinal_ex(ctx, out, len);
}

}  // namespace

Digest::Digest(const EVP_MD* md) : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), md, nullptr) != 1) throw std::runtime_error("EVP_DigestInit_ex failed");
}

Digest Digest::md5() { return Digest(md5_md()); }
Digest Digest::sha1() { return Digest(sha1_md()); }
Digest Digest::sha256() { return Digest(sha256_md()); }

void Digest::update(const void* data, std::size_t size) { EVP_DigestUpdate(ctx_.get(), data, size); }

std::string Digest::finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_.get(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string sha256(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    digest_into(sha256_md(), {data}, out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

// HMAC (RFC 2104) over the pre-fetched digest: H((K ^ opad) || H((K ^ ipad) || data)).
static std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    constexpr std::size_t max_block = 128;
    const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
    if (block > max_block) throw std::runtime_error("digest block too large for HMAC");
    unsigned char pad[max_block] = {};
    unsigned int len = 0;
    if (key.size() > block) {
        digest_into(md, {key}, pad, &len);
    } else {
        std::memcpy(pad, key.data(), key.size());
    }
    for (std::size_t i = 0; i < block; ++i) pad[i] ^= 0x36;
    unsigned char inner[EVP_MAX_MD_SIZE];
    std::string_view pad_view(reinterpret_cast<char*>(pad), block);
    digest_into(md, {pad_view, data}, inner, &len);
    for (std::size_t i = 0; i < block; ++i) pad[i] ^= 0x36 ^ 0x5c;
    unsigned char out[EVP_MAX_MD_SIZE];
    digest_into(md, {pad_view, std::string_view(reinterpret_cast<char*>(inner), len)}, out, &len);
    OPENSSL_cleanse(pad, sizeof pad);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(sha256_md(), key, data); }
std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac(sha1_md(), key, data); }

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(bytes.size() * 2, '\0');
    char* o = out.data();
    for (unsigned char c : bytes) {
        *o++ = digits[c >> 4];
        *o++ = digits[c & 15];
    }
    return out;
}

namespace b64 = boost::beast::detail::base64;

std::string base64_encode(std::string_view bytes) {
    std::string out(b64::encoded_size(bytes.size()), '\0');
    out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
    return out;
}

bool base64_decode(std::string_view text, std::string& out) {
    if (text.size() % 4 != 0) return false;
    // Beast's decoder stops at the first character outside the alphabet, padding included.
    std::string_view data = text;
    for (int i = 0; i < 2 && !data.empty() && data.back() == '='; ++i) data.remove_suffix(1);
    out.assign(b64::decoded_size(text.size()), '\0');
    auto [written, read] = b64::decode(out.data(), data.data(), data.size());
    if (read != data.size()) return false;
    out.resize(written);
    return true;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return to_hex(raw);
}

}  // namespace s3emu::auth
