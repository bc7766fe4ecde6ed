// Guarantee status for one date, computed from the raw records in a few
// linear passes rather than household by household, because a province
// (300 000 households, 660 000 workers) must take well under a second and the
// monitor recomputes it for every date asked (snapshots, history, sweeps):
//   1. households sorted by id (skipped when already sorted, as the register
//      hands them over); postings resolved to their employer's kind;
//   2. the placements active on the date kept and hashed by worker id — the
//      others can change nothing, and they are few beside the workers;
//   3. one pass over the workers finds each one's household (the cursor of
//      the previous worker first, a hash only when that misses), attaches
//      the active placements to households and marks the households with an
//      able member who wants work or works;
//   4. the active placements grouped by household in one flat CSR array, and
//      one pass over the households decides each status with HouseholdWorkOn
//      (the matcher's own rule) and counts it in its site, county and total.
// PERF NOTES: ids are hashed as string_views into the caller's records, never
// copied, in flat open-addressing tables (IdIndex); the only per-household
// allocations are the report's own strings. With shuffled input the cost is
// cache misses (a random worker, its household, its table slot): about 3x.
// Figures: docs/BENCHMARKS.md, "Guarantee status".
#include "matcher/guarantee.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "matcher/placement_rules.h"

namespace leye {

namespace {

constexpr std::array<std::pair<GuaranteeStatus, std::string_view>, 4> kStatusNames = {{
    {GuaranteeStatus::kCovered, "covered"},
    {GuaranteeStatus::kAtRisk, "at_risk"},
    {GuaranteeStatus::kUncovered, "uncovered"},
    {GuaranteeStatus::kNotEligible, "not_eligible"},
}};
constexpr std::array<std::pair<NotEligibleReason, std::string_view>, 2> kReasonNames = {{
    {NotEligibleReason::kNotRelocated, "not_relocated"},
    {NotEligibleReason::kNoAbleWillingMember, "no_able_willing_member"},
}};

// Ids to positions. An open-addressing table of (hash, position) pairs in
// one flat array: a lookup is one probe into the table plus one string
// comparison against the record's own id, where std::unordered_map costs a
// node allocation per entry and a pointer chase per probe (with it a
// province took over a second). Equal ids are chained: Find gives the first
// position, Next the following ones.
class IdIndex {
 public:
  // `id_of(i)` gives the id of position i, 0 <= i < n; it must stay valid.
  template <typename IdOf>
  IdIndex(size_t n, IdOf id_of) : next_(n, -1) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    mask_ = cap - 1;
    slots_.assign(cap, 0);
    ids_.reserve(n);
    std::vector<int32_t> last;  // last position of a chain, by its first; only built on a duplicate
    for (size_t i = 0; i < n; ++i) {
      ids_.push_back(id_of(i));
      const uint64_t h = Hash(ids_.back());
      size_t at = h & mask_;
      for (; slots_[at] != 0; at = (at + 1) & mask_) {
        const size_t first = Pos(slots_[at]);
        if (Tag(slots_[at]) != Tag(h << 32) || ids_[first] != ids_.back()) continue;
        if (last.empty()) {
          last.resize(n);
          for (size_t k = 0; k < n; ++k) last[k] = static_cast<int32_t>(k);
        }
        next_[last[first]] = static_cast<int32_t>(i);
        last[first] = static_cast<int32_t>(i);
        break;
      }
      if (slots_[at] == 0) slots_[at] = (h << 32) | (i + 1);
    }
  }

  // The first position of `id`, or -1.
  [[nodiscard]] int32_t Find(std::string_view id) const {
    const uint64_t h = Hash(id);
    for (size_t at = h & mask_; slots_[at] != 0; at = (at + 1) & mask_)
      if (Tag(slots_[at]) == Tag(h << 32) && ids_[Pos(slots_[at])] == id) return static_cast<int32_t>(Pos(slots_[at]));
    return -1;
  }
  // The next position with the same id as `pos`, or -1.
  [[nodiscard]] int32_t Next(int32_t pos) const { return next_[pos]; }

 private:
  // 8 bytes at a time; ids are short ASCII, so quality matters less than speed.
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t chunk;
      std::memcpy(&chunk, s.data() + i, 8);
      h = (h ^ chunk) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    uint64_t tail = 0;
    if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
  }
  static uint64_t Tag(uint64_t slot) { return slot >> 32; }
  static size_t Pos(uint64_t slot) { return static_cast<size_t>(slot & 0xFFFFFFFFull) - 1; }

