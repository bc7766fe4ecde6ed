// How the fake register is built, and why this way.
//
// Counties are generated one after another, each from its own random stream
// (Rng::ForStream(seed, county code)), so a county's households and workers do
// not change when another county is added. Inside a county the order is
// fixed: geography (towns, relocation sites, villages), helpers, households
// with their members, employers and postings, trainings, then placements,
// which need the postings. Employers in other regions (Hunan cities,
// Guangdong, Zhejiang) are shared: a county's migrant posting often goes to
// an employer an earlier county created, as big factories recruit from many
// counties. That sharing is sequential and so still deterministic.
//
// Everything that could differ between machines is avoided: draws come from
// Rng (no <random> distributions), positions are integer micro-degrees (no
// trigonometry, no fused multiply-add), iteration is over vectors and ordered
// maps only (never over an unordered container).
//
// PERF: one pass, no sorting; strings are built once and moved. The
// province preset (136 000 households, 300 000 workers, 30 000 postings) is
// dominated by string allocation.
#include "generator/fake_register.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "generator/fake_id_numbers.h"
#include "generator/fake_names.h"
#include "generator/job_lines.h"
#include "generator/regions.h"
#include "generator/rng.h"
#include "matcher/id_number.h"
#include "matcher/occupation_catalog.h"

namespace leye {
namespace {

using gen::Agency;
using gen::County;
using gen::JobLine;
using gen::JobShare;
using gen::Market;
using gen::MicroPoint;
using gen::Rng;

std::string Padded(uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width)
    s.insert(0, static_cast<size_t>(width - static_cast<int>(s.size())), '0');
  return s;
}

// An index drawn by integer weights given inline: Draw(rng, {40, 30, 20}).
size_t Draw(Rng& rng, std::initializer_list<int> weights) {
  return rng.Weighted(std::span<const int>(weights.begin(), weights.size()));
}

// Skewed draws in [0, n). The two draws are separate statements: the order
// in which operands of one expression are evaluated is unspecified, and
// compilers differ, so two draws never share an expression here.
uint64_t MinOfTwo(Rng& rng, uint64_t n) {
  const uint64_t a = rng.Below(n);
  const uint64_t b = rng.Below(n);
  return std::min(a, b);
}
uint64_t MaxOfTwo(Rng& rng, uint64_t n) {
  const uint64_t a = rng.Below(n);
  const uint64_t b = rng.Below(n);
  return std::max(a, b);
}
uint64_t MeanOfTwo(Rng& rng, uint64_t n) {
  const uint64_t a = rng.Below(n);
  const uint64_t b = rng.Below(n);
  return (a + b) / 2;
}

// A value drawn from {value, weight} pairs.
template <typename T>
T DrawValue(Rng& rng, std::span<const std::pair<T, int>> table) {
  return rng.WeightedPick(table, [](const std::pair<T, int>& p) { return p.second; }).first;
}
template <typename T>
T DrawValue(Rng& rng, std::initializer_list<std::pair<T, int>> table) {
  return DrawValue(rng, std::span<const std::pair<T, int>>(table.begin(), table.size()));
}

constexpr std::string_view kEndReasons[] = {"合同期满",     "个人原因离职", "返乡照顾家人",
                                            "企业订单减少", "工作地点太远", "身体原因"};

struct Town {
  std::string name;  // "石溪镇"
  MicroPoint at;
};

struct Site {
  std::string name;  // "石溪镇幸福安置点"
  MicroPoint at;
  int weight;  // how many households it holds, relatively
};

// What Generate remembers about an employer beyond the record.
struct EmployerMeta {
  Market market = Market::kLocal;
  bool agency = false;  // public-welfare agency: `line` indexes PublicWelfareAgencies()
  size_t line = 0;
  MicroPoint at;
};

// What placement needs about a worker beyond the record.
struct WorkerMeta {
  MicroPoint home;
  int age = 0;
  bool registered_poor = false;  // the household's
};

struct CountyState {
  County county;
  std::vector<Town> towns;
  std::vector<Site> sites;
  std::vector<MicroPoint> villages;
  std::vector<HelperContact> helpers;
  size_t worker_begin = 0;
  size_t posting_begin = 0;
  std::vector<size_t> own_employers[3];                  // workshop, cooperative, local enterprise
  std::map<std::pair<size_t, size_t>, size_t> agencies;  // (agency, town or npos) -> employer
  gen::IdNumberIssuer ids;
};

constexpr size_t kNoTown = static_cast<size_t>(-1);

class Builder {
 public:
  explicit Builder(const GeneratorOptions& opts) : opts_(opts) {}

  GeneratedRegister Run();

 private:
  void MakeCounty(const std::string& code, size_t households, size_t postings, size_t trainings);
  void MakeGeography(Rng& rng, CountyState& c, size_t households);
  void MakeHelpers(Rng& rng, CountyState& c, size_t households);
  void MakeHousehold(Rng& rng, CountyState& c, size_t index);
  void MakeWorker(Rng& rng, CountyState& c, const Household& h, MicroPoint home, int member,
                  int age, Sex sex, std::string_view surname);
  Willingness MakeWillingness(Rng& rng, LaborAbility ability, Sex sex, int age,
                              const std::vector<Skill>& skills);
  std::string DrawOccupation(Rng& rng, Sex sex);
  size_t EmployerFor(Rng& rng, CountyState& c, EmployerKind kind, Market market);
  size_t NewEmployer(Rng& rng, CountyState& c, EmployerKind kind, Market market);
  size_t AgencyEmployer(Rng& rng, CountyState& c);
  void MakePosting(Rng& rng, CountyState& c);
  void MakeTraining(Rng& rng, CountyState& c, size_t index);
  void MakePlacements(Rng& rng, CountyState& c);
  std::optional<size_t> FindPostingFor(Rng& rng, const CountyState& c, size_t worker);
  std::string UniqueEmployerName(Rng& rng, std::string_view prefix, std::string_view product,
                                 std::string_view suffix);
  std::string NextPlacementId(const CountyState& c);

