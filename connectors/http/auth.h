// Bearer tokens, each with a role and a region prefix (issue 2, item 7).
// Tokens are known only by their SHA-256; the admin token from the
// environment is hashed at start and then forgotten.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "connectors/config/config.h"
#include "matcher/id_number.h"

namespace leye::http {

struct Principal {
  std::string name;  // the token's configured name; goes into the audit log
  Role role = Role::kMonitor;
  std::string region_prefix;  // "" = all regions

  bool CoversRegion(std::string_view county) const { return county.rfind(region_prefix, 0) == 0; }
  bool CanReadRegister() const { return role != Role::kKiosk; }
  bool CanWriteRegister() const { return role == Role::kAdmin || role == Role::kBureau; }
  // admin: full (and audited); bureau: first 3 and last 4; others: first and last.
  IdVisibility id_visibility() const {
    return role == Role::kAdmin ? IdVisibility::kFull
                                : role == Role::kBureau ? IdVisibility::kPartial : IdVisibility::kMinimal;
  }
};

class Authenticator {
 public:
  explicit Authenticator(const Config& config);
  // The principal for an "Authorization: Bearer <token>" header value, or
  // nullopt when absent, malformed or unknown.
  std::optional<Principal> Authenticate(std::string_view authorization) const;

 private:
  std::unordered_map<std::string, Principal> by_hash_;
};

}  // namespace leye::http
