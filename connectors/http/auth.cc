#include "connectors/http/auth.h"

#include "connectors/redis/pii_cipher.h"

namespace leye::http {

Authenticator::Authenticator(const Config& config) {
  for (const auto& t : config.tokens) by_hash_[t.sha256] = Principal{t.name, t.role, t.region_prefix};
  if (!config.admin_token.empty())
    by_hash_[Sha256Hex(config.admin_token)] = Principal{"env-admin", Role::kAdmin, ""};
}

std::optional<Principal> Authenticator::Authenticate(std::string_view authorization) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() || authorization.substr(0, kBearer.size()) != kBearer)
    return std::nullopt;
  std::string_view token = authorization.substr(kBearer.size());
  if (token.size() > 512) return std::nullopt;
  auto it = by_hash_.find(Sha256Hex(token));
  if (it == by_hash_.end()) return std::nullopt;
  return it->second;
}

}  // namespace leye::http