  const GeneratorOptions& opts_;
  Date today_;
  GeneratedRegister out_;
  std::vector<EmployerMeta> employer_meta_;   // parallel to out_.employers
  std::vector<WorkerMeta> worker_meta_;       // parallel to out_.workers
  std::vector<MicroPoint> posting_at_;        // parallel to out_.postings
  std::vector<size_t> posting_employer_;      // parallel to out_.postings
  std::vector<int> posting_free_;             // slots minus active placements
  std::vector<size_t> migrant_pool_[3];       // Hunan city, Guangdong, Zhejiang employers
  std::map<std::string, uint64_t> sequence_;  // id prefix -> last number used
  std::unordered_set<std::string> employer_names_;
  std::unordered_set<std::string> site_names_;
  size_t helpers_made_ = 0;
};

GeneratedRegister Builder::Run() {
  today_ = opts_.today;
  std::vector<std::string> counties;
  for (const std::string& c : opts_.counties)
    if (std::find(counties.begin(), counties.end(), c) == counties.end()) counties.push_back(c);
  if (counties.empty()) counties.emplace_back("430523");

  const size_t households = opts_.households;
  size_t postings = opts_.postings;
  if (postings == 0 && households > 0)
    postings = std::max<size_t>(1, (households * 2 + 4) / 9);  // households / 4.5, rounded
  size_t trainings = opts_.trainings;
  if (trainings == 0 && postings > 0) trainings = std::max<size_t>(1, (postings + 10) / 20);

  const double wph = std::clamp(opts_.workers_per_household, 1.0, 6.0);
  out_.households.reserve(households);
  out_.workers.reserve(static_cast<size_t>(static_cast<double>(households) * wph * 1.02) + 16);
  worker_meta_.reserve(out_.workers.capacity());
  out_.postings.reserve(postings);
  out_.trainings.reserve(trainings);

  const size_t n = counties.size();
  auto share = [n](size_t total, size_t i) { return total / n + (i < total % n ? 1 : 0); };
  for (size_t i = 0; i < n; ++i)
    MakeCounty(counties[i], share(households, i), share(postings, i), share(trainings, i));
  return std::move(out_);
}

void Builder::MakeCounty(const std::string& code, size_t households, size_t postings,
                         size_t trainings) {
  Rng rng = Rng::ForStream(opts_.seed, code);
  CountyState c;
  c.county = gen::CountyOf(code);
  MakeGeography(rng, c, households);
  MakeHelpers(rng, c, households);
  c.worker_begin = out_.workers.size();
  for (size_t i = 0; i < households; ++i) MakeHousehold(rng, c, i);
  c.posting_begin = out_.postings.size();
  for (size_t i = 0; i < postings; ++i) MakePosting(rng, c);
  for (size_t i = 0; i < trainings; ++i) MakeTraining(rng, c, i);
  MakePlacements(rng, c);
}

void Builder::MakeGeography(Rng& rng, CountyState& c, size_t households) {
  const size_t n_towns = 8 + rng.Below(7);
  std::unordered_set<std::string> names;
  while (c.towns.size() < n_towns) {
    std::string name = gen::FakePlaceName(rng);
    name += rng.Chance(0.75) ? "镇" : "乡";
    if (!names.insert(name).second) continue;
    const bool seat = c.towns.empty();
    c.towns.push_back({std::move(name), gen::PointNear(rng, c.county.seat, seat ? 1000 : 28000)});
  }
  const size_t n_sites = std::clamp<size_t>(2 + households / 1500, 3, 10);
  for (size_t i = 0; i < n_sites; ++i) {
    // The first and largest site is at the county seat, as in most counties.
    const Town& town = i == 0 ? c.towns[0] : c.towns[1 + rng.Below(c.towns.size() - 1)];
    std::string name;
    for (int attempt = 0;; ++attempt) {
      name = town.name;
      name += gen::FakeSiteWord(rng);
      if (attempt >= 20) {  // practically never: 20 words per town
        name.insert(0, c.county.name);
        name += Padded(i + 1, 1);
        name += "区";
      }
      name += "安置点";
      if (site_names_.insert(name).second) break;
    }
    const int weight = i == 0 ? 6 : static_cast<int>(1 + rng.Below(3));
    c.sites.push_back({std::move(name), gen::PointNear(rng, town.at, 2500), weight});
  }
  for (const Town& t : c.towns)
    for (int v = 0; v < 3; ++v) c.villages.push_back(gen::PointNear(rng, t.at, 6000));
}

void Builder::MakeHelpers(Rng& rng, CountyState& c, size_t households) {
  const size_t n = std::max<size_t>(1, households / 6);
  for (size_t i = 0; i < n; ++i, ++helpers_made_) {
    const Sex sex = rng.Chance(0.65) ? Sex::kMale : Sex::kFemale;
    const auto birth_year = static_cast<int>(today_.year() - rng.Between(25, 55));
    // 13x0000xxxx: test-looking numbers, unique for the first 100 000 helpers.
    static constexpr char kThird[] = "8976532104";
    std::string phone = "13";
    phone += kThird[(helpers_made_ / 10000) % 10];
    phone += "0000";
    phone += Padded(helpers_made_ % 10000, 4);
    c.helpers.push_back({gen::FakePersonName(rng, sex, birth_year), std::move(phone)});
  }
}

void Builder::MakeHousehold(Rng& rng, CountyState& c, size_t index) {
  Household h;
  h.id = "H" + c.county.code + "-" + Padded(index + 1, 6);
  h.region = c.county.code;
  h.relocated = rng.Chance(opts_.relocated_share);
  h.registered_poor = rng.Chance(h.relocated ? 0.97 : 0.88);
  h.poverty_status = h.registered_poor
                         ? DrawValue<PovertyStatus>(rng, {{PovertyStatus::kExited, 78},
                                                          {PovertyStatus::kNotExited, 8},
                                                          {PovertyStatus::kMonitored, 14}})
                         : PovertyStatus::kMonitored;
  MicroPoint home;
  if (h.relocated) {
    const Site& site =
        rng.WeightedPick(std::span<const Site>(c.sites), [](const Site& s) { return s.weight; });
    h.site = site.name;
    home = gen::PointNear(rng, site.at, 800);
  } else {
    home = gen::PointNear(rng, c.villages[rng.Below(c.villages.size())], 1500);
  }
  if (rng.Chance(h.relocated ? 0.85 : 0.6)) h.helper = c.helpers[rng.Below(c.helpers.size())];

  // Members of working age: 1 + Binomial(5, p) has mean 1 + 5p.
  const double p = (std::clamp(opts_.workers_per_household, 1.0, 6.0) - 1.0) / 5.0;
  int members = 1;
  for (int i = 0; i < 5; ++i) members += rng.Chance(p) ? 1 : 0;

  const std::string_view surname = gen::FakeSurname(rng);
  auto any_sex = [&rng] { return rng.Chance(0.5) ? Sex::kMale : Sex::kFemale; };
  auto opposite = [](Sex s) { return s == Sex::kMale ? Sex::kFemale : Sex::kMale; };
  // A wife or mother keeps her own surname.
  auto surname_for = [&](Sex sex, bool married_in) {
    return (married_in && sex == Sex::kFemale) ? gen::FakeSurname(rng) : surname;
  };

  if (members == 1) {
    // Single-member households are mostly older people living alone.
    const int age = 30 + static_cast<int>(MaxOfTwo(rng, 41));
    const Sex sex = rng.Chance(0.65) ? Sex::kMale : Sex::kFemale;
    MakeWorker(rng, c, h, home, 1, age, sex, surname_for(sex, false));
  } else {
    const int head = 26 + static_cast<int>(MeanOfTwo(rng, 41));
    const Sex head_sex = rng.Chance(0.82) ? Sex::kMale : Sex::kFemale;
    MakeWorker(rng, c, h, home, 1, head, head_sex, surname);
    const int delta = static_cast<int>(rng.Between(-3, 6));
    const int spouse = std::clamp(head_sex == Sex::kMale ? head - delta : head + delta, 18, 70);
    const Sex spouse_sex = opposite(head_sex);
    MakeWorker(rng, c, h, home, 2, spouse, spouse_sex, surname_for(spouse_sex, true));
    for (int m = 3; m <= members; ++m) {
      const Sex sex = any_sex();
      if (head >= 36 && rng.Chance(0.75)) {  // a grown child
        const int age = static_cast<int>(rng.Between(16, std::min(head - 20, 40)));
        MakeWorker(rng, c, h, home, m, age, sex, surname);
      } else if (head + 20 <= 70) {  // a parent
        const int age = static_cast<int>(rng.Between(head + 20, std::min(70, head + 32)));
        MakeWorker(rng, c, h, home, m, age, sex, surname_for(sex, true));
      } else {  // a brother or sister
        const int age = std::clamp(head + static_cast<int>(rng.Between(-8, 8)), 16, 70);
        MakeWorker(rng, c, h, home, m, age, sex, surname);
      }
    }
  }
  out_.households.push_back(std::move(h));
}

void Builder::MakeWorker(Rng& rng, CountyState& c, const Household& h, MicroPoint home, int member,
                         int age, Sex sex, std::string_view surname) {
  Worker w;
  w.id = "W" + h.id.substr(1) + "-" + std::to_string(member);
  w.household = h.id;
  for (;;) {
    const Date birth = gen::BirthDateForAge(rng, today_, age);
    if (auto id = c.ids.Issue(rng, c.county.code, birth, sex)) {
      w.id_number = std::move(*id);
      w.name = std::string(surname) + gen::FakeGivenName(rng, sex, birth.year());
      break;
    }
  }

  // Labour ability falls with age; weak means partly able (older, ill, carer).
  int full = 92, weak = 6;
  if (age >= 65)
    full = 25, weak = 45;
  else if (age >= 60)
    full = 48, weak = 36;
  else if (age >= 55)
    full = 70, weak = 22;
  else if (age >= 45)
    full = 85, weak = 11;
  w.labor_ability = DrawValue<LaborAbility>(rng, {{LaborAbility::kFull, full},
                                                  {LaborAbility::kWeak, weak},
                                                  {LaborAbility::kNone, 100 - full - weak}});
  const double hard = w.labor_ability == LaborAbility::kWeak   ? 0.35
                      : w.labor_ability == LaborAbility::kNone ? 0.05
                      : age >= 50                              ? 0.10
                                                               : 0.04;
  w.hard_to_employ = rng.Chance(hard);

  const size_t n_skills = Draw(rng, {35, 35, 20, 10});
  for (size_t tries = 0; w.skills.size() < n_skills && tries < 10; ++tries) {
    std::string code = DrawOccupation(rng, sex);
    if (std::any_of(w.skills.begin(), w.skills.end(),
                    [&](const Skill& s) { return s.code == code; }))
      continue;
    const int level = 1 + static_cast<int>(Draw(rng, {40, 30, 18, 8, 4}));
    w.skills.push_back({std::move(code), level});
  }
  const MicroPoint at = gen::PointNear(rng, home, 300);
  w.location = gen::ToGeoPoint(at);
  w.willingness = MakeWillingness(rng, w.labor_ability, sex, age, w.skills);
  out_.workers.push_back(std::move(w));
  worker_meta_.push_back({at, age, h.registered_poor});
}

std::string Builder::DrawOccupation(Rng& rng, Sex sex) {
  const bool male = sex == Sex::kMale;
  return std::string(
      rng.WeightedPick(gen::WorkerSkillShares(),
                       [male](const gen::SkillShare& s) { return male ? s.male : s.female; })
          .code);
}

Willingness Builder::MakeWillingness(Rng& rng, LaborAbility ability, Sex sex, int age,
                                     const std::vector<Skill>& skills) {
  Willingness will;
  const bool weak = ability == LaborAbility::kWeak;
  will.wants_work = ability == LaborAbility::kNone ? false : rng.Chance(weak ? 0.7 : 0.92);
  will.max_commute_km = static_cast<double>(5 + MinOfTwo(rng, weak ? 26 : 76));
  bool full_time = false, part_time = false, home_based = false;
  if (weak) {
    full_time = rng.Chance(0.4);
    part_time = rng.Chance(0.7);
    home_based = rng.Chance(0.45);
  } else {
    full_time = rng.Chance(0.9);
    part_time = rng.Chance(0.3);
    home_based = rng.Chance(sex == Sex::kFemale && age >= 25 && age <= 55 ? 0.35 : 0.08);
  }
  if (!full_time && !part_time && !home_based) (weak ? part_time : full_time) = true;
  if (full_time) will.hours.push_back(Hours::kFullTime);
  if (part_time) will.hours.push_back(Hours::kPartTime);
  if (home_based) will.hours.push_back(Hours::kHomeBased);
  if (!will.wants_work) return will;

  const size_t n_categories = Draw(rng, {30, 30, 25, 15});
  for (size_t tries = 0; will.categories.size() < n_categories && tries < 10; ++tries) {
    // The first wish is often what the worker already knows.
    std::string code = (tries == 0 && !skills.empty() && rng.Chance(0.6))
                           ? skills[rng.Below(skills.size())].code
                           : DrawOccupation(rng, sex);
    if (rng.Chance(0.35)) code = std::string(OccupationFamilyOf(code));
    if (std::find(will.categories.begin(), will.categories.end(), code) != will.categories.end())
      continue;
    will.categories.push_back(std::move(code));
  }
  will.leave_county = rng.Chance(0.30);
  will.leave_province = rng.Chance(0.15);
  if (!rng.Chance(0.3))
    will.min_monthly_wage = 1500 + 100 * static_cast<int64_t>(MinOfTwo(rng, 31));
  return will;
}

std::string Builder::UniqueEmployerName(Rng& rng, std::string_view prefix, std::string_view product,
                                        std::string_view suffix) {
  for (int attempt = 0;; ++attempt) {
    std::string name(prefix);
    name += gen::FakeTradeName(rng, attempt >= 10);
    name += product;
    name += suffix;
    if (attempt >= 40) name += Padded(static_cast<uint64_t>(attempt), 1) + "号";
    if (employer_names_.insert(name).second) return name;
  }
}

size_t Builder::AgencyEmployer(Rng& rng, CountyState& c) {
  const auto agencies = gen::PublicWelfareAgencies();
  const Agency& a = rng.WeightedPick(agencies, [](const Agency& x) { return x.weight; });
  const auto index = static_cast<size_t>(&a - agencies.data());
  const size_t town = a.per_town ? rng.Below(c.towns.size()) : kNoTown;
  const auto key = std::make_pair(index, town);
  if (auto it = c.agencies.find(key); it != c.agencies.end()) return it->second;

  Employer e;
  e.kind = EmployerKind::kPublicWelfare;
  e.region = c.county.code;
  e.name = c.county.name + (a.per_town ? c.towns[town].name : std::string()) + std::string(a.name);
  employer_names_.insert(e.name);
  const MicroPoint at = a.per_town ? gen::PointNear(rng, c.towns[town].at, 300)
                                   : gen::PointNear(rng, c.county.seat, 1500);
  e.location = gen::ToGeoPoint(at);
  e.id = "E" + e.region + "-" + Padded(++sequence_["E" + e.region], 5);
  out_.employers.push_back(std::move(e));
  employer_meta_.push_back({Market::kLocal, true, index, at});
  c.agencies.emplace(key, out_.employers.size() - 1);
  return out_.employers.size() - 1;
}

size_t Builder::EmployerFor(Rng& rng, CountyState& c, EmployerKind kind, Market market) {
  if (kind == EmployerKind::kPublicWelfare) return AgencyEmployer(rng, c);
  std::vector<size_t>* pool = nullptr;
  switch (market) {
    case Market::kWorkshop:
      pool = &c.own_employers[0];
      break;
    case Market::kCooperative:
      pool = &c.own_employers[1];
      break;
    case Market::kLocal:
      pool = &c.own_employers[2];
      break;
    case Market::kHunanCity:
      pool = &migrant_pool_[0];
      break;
    case Market::kGuangdong:
      pool = &migrant_pool_[1];
      break;
    case Market::kZhejiang:
      pool = &migrant_pool_[2];
      break;
  }
  // Reusing 60 % of the time gives about 2.5 postings per employer.
  if (!pool->empty() && rng.Chance(0.6)) return (*pool)[rng.Below(pool->size())];
  const size_t e = NewEmployer(rng, c, kind, market);
  pool->push_back(e);
  return e;
}

size_t Builder::NewEmployer(Rng& rng, CountyState& c, EmployerKind kind, Market market) {
  const auto lines = gen::LinesFor(market);
  const JobLine& line = rng.WeightedPick(lines, [](const JobLine& l) { return l.weight; });
  Employer e;
  e.kind = kind;
  MicroPoint at;
  std::string prefix;
  switch (market) {
    case Market::kWorkshop: {
      // Workshops sit at relocation sites, sometimes in a township centre.
      const Town& town = c.towns[rng.Below(c.towns.size())];
      at = rng.Chance(0.7) ? gen::PointNear(rng, c.sites[rng.Below(c.sites.size())].at, 600)
                           : gen::PointNear(rng, town.at, 1500);
      prefix = town.name;
      e.region = c.county.code;
      break;
    }
    case Market::kCooperative:
      at = gen::PointNear(rng, c.villages[rng.Below(c.villages.size())], 2000);
      prefix = c.county.name;
      e.region = c.county.code;
      break;
    case Market::kLocal: {
      const Town& town = rng.Chance(0.7) ? c.towns[0] : c.towns[rng.Below(c.towns.size())];
      at = gen::PointNear(rng, town.at, 2000);
      prefix = c.county.name;
      e.region = c.county.code;
      break;
    }
    case Market::kHunanCity:
    case Market::kGuangdong:
    case Market::kZhejiang: {
      const auto places = market == Market::kHunanCity   ? gen::HunanCityPlaces()
                          : market == Market::kGuangdong ? gen::GuangdongPlaces()
                                                         : gen::ZhejiangPlaces();
      const gen::Place& place = places[rng.Below(places.size())];
      at = gen::PointNear(rng, place.at, 15000);
      prefix = std::string(place.name);
      e.region = std::string(place.code);
      break;
    }
  }
  e.name = UniqueEmployerName(rng, prefix, line.product, line.suffix);
  e.location = gen::ToGeoPoint(at);
  e.id = "E" + e.region + "-" + Padded(++sequence_["E" + e.region], 5);
  out_.employers.push_back(std::move(e));
  employer_meta_.push_back({market, false, static_cast<size_t>(&line - lines.data()), at});
  return out_.employers.size() - 1;
}

void Builder::MakePosting(Rng& rng, CountyState& c) {
  const auto kind = DrawValue<EmployerKind>(rng, {{EmployerKind::kPublicWelfare, 14},
                                                  {EmployerKind::kWorkshop, 24},
                                                  {EmployerKind::kCooperative, 14},
                                                  {EmployerKind::kEnterprise, 48}});
  Market market = Market::kLocal;
  if (kind == EmployerKind::kWorkshop) market = Market::kWorkshop;
  if (kind == EmployerKind::kCooperative) market = Market::kCooperative;
  if (kind == EmployerKind::kEnterprise)
    market = DrawValue<Market>(rng, {{Market::kLocal, 48},
                                     {Market::kHunanCity, 20},
                                     {Market::kGuangdong, 22},
                                     {Market::kZhejiang, 10}});
  const size_t e = EmployerFor(rng, c, kind, market);
  const EmployerMeta meta = employer_meta_[e];
  const Employer& employer = out_.employers[e];
  const bool welfare = meta.agency;
  const bool migrant = meta.market == Market::kHunanCity || meta.market == Market::kGuangdong ||
                       meta.market == Market::kZhejiang;
  const JobLine* line = welfare ? nullptr : &gen::LinesFor(meta.market)[meta.line];
  const std::span<const JobShare> jobs =
      welfare ? gen::PublicWelfareAgencies()[meta.line].jobs : line->jobs;

  Posting p;
  p.id = "P" + employer.region + "-" + Padded(++sequence_["P" + employer.region], 6);
  p.employer = employer.id;
  p.occupation =
      std::string(rng.WeightedPick(jobs, [](const JobShare& j) { return j.weight; }).code);
  const std::string_view name = OccupationNameZh(p.occupation);

  // Contract length, then wage and hours, by kind of employer.
  if (welfare) {
    p.contract_months = DrawValue<int32_t>(rng, {{12, 70}, {6, 20}, {24, 10}});
  } else if (line->seasonal) {
    p.contract_months = DrawValue<int32_t>(rng, {{3, 55}, {6, 30}, {12, 15}});
  } else if (meta.market == Market::kWorkshop) {
    p.contract_months = DrawValue<int32_t>(rng, {{0, 35}, {12, 35}, {24, 15}, {6, 10}, {3, 5}});
  } else if (meta.market == Market::kCooperative) {
    p.contract_months = DrawValue<int32_t>(rng, {{0, 30}, {12, 40}, {6, 15}, {3, 15}});
  } else if (migrant) {
    p.contract_months = DrawValue<int32_t>(rng, {{12, 40}, {0, 25}, {24, 15}, {6, 10}, {3, 10}});
  } else {
    p.contract_months = DrawValue<int32_t>(rng, {{0, 40}, {12, 30}, {24, 10}, {6, 10}, {3, 10}});
  }
  const int wage_lo = welfare ? 1800 : line->wage_lo, wage_hi = welfare ? 2600 : line->wage_hi;
  p.monthly_wage = 100 * rng.Between(wage_lo / 100, wage_hi / 100);
  if (welfare) {
    p.hours = DrawValue<Hours>(rng, {{Hours::kFullTime, 70}, {Hours::kPartTime, 30}});
  } else if (line->home_work && meta.market == Market::kWorkshop) {
    p.hours = DrawValue<Hours>(
        rng, {{Hours::kFullTime, 45}, {Hours::kPartTime, 20}, {Hours::kHomeBased, 35}});
  } else if (line->home_work) {
    p.hours = DrawValue<Hours>(rng, {{Hours::kFullTime, 60}, {Hours::kPartTime, 40}});
  } else {
    p.hours = DrawValue<Hours>(rng, {{Hours::kFullTime, 92}, {Hours::kPartTime, 8}});
  }

  // Title: the occupation, named as the posts are usually advertised.
  std::string title(name);
  if (welfare) {
    if (p.occupation == "5-02-03-01")
      title = "生态护林员";
    else if (p.occupation == "4-09-08-01")
      title = employer.name.ends_with("人民政府") ? "村级保洁员" : "城区环卫保洁员";
    else if (p.occupation == "4-02-02-04")
      title = "农村公路养护员";
    else if (p.occupation == "4-07-05-01")
      title = "治安巡逻队员";
    title += "（公益性岗位）";
  } else if (p.contract_months == 3) {
    title += line->seasonal ? "（季节性）" : "（临时）";
  } else if (migrant && rng.Chance(0.6)) {
    title += "（包吃住）";
  } else if (meta.market == Market::kWorkshop && rng.Chance(0.5)) {
    title += "（可培训上岗）";
  }
  p.title = std::move(title);

  // Required skills: none for most welfare and workshop posts; trades that
  // need a certificate always ask for their own skill.
  static constexpr std::string_view kCertified[] = {"6-31-01-03", "6-18-02-04", "4-02-02-01",
                                                    "4-02-02-02", "6-30-05-01", "4-03-02-01",
                                                    "4-12-01-01", "6-05-01-01"};
  size_t n_req = welfare                            ? Draw(rng, {85, 15, 0})
                 : meta.market == Market::kWorkshop ? Draw(rng, {70, 25, 5})
                                                    : Draw(rng, {45, 40, 15});
  const bool certified =
      std::find(std::begin(kCertified), std::end(kCertified), p.occupation) != std::end(kCertified);
  if (certified && n_req == 0) n_req = 1;
  // The first requirement is the occupation itself or its family; a second
  // is a sister occupation of the same family in the same line of business
  // (缝纫工 with 裁剪工, 砌筑工 with 混凝土工), when there is one.
  if (n_req >= 1) {
    if (certified || rng.Chance(0.75))
      p.required_skills.push_back({p.occupation, 1 + static_cast<int>(Draw(rng, {50, 35, 15}))});
    else
      p.required_skills.push_back(
          {std::string(OccupationFamilyOf(p.occupation)), 1 + static_cast<int>(rng.Below(2))});
  }
  if (n_req >= 2 && p.required_skills.front().code == p.occupation) {
    std::vector<std::string_view> sisters;
    for (const JobShare& j : jobs)
      if (j.code != p.occupation && OccupationFamilyOf(j.code) == OccupationFamilyOf(p.occupation))
        sisters.push_back(j.code);
    if (!sisters.empty()) {
      std::string sister(sisters[rng.Below(sisters.size())]);
      const int level = 1 + static_cast<int>(rng.Below(2));
      p.required_skills.push_back({std::move(sister), level});
    }
  }

  // Slots: mostly a few; workshops, factories far away and township posts
  // take more at once (the larger of two draws).
  auto draw_slots = [&rng] {
    switch (Draw(rng, {530, 200, 100, 55, 45, 65, 18, 9})) {
      case 0:
        return 1;
      case 1:
        return 2;
      case 2:
        return 3;
      case 3:
        return 4;
      case 4:
        return 5;
      case 5:
        return static_cast<int>(rng.Between(6, 10));
      case 6:
        return static_cast<int>(rng.Between(11, 20));
      default:
        return static_cast<int>(rng.Between(21, 50));
    }
  };
  const bool big = meta.market == Market::kWorkshop || meta.market == Market::kGuangdong ||
                   meta.market == Market::kZhejiang || welfare;
  p.slots = draw_slots();
  if (big) p.slots = std::max(p.slots, draw_slots());

  MicroPoint at = meta.at;
  if ((welfare && rng.Chance(0.6)) || (!welfare && !migrant && rng.Chance(0.08))) {
    at = gen::PointNear(rng, meta.at, welfare ? 8000 : 5000);  // a village post or a branch
    p.location = gen::ToGeoPoint(at);
  }

  // Age limits where employers usually state them.
  using AgeTable = std::vector<std::pair<int32_t, int>>;
  double limit_share = 0.3;
  AgeTable max_ages = {{50, 40}, {55, 60}};
  int32_t min_age = 18;
  if (migrant) {
    limit_share = 0.7, max_ages = {{40, 30}, {45, 40}, {50, 30}};
  } else if (welfare) {
    limit_share = 0.5, max_ages = {{60, 70}, {65, 30}};
  } else if (p.occupation == "4-07-05-01") {
    limit_share = 0.6, max_ages = {{55, 70}, {60, 30}};
  } else if (meta.market == Market::kWorkshop) {
    limit_share = 0.2, min_age = 16, max_ages = {{55, 40}, {60, 60}};
  } else if (meta.market == Market::kCooperative) {
    limit_share = 0.15, max_ages = {{65, 1}};
  }
  if (rng.Chance(limit_share)) {
    p.age_min = min_age;
    p.age_max = DrawValue(rng, std::span<const std::pair<int32_t, int>>(max_ages));
  }
  p.open = rng.Chance(0.92);

  out_.postings.push_back(std::move(p));
  posting_at_.push_back(at);
  posting_employer_.push_back(e);
  posting_free_.push_back(out_.postings.back().slots);
}

void Builder::MakeTraining(Rng& rng, CountyState& c, size_t index) {
  Training t;
  t.id = "T" + c.county.code + "-" + Padded(index + 1, 4);
  static constexpr std::string_view kProviders[] = {"职业中等专业学校",
                                                    "人力资源和社会保障局职业技能培训中心",
                                                    "就业服务中心", "职业技术培训学校"};
  const size_t provider = Draw(rng, {35, 35, 15, 15});
  t.provider = c.county.name + std::string(kProviders[provider]);

  // Most courses teach what this county's postings ask for.
  std::string code;
  const size_t n_postings = out_.postings.size() - c.posting_begin;
  if (n_postings > 0 && rng.Chance(0.6)) {
    const Posting& p = out_.postings[c.posting_begin + rng.Below(n_postings)];
    code = p.required_skills.empty() ? p.occupation : p.required_skills.front().code;
  } else {
    code = DrawOccupation(rng, rng.Chance(0.5) ? Sex::kMale : Sex::kFemale);
  }
  if (!FindOccupation(code)) {  // a family: teach one of its occupations
    std::vector<std::string_view> members;
    for (const Occupation& o : OccupationCatalog())
      if (OccupationFamilyOf(o.code) == code) members.push_back(o.code);
    code = members.empty() ? std::string("6-05-01-03")
                           : std::string(members[rng.Below(members.size())]);
  }
  const int level = 1 + static_cast<int>(Draw(rng, {55, 30, 15}));
  static constexpr std::string_view kGrades[] = {"初级", "中级", "高级"};
  t.title =
      std::string(OccupationNameZh(code)) + "培训班（" + std::string(kGrades[level - 1]) + "）";
  if (rng.Chance(0.15)) t.title = "雨露计划·" + t.title;
  t.teaches.push_back({code, level});
  if (rng.Chance(0.25)) {  // a second, related skill from the same family
    std::vector<std::string_view> related;
    for (const Occupation& o : OccupationCatalog())
      if (o.code != code && OccupationFamilyOf(o.code) == OccupationFamilyOf(code))
        related.push_back(o.code);
    if (!related.empty()) t.teaches.push_back({std::string(related[rng.Below(related.size())]), 1});
  }
  t.seats = 10 + 5 * static_cast<int32_t>(rng.Below(11));
  t.region = c.county.code;
  const MicroPoint at = provider == 2
                            ? gen::PointNear(rng, c.towns[rng.Below(c.towns.size())].at, 1000)
                            : gen::PointNear(rng, c.county.seat, 4000);
  t.location = gen::ToGeoPoint(at);
  t.start_date = Date{today_.days + static_cast<int32_t>(rng.Between(7, 90))};
  t.end_date =
      Date{t.start_date.days + static_cast<int32_t>(rng.Between(5, 25) + int64_t{5} * level)};
  out_.trainings.push_back(std::move(t));
}

std::string Builder::NextPlacementId(const CountyState& c) {
  return "PL" + c.county.code + "-" + Padded(++sequence_["PL" + c.county.code], 7);
}

// True when `skills` meet `required` as hard rule 7 says: a skill whose code
// is the required code or lies in that family, at the level or above.
bool MeetsSkills(const std::vector<Skill>& skills, const std::vector<Skill>& required) {
  return std::all_of(required.begin(), required.end(), [&](const Skill& r) {
    return std::any_of(skills.begin(), skills.end(), [&](const Skill& s) {
      const bool code_ok =
          s.code == r.code || (s.code.size() > r.code.size() && s.code.starts_with(r.code) &&
                               s.code[r.code.size()] == '-');
      return code_ok && s.level >= r.level;
    });
  });
}

// A posting of this county the worker could hold by the hard rules (free
// slot, age, hours, wage, skills, wishes, place, public-welfare posts for
// registered-poor households; distance approximate), so that existing
// placements look like the matcher's own. Tries a few at random; nullopt
// when none fits.
std::optional<size_t> Builder::FindPostingFor(Rng& rng, const CountyState& c, size_t worker) {
  const size_t n = out_.postings.size() - c.posting_begin;
  if (n == 0) return std::nullopt;
  const Worker& w = out_.workers[worker];
  const Willingness& will = w.willingness;
  const WorkerMeta& wm = worker_meta_[worker];
  for (int attempt = 0; attempt < 150; ++attempt) {
    const size_t pi = c.posting_begin + rng.Below(n);
    const Posting& p = out_.postings[pi];
    const Employer& e = out_.employers[posting_employer_[pi]];
    if (posting_free_[pi] <= 0) continue;
    if ((p.age_min && wm.age < *p.age_min) || (p.age_max && wm.age > *p.age_max)) continue;
    if (std::find(will.hours.begin(), will.hours.end(), p.hours) == will.hours.end()) continue;
    if (p.monthly_wage < will.min_monthly_wage) continue;
    if (!MeetsSkills(w.skills, p.required_skills)) continue;
    if (!will.categories.empty() &&
        std::none_of(will.categories.begin(), will.categories.end(), [&](const std::string& cat) {
          return p.occupation == cat ||
                 (p.occupation.starts_with(cat) && p.occupation.size() > cat.size() &&
                  p.occupation[cat.size()] == '-');
        }))
      continue;
    if (e.kind == EmployerKind::kPublicWelfare && !wm.registered_poor) continue;
    const std::string_view region = e.region;
    const bool same_county = region == c.county.code;
    const bool same_province = region.substr(0, 2) == std::string_view(c.county.code).substr(0, 2);
    const bool near = gen::ApproxDistanceM(wm.home, posting_at_[pi]) <=
                      static_cast<int64_t>(will.max_commute_km) * 1000;
    const bool place_ok = near || (!same_county && same_province && will.leave_county) ||
                          (!same_province && will.leave_province);
    if (!place_ok) continue;
    return pi;
  }
  return std::nullopt;
}

void Builder::MakePlacements(Rng& rng, CountyState& c) {
  const size_t n_postings = out_.postings.size() - c.posting_begin;
  const int32_t today = today_.days;
  for (size_t wi = c.worker_begin; wi < out_.workers.size(); ++wi) {
    const Worker& w = out_.workers[wi];
    if (!w.willingness.wants_work || w.labor_ability == LaborAbility::kNone) continue;
    const bool has_active = rng.Chance(opts_.placed_share);
    const bool has_ended = rng.Chance(0.12);
    if (!has_active && !has_ended) continue;

    Placement active;
    if (has_active) {
      active.worker = w.id;
      active.kind = DrawValue<PlacementKind>(rng, {{PlacementKind::kMatched, 40},
                                                   {PlacementKind::kMigrant, 28},
                                                   {PlacementKind::kSelfFound, 18},
                                                   {PlacementKind::kSelfEmployed, 14}});
      if (active.kind == PlacementKind::kMigrant && !w.willingness.leave_county &&
          !w.willingness.leave_province)
        active.kind = PlacementKind::kSelfFound;
      int32_t months = 0;
      if (active.kind == PlacementKind::kMatched) {
        if (const auto pi = FindPostingFor(rng, c, wi)) {
          active.posting = out_.postings[*pi].id;
          months = out_.postings[*pi].contract_months;
          --posting_free_[*pi];
        } else {
          active.kind = PlacementKind::kSelfFound;
        }
      }
      if (active.kind == PlacementKind::kSelfEmployed)
        months = DrawValue<int32_t>(rng, {{0, 70}, {12, 30}});
      else if (active.kind != PlacementKind::kMatched)
        months = DrawValue<int32_t>(rng, {{0, 30}, {3, 20}, {6, 20}, {12, 30}});
      active.expected_months = months;
      // Mostly still within the expected term; some past it with no record
      // of an end (the monitor shows those as at risk).
      int32_t earliest = today - 365;
      if (months > 0 && rng.Chance(0.85))
        earliest = std::max(earliest, AddMonthsClamped(today_, -months).days + 1);
      active.start_date = Date{static_cast<int32_t>(rng.Between(earliest, today - 1))};
      if (rng.Chance(0.05))
        active.end_date = Date{today + static_cast<int32_t>(rng.Between(1, 30))};
      active.status = PlacementStatus::kActive;
    }
    if (has_ended) {
      // An earlier job, over before the current one began.
      const int32_t limit = has_active ? active.start_date.days : today;
      const int32_t earliest = today - 365;
      if (limit - earliest >= 3) {
        Placement ended;
        ended.id = NextPlacementId(c);
        ended.worker = w.id;
        ended.kind = DrawValue<PlacementKind>(rng, {{PlacementKind::kMatched, 35},
                                                    {PlacementKind::kMigrant, 25},
                                                    {PlacementKind::kSelfFound, 30},
                                                    {PlacementKind::kSelfEmployed, 10}});
        if (ended.kind == PlacementKind::kMatched) {
          if (n_postings > 0)
            ended.posting = out_.postings[c.posting_begin + rng.Below(n_postings)].id;
          else
            ended.kind = PlacementKind::kSelfFound;
        }
        ended.expected_months = DrawValue<int32_t>(rng, {{0, 20}, {3, 35}, {6, 25}, {12, 20}});
        const auto end = static_cast<int32_t>(rng.Between(earliest + 1, limit - 1));
        ended.start_date =
            Date{static_cast<int32_t>(rng.Between(std::max(earliest, end - 300), end - 1))};
        ended.end_date = Date{end};
        ended.status = PlacementStatus::kEnded;
        ended.end_reason = std::string(kEndReasons[rng.Below(std::size(kEndReasons))]);
        out_.placements.push_back(std::move(ended));
      }
    }
    if (has_active) {
      active.id = NextPlacementId(c);
      out_.placements.push_back(std::move(active));
    }
  }
}

}  // namespace

GeneratorOptions DemoOptions(uint64_t seed, Date today) {
  GeneratorOptions o;
  o.seed = seed;
  o.today = today;
  o.counties = {"430523"};
  o.households = 300;
  return o;
}

GeneratorOptions CountyOptions(uint64_t seed, Date today) {
  GeneratorOptions o;
  o.seed = seed;
  o.today = today;
  o.counties = {"430523"};
  o.households = 13636;  // x 2.2 workers = 30 000
  o.postings = 3000;
  return o;
}

GeneratorOptions ProvinceOptions(uint64_t seed, Date today) {
  GeneratorOptions o;
  o.seed = seed;
  o.today = today;
  // Counties of the Wuling and Luoxiao mountain areas, where most relocation
  // happened: Shaoyang, Huaihua, Xiangxi, Zhangjiajie, Yiyang, Loudi.
  o.counties = {"430523", "430524", "430525", "430529", "430822", "430923", "431224",
                "431226", "431228", "431322", "433123", "433124", "433127", "433130"};
  o.households = 136364;  // x 2.2 workers = 300 000
  o.postings = 30000;
  return o;
}

GeneratedRegister Generate(const GeneratorOptions& opts) { return Builder(opts).Run(); }

}  // namespace leye