  std::vector<std::string_view> ids_;
  std::vector<int32_t> next_;
  std::vector<uint64_t> slots_;  // 0 = empty, else hash's low 32 bits << 32 | (position + 1)
  size_t mask_ = 0;
};

struct PairHash {
  size_t operator()(const std::pair<std::string_view, std::string_view>& k) const {
    return std::hash<std::string_view>{}(k.first) * 31 + std::hash<std::string_view>{}(k.second);
  }
};

// What a worker placed on d is counted as (PlacedCounts' fields).
enum class PlacedAs : int8_t {
  kWorkshop, kPublicWelfare, kEnterprise, kCooperative,
  kSelfFound, kSelfEmployed, kMigrant, kUnknownEmployer,
};

PlacedAs FromEmployerKind(EmployerKind k) {
  switch (k) {
    case EmployerKind::kWorkshop: return PlacedAs::kWorkshop;
    case EmployerKind::kPublicWelfare: return PlacedAs::kPublicWelfare;
    case EmployerKind::kEnterprise: return PlacedAs::kEnterprise;
    case EmployerKind::kCooperative: return PlacedAs::kCooperative;
  }
  return PlacedAs::kUnknownEmployer;
}

void Add(PlacedCounts& c, PlacedAs as) {
  switch (as) {
    case PlacedAs::kWorkshop: ++c.workshop; break;
    case PlacedAs::kPublicWelfare: ++c.public_welfare; break;
    case PlacedAs::kEnterprise: ++c.enterprise; break;
    case PlacedAs::kCooperative: ++c.cooperative; break;
    case PlacedAs::kSelfFound: ++c.self_found; break;
    case PlacedAs::kSelfEmployed: ++c.self_employed; break;
    case PlacedAs::kMigrant: ++c.migrant; break;
    case PlacedAs::kUnknownEmployer: ++c.unknown_employer; break;
  }
}

void Add(SiteSummary& s, GuaranteeStatus status, NotEligibleReason reason) {
  ++s.households;
  switch (status) {
    case GuaranteeStatus::kCovered: ++s.covered; break;
    case GuaranteeStatus::kAtRisk: ++s.at_risk; break;
    case GuaranteeStatus::kUncovered: ++s.uncovered; break;
    case GuaranteeStatus::kNotEligible:
      ++s.not_eligible;
      if (reason == NotEligibleReason::kNotRelocated) ++s.not_relocated;
      if (reason == NotEligibleReason::kNoAbleWillingMember) ++s.no_able_willing_member;
      break;
  }
}

void Finish(SiteSummary& s) {
  s.eligible = s.covered + s.at_risk + s.uncovered;
  if (s.eligible > 0) s.coverage_rate = static_cast<double>(s.covered) / static_cast<double>(s.eligible);
}

bool IsAble(const Worker& w) {
  return w.labor_ability == LaborAbility::kFull || w.labor_ability == LaborAbility::kWeak;
}

// The placement a worker with several active ones is counted by: the latest
// start, ties the smaller id (PlacementBook::ActiveOf's choice).
bool CountsBefore(const Placement& a, const Placement& b) {
  if (a.start_date != b.start_date) return a.start_date > b.start_date;
  return a.id < b.id;
}

}  // namespace

std::string_view ToString(GuaranteeStatus s) {
  for (const auto& [v, name] : kStatusNames)
    if (v == s) return name;
  return "";
}

std::string_view ToString(NotEligibleReason r) {
  for (const auto& [v, name] : kReasonNames)
    if (v == r) return name;
  return "";
}

std::optional<GuaranteeStatus> ParseGuaranteeStatus(std::string_view s) {
  for (const auto& [v, name] : kStatusNames)
    if (name == s) return v;
  return std::nullopt;
}

std::optional<NotEligibleReason> ParseNotEligibleReason(std::string_view s) {
  for (const auto& [v, name] : kReasonNames)
    if (name == s) return v;
  return std::nullopt;
}

