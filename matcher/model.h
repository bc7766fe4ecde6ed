// The register's records: the data model of ARCHITECTURE.md, which is a
// contract (fields may be added, never renamed). Plain values, owned strings,
// no behaviour beyond what the policy defines on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "matcher/date.h"

namespace leye {

enum class PovertyStatus { kNotExited, kExited, kMonitored };
enum class LaborAbility { kFull, kWeak, kNone };
enum class Hours { kFullTime, kPartTime, kHomeBased };
enum class EmployerKind { kWorkshop, kPublicWelfare, kEnterprise, kCooperative };
enum class PlacementKind { kMatched, kSelfFound, kSelfEmployed, kMigrant };
enum class PlacementStatus { kActive, kEnded };
enum class ProposalStatus { kProposed, kAccepted, kDeclined, kExpired };

// Wire names ("not_exited", "full_time", ...). Parse* return nullopt for an
// unknown name.
std::string_view ToString(PovertyStatus v);
std::string_view ToString(LaborAbility v);
std::string_view ToString(Hours v);
std::string_view ToString(EmployerKind v);
std::string_view ToString(PlacementKind v);
std::string_view ToString(PlacementStatus v);
std::string_view ToString(ProposalStatus v);
std::optional<PovertyStatus> ParsePovertyStatus(std::string_view s);
std::optional<LaborAbility> ParseLaborAbility(std::string_view s);
std::optional<Hours> ParseHours(std::string_view s);
std::optional<EmployerKind> ParseEmployerKind(std::string_view s);
std::optional<PlacementKind> ParsePlacementKind(std::string_view s);
std::optional<PlacementStatus> ParsePlacementStatus(std::string_view s);
std::optional<ProposalStatus> ParseProposalStatus(std::string_view s);

struct GeoPoint {
  double lat = 0;  // degrees, -90..90
  double lng = 0;  // degrees, -180..180
  bool operator==(const GeoPoint&) const = default;
};

// An occupation/skill code of the national classification ("6-05-01-01")
// held at a level 1..5.
struct Skill {
  std::string code;
  int level = 1;
  bool operator==(const Skill&) const = default;
};

struct HelperContact {
  std::string name;
  std::string phone;
  bool operator==(const HelperContact&) const = default;
};

struct Household {
  std::string id;
  std::string region;  // 6-digit GB/T 2260 county code
  bool registered_poor = false;
  PovertyStatus poverty_status = PovertyStatus::kNotExited;
  bool relocated = false;
  std::string site;  // required when relocated, else may be empty
  std::optional<HelperContact> helper;
  bool operator==(const Household&) const = default;
};

struct Willingness {
  bool wants_work = false;
  std::vector<std::string> categories;  // occupation codes or prefixes, most wanted first
  double max_commute_km = 0;
  bool leave_county = false;
  bool leave_province = false;
  std::vector<Hours> hours;        // never empty once validated
  int64_t min_monthly_wage = 0;    // yuan; absent = 0
  // Optional (an extension of the data model): when the worker last
  // confirmed these wishes; guidance asks again when it is long ago.
  std::optional<Date> confirmed_on;
  bool operator==(const Willingness&) const = default;
};

struct Worker {
  std::string id;
  std::string household;
  std::string name;       // personal data
  std::string id_number;  // personal data: plain in memory only, encrypted at rest
  LaborAbility labor_ability = LaborAbility::kNone;
  bool hard_to_employ = false;
  std::vector<Skill> skills;
  GeoPoint location;
  Willingness willingness;
  bool operator==(const Worker&) const = default;
};

struct Employer {
  std::string id;
  std::string name;
  EmployerKind kind = EmployerKind::kEnterprise;
  std::string region;
  GeoPoint location;
  bool operator==(const Employer&) const = default;
};

struct Posting {
  std::string id;
  std::string employer;
  std::string title;
  std::string occupation;
  std::vector<Skill> required_skills;
  int32_t slots = 0;
  int64_t monthly_wage = 0;  // yuan
  Hours hours = Hours::kFullTime;
  int32_t contract_months = 0;  // 0 = open-ended
  std::optional<GeoPoint> location;  // default: the employer's
  std::optional<int32_t> age_min;
  std::optional<int32_t> age_max;
  bool open = false;
  bool operator==(const Posting&) const = default;
};

struct Training {
  std::string id;
  std::string provider;
  std::string title;
  std::vector<Skill> teaches;
  int32_t seats = 0;
  std::string region;
  GeoPoint location;
  Date start_date;
  Date end_date;
  bool operator==(const Training&) const = default;
};

struct Placement {
  std::string id;
  std::string worker;
  std::optional<std::string> posting;  // absent for self-found work
  PlacementKind kind = PlacementKind::kMatched;
  Date start_date;
  std::optional<int32_t> expected_months;  // 0 or absent = open-ended
  std::optional<Date> end_date;
  PlacementStatus status = PlacementStatus::kActive;
  std::optional<std::string> end_reason;
  bool operator==(const Placement&) const = default;
};

// Record kinds of the register, in the order the API lists them. The wire
// name is the plural path segment ("households").
enum class Kind { kHousehold, kWorker, kEmployer, kPosting, kTraining };
inline constexpr Kind kAllKinds[] = {Kind::kHousehold, Kind::kWorker, Kind::kEmployer,
                                     Kind::kPosting, Kind::kTraining};
std::string_view PluralName(Kind k);    // "households"
std::string_view SingularName(Kind k);  // "household"
std::optional<Kind> ParseKindPlural(std::string_view s);

// Any record of the register, for code that treats the kinds alike (the
// store, the API's generic handlers, the importer).
using Record = std::variant<Household, Worker, Employer, Posting, Training>;
Kind KindOf(const Record& r);
const std::string& IdOf(const Record& r);

// True when `id` is a valid record id: [A-Za-z0-9_-]{1,64}.
bool IsValidId(std::string_view id);
// True when `code` is a 6-digit region code.
bool IsValidRegion(std::string_view code);
// True when `code` is an occupation code or family prefix: digit groups
// joined by '-' ("6", "6-05", "6-05-01-01").
bool IsValidOccupationCode(std::string_view code);

}  // namespace leye
