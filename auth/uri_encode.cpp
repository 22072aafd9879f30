#include "auth/uri_encode.h"

#include <array>

namespace s3emu::auth {

namespace {

// RFC 3986's unreserved characters, which SigV4 never encodes.
constexpr std::array<bool, 256> unreserved = [] {
    std::array<bool, 256> table{};
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (char c : {'-', '.', '_', '~'}) table[static_cast<unsigned char>(c)] = true;
    return table;
}();

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

// Both write through a pointer into a string sized for the worst case: push_back per character
// (a capacity check and a terminator each) made these two a tenth of a presigned GET's
// instructions.
std::string uri_encode(std::string_view bytes, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out(bytes.size() * 3, '\0');
    char* o = out.data();
    for (unsigned char c : bytes) {
        if (unreserved[c] || (keep_slash && c == '/')) {
            *o++ = static_cast<char>(c);
        } else {
            o[0] = '%';
            o[1] = digits[c >> 4];
            o[2] = digits[c & 15];
            o += 3;
        }
    }
    out.resize(static_cast<std::size_t>(o - out.data()));
    return out;
}

std::string percent_decode(std::string_view text, bool plus_as_space) {
    std::string out(text.size(), '\0');
    char* o = out.data();
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                *o++ = static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        *o++ = plus_as_space && c == '+' ? ' ' : c;
    }
    out.resize(static_cast<std::size_t>(o - out.data()));
    return out;
}

}  // namespace s3emu::auth