GuaranteeReport ComputeGuarantee(const GuaranteeInput& in) {
  const Date d = in.date;
  const PolicyConfig& policy = in.policy;

  // 1. Records by id.
  std::vector<const Household*> households = in.households;
  const auto by_id = [](const auto* a, const auto* b) { return a->id < b->id; };
  if (!std::is_sorted(households.begin(), households.end(), by_id))
    std::sort(households.begin(), households.end(), by_id);
  const auto nh = static_cast<int32_t>(households.size());
  // Workers usually come grouped by household in household order (the
  // register lists them by id, and a worker's id most often extends its
  // household's), so the previous worker's household and the few after it
  // are tried before hashing. In input of any other order those tries only
  // cost cache misses: a score of recent hits turns them off (and on again).
  // The hash is built on first need: with grouped input it never is.
  std::optional<IdIndex> household_index;
  int32_t near = 0;  // the previous worker's household
  int32_t near_score = 0;  // > -kNearOff: try near first
  constexpr int32_t kNearOff = 16;
  const auto find_household = [&](const std::string& id) -> int32_t {
    int32_t h = -1;
    if (near_score > -kNearOff)
      for (int32_t k = near; k < nh && k < near + 4 && h < 0; ++k)
        if (households[k]->id == id) h = k;
    if (h < 0) {
      if (!household_index)
        household_index.emplace(households.size(), [&](size_t k) -> std::string_view { return households[k]->id; });
      h = household_index->Find(id);
    }
    const bool hit = h >= near && h < near + 4;
    near_score = std::clamp(near_score + (hit ? 1 : -1), -kNearOff, kNearOff);
    if (h >= 0) near = h;
    return h;
  };

  const IdIndex employer_index(in.employers.size(), [&](size_t e) -> std::string_view { return in.employers[e]->id; });
  const IdIndex posting_index(in.postings.size(), [&](size_t p) -> std::string_view { return in.postings[p]->id; });
  std::vector<PlacedAs> posting_as(in.postings.size(), PlacedAs::kUnknownEmployer);
  for (size_t p = 0; p < in.postings.size(); ++p)
    if (const int32_t e = employer_index.Find(in.postings[p]->employer); e >= 0)
      posting_as[p] = FromEmployerKind(in.employers[e]->kind);

  // 2. The placements active on d, by worker id. Only these can change a
  // status, and they are few beside the workers, so the workers are looked
  // up in them rather than the other way round.
  std::vector<const Placement*> active;
  for (const Placement* p : in.placements)
    if (IsActiveOn(*p, d)) active.push_back(p);
  const IdIndex active_by_worker(active.size(), [&](size_t i) -> std::string_view { return active[i]->worker; });

  // 3. One pass over the workers: each one's household, the household of
  // each active placement, each placed worker's counted placement, and the
  // households with an able member who wants work or works on d.
  std::vector<int32_t> active_household(active.size(), -1);
  std::vector<std::pair<int32_t, const Placement*>> placed;  // (household, counted placement)
  placed.reserve(active.size());
  std::vector<char> able_willing(nh, 0);
  for (const Worker* worker : in.workers) {
    const Worker& wk = *worker;
    const int32_t h = find_household(wk.household);
    if (h < 0) continue;
    const Placement* counted = nullptr;
    for (int32_t i = active_by_worker.Find(wk.id); i >= 0; i = active_by_worker.Next(i)) {
      active_household[i] = h;
      if (!counted || CountsBefore(*active[i], *counted)) counted = active[i];
    }
    if (counted) placed.emplace_back(h, counted);
    if (IsAble(wk) && (wk.willingness.wants_work || counted)) able_willing[h] = 1;
  }

  // 4. The active placements grouped by household (CSR: count, prefix sum, fill).
  std::vector<int32_t> begin(nh + 1, 0);
  for (int32_t h : active_household)
    if (h >= 0) ++begin[h + 1];
  for (int32_t h = 0; h < nh; ++h) begin[h + 1] += begin[h];
  std::vector<const Placement*> of_household(begin[nh]);
  {
    std::vector<int32_t> fill(begin.begin(), begin.end() - 1);
    for (size_t i = 0; i < active.size(); ++i)
      if (active_household[i] >= 0) of_household[fill[active_household[i]]++] = active[i];
  }

  // Summary rows in first-seen order, sorted once counted. Hashed: a
  // std::map here cost more than all the statuses together.
  GuaranteeReport report;
  report.date = d;
  std::unordered_map<std::pair<std::string_view, std::string_view>, int32_t, PairHash> site_rows;
  std::unordered_map<std::string_view, int32_t> region_rows;
  const auto row_of = [](auto& rows_index, const auto& key, std::vector<SiteSummary>& rows, std::string_view site,
                         std::string_view region) {
    const auto [it, inserted] = rows_index.try_emplace(key, static_cast<int32_t>(rows.size()));
    if (inserted) {
      rows.emplace_back().site = site;
      rows.back().region = region;
    }
    return it->second;
  };
  std::vector<int32_t> site_of(nh, -1), region_of(nh, -1);

  // 5. Statuses.
  report.households.resize(households.size());
  for (int32_t h = 0; h < nh; ++h) {
    const Household& hh = *households[h];
    HouseholdStatus& out = report.households[h];
    out.household = hh.id;
    out.site = hh.site;
    out.region = hh.region;
    const std::span<const Placement* const> placements(of_household.data() + begin[h],
                                                       of_household.data() + begin[h + 1]);
    if (!hh.relocated) {
      out.status = GuaranteeStatus::kNotEligible;
      out.not_eligible_reason = NotEligibleReason::kNotRelocated;
    } else if (!able_willing[h]) {
      out.status = GuaranteeStatus::kNotEligible;
      out.not_eligible_reason = NotEligibleReason::kNoAbleWillingMember;
    } else {
      switch (HouseholdWorkOn(placements, d, policy)) {
        case HouseholdWork::kSteady:
          out.status = GuaranteeStatus::kCovered;
          for (const Placement* p : placements)
            if (GivesSteadyWorkOn(*p, d, policy)) out.evidence.push_back(p->id);
          break;
        case HouseholdWork::kAtRisk:
          out.status = GuaranteeStatus::kAtRisk;
          for (const Placement* p : placements) {
            if (!IsActiveOn(*p, d) || !IsSteadyPlacement(*p, policy)) continue;
            out.evidence.push_back(p->id);
            const std::optional<Date> end = PlacementEnd(*p);
            if (end && (!out.risk_end || *end < *out.risk_end)) out.risk_end = end;
          }
          break;
        case HouseholdWork::kNone:
          out.status = GuaranteeStatus::kUncovered;
          break;
      }
      std::sort(out.evidence.begin(), out.evidence.end());
    }
    region_of[h] = h > 0 && households[h - 1]->region == hh.region  // ids often share their county
                       ? region_of[h - 1]
                       : row_of(region_rows, std::string_view(hh.region), report.regions, "", hh.region);
    Add(report.regions[region_of[h]], out.status, out.not_eligible_reason);
    Add(report.total, out.status, out.not_eligible_reason);
    if (hh.relocated) {
      site_of[h] = row_of(site_rows, std::pair<std::string_view, std::string_view>(hh.site, hh.region), report.sites,
                          hh.site, hh.region);
      Add(report.sites[site_of[h]], out.status, out.not_eligible_reason);
    }
  }

  // Workers placed, by kind of work.
  for (const auto& [h, p] : placed) {
    PlacedAs as = PlacedAs::kUnknownEmployer;
    switch (p->kind) {
      case PlacementKind::kMatched:
        if (p->posting)
          if (const int32_t q = posting_index.Find(*p->posting); q >= 0) as = posting_as[q];
        break;
      case PlacementKind::kSelfFound: as = PlacedAs::kSelfFound; break;
      case PlacementKind::kSelfEmployed: as = PlacedAs::kSelfEmployed; break;
      case PlacementKind::kMigrant: as = PlacedAs::kMigrant; break;
    }
    Add(report.total.placed, as);
    Add(report.regions[region_of[h]].placed, as);
    if (site_of[h] >= 0) Add(report.sites[site_of[h]].placed, as);
  }

  const auto by_site_region = [](const SiteSummary& a, const SiteSummary& b) {
    return std::tie(a.site, a.region) < std::tie(b.site, b.region);
  };
  std::sort(report.sites.begin(), report.sites.end(), by_site_region);
  std::sort(report.regions.begin(), report.regions.end(), by_site_region);
  for (SiteSummary& s : report.sites) Finish(s);
  for (SiteSummary& s : report.regions) Finish(s);
  Finish(report.total);
  return report;
}

std::vector<StatusChange> DiffStatuses(const GuaranteeReport& before, const GuaranteeReport& after) {
  std::vector<StatusChange> out;
  auto b = before.households.begin();
  auto a = after.households.begin();
  while (b != before.households.end() || a != after.households.end()) {
    if (a == after.households.end() || (b != before.households.end() && b->household < a->household)) {
      out.push_back({b->household, b->status, std::nullopt});
      ++b;
    } else if (b == before.households.end() || a->household < b->household) {
      out.push_back({a->household, std::nullopt, a->status});
      ++a;
    } else {
      if (b->status != a->status) out.push_back({a->household, b->status, a->status});
      ++b;
      ++a;
    }
  }
  return out;
}

}  // namespace leye
