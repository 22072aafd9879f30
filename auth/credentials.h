// The access keys s3emu accepts and their secrets.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace s3emu::auth {

class Credentials {
public:
    void add(std::string access_key, std::string secret_key);
    // nullopt for an access key s3emu does not know (S3's InvalidAccessKeyId).
    std::optional<std::string> secret_for(const std::string& access_key) const;

private:
    std::map<std::string, std::string> secrets_;
};

}  // namespace s3emu::auth
