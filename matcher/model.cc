#include "matcher/model.h"

#include <array>
#include <utility>

namespace leye {
namespace {

// One table per enum keeps each name in exactly one place.
template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<PovertyStatus, 3> kPoverty{{{PovertyStatus::kNotExited, "not_exited"},
                                                {PovertyStatus::kExited, "exited"},
                                                {PovertyStatus::kMonitored, "monitored"}}};
constexpr NameTable<LaborAbility, 3> kLabor{{{LaborAbility::kFull, "full"},
                                             {LaborAbility::kWeak, "weak"},
                                             {LaborAbility::kNone, "none"}}};
constexpr NameTable<Hours, 3> kHours{{{Hours::kFullTime, "full_time"},
                                      {Hours::kPartTime, "part_time"},
                                      {Hours::kHomeBased, "home_based"}}};
constexpr NameTable<EmployerKind, 4> kEmployerKind{{{EmployerKind::kWorkshop, "workshop"},
                                                    {EmployerKind::kPublicWelfare, "public_welfare"},
                                                    {EmployerKind::kEnterprise, "enterprise"},
                                                    {EmployerKind::kCooperative, "cooperative"}}};
constexpr NameTable<PlacementKind, 4> kPlacementKind{{{PlacementKind::kMatched, "matched"},
                                                      {PlacementKind::kSelfFound, "self_found"},
                                                      {PlacementKind::kSelfEmployed, "self_employed"},
                                                      {PlacementKind::kMigrant, "migrant"}}};
constexpr NameTable<PlacementStatus, 2> kPlacementStatus{
    {{PlacementStatus::kActive, "active"}, {PlacementStatus::kEnded, "ended"}}};
constexpr NameTable<ProposalStatus, 4> kProposalStatus{{{ProposalStatus::kProposed, "proposed"},
                                                        {ProposalStatus::kAccepted, "accepted"},
                                                        {ProposalStatus::kDeclined, "declined"},
                                                        {ProposalStatus::kExpired, "expired"}}};
constexpr NameTable<Kind, 5> kKindPlural{{{Kind::kHousehold, "households"},
                                          {Kind::kWorker, "workers"},
                                          {Kind::kEmployer, "employers"},
                                          {Kind::kPosting, "postings"},
                                          {Kind::kTraining, "trainings"}}};
constexpr NameTable<Kind, 5> kKindSingular{{{Kind::kHousehold, "household"},
                                            {Kind::kWorker, "worker"},
                                            {Kind::kEmployer, "employer"},
                                            {Kind::kPosting, "posting"},
                                            {Kind::kTraining, "training"}}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& t, E v) {
  for (const auto& [e, name] : t)
    if (e == v) return name;
  return "?";
}
template <typename E, size_t N>
std::optional<E> Lookup(const NameTable<E, N>& t, std::string_view s) {
  for (const auto& [e, name] : t)
    if (name == s) return e;
  return std::nullopt;
}

}  // namespace

std::string_view ToString(PovertyStatus v) { return NameOf(kPoverty, v); }
std::string_view ToString(LaborAbility v) { return NameOf(kLabor, v); }
std::string_view ToString(Hours v) { return NameOf(kHours, v); }
std::string_view ToString(EmployerKind v) { return NameOf(kEmployerKind, v); }
std::string_view ToString(PlacementKind v) { return NameOf(kPlacementKind, v); }
std::string_view ToString(PlacementStatus v) { return NameOf(kPlacementStatus, v); }
std::string_view ToString(ProposalStatus v) { return NameOf(kProposalStatus, v); }
std::optional<PovertyStatus> ParsePovertyStatus(std::string_view s) { return Lookup(kPoverty, s); }
std::optional<LaborAbility> ParseLaborAbility(std::string_view s) { return Lookup(kLabor, s); }
std::optional<Hours> ParseHours(std::string_view s) { return Lookup(kHours, s); }
std::optional<EmployerKind> ParseEmployerKind(std::string_view s) { return Lookup(kEmployerKind, s); }
std::optional<PlacementKind> ParsePlacementKind(std::string_view s) { return Lookup(kPlacementKind, s); }
std::optional<PlacementStatus> ParsePlacementStatus(std::string_view s) { return Lookup(kPlacementStatus, s); }
std::optional<ProposalStatus> ParseProposalStatus(std::string_view s) { return Lookup(kProposalStatus, s); }
std::string_view PluralName(Kind k) { return NameOf(kKindPlural, k); }
std::string_view SingularName(Kind k) { return NameOf(kKindSingular, k); }
std::optional<Kind> ParseKindPlural(std::string_view s) { return Lookup(kKindPlural, s); }

Kind KindOf(const Record& r) { return kAllKinds[r.index()]; }
const std::string& IdOf(const Record& r) {
  return std::visit([](const auto& rec) -> const std::string& { return rec.id; }, r);
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsValidRegion(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

bool IsValidOccupationCode(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  bool need_digit = true;
  for (char c : code) {
    if (c >= '0' && c <= '9') {
      need_digit = false;
    } else if (c == '-' && !need_digit) {
      need_digit = true;
    } else {
      return false;
    }
  }
  return !need_digit;
}

}  // namespace leye
