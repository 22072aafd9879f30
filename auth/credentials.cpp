#include "auth/credentials.h"

namespace s3emu::auth {

void Credentials::add(std::string access_key, std::string secret_key) {
    secrets_[std::move(access_key)] = std::move(secret_key);
}

std::optional<std::string> Credentials::secret_for(const std::string& access_key) const {
    auto it = secrets_.find(access_key);
    if (it == secrets_.end()) return std::nullopt;
    return it->second;
}

}  // namespace s3emu::auth
