#include "storage/key_range.h"

namespace s3emu::storage {

std::string successor(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
    if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix;
}

std::string common_prefix(const std::string& key, const std::string& prefix, const std::string& delimiter) {
    if (delimiter.empty() || !key.starts_with(prefix)) return {};
    auto pos = key.find(delimiter, prefix.size());
    if (pos == std::string::npos) return {};
    return key.substr(0, pos + delimiter.size());
}

}  // namespace s3emu::storage
