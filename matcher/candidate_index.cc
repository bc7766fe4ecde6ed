// Grid cells are 0.05 degrees (about 5.5 km north-south): a commute radius
// touches a band of rows of cells, each row one binary search in a vector
// sorted by (family, row, column). Postings sit once per family prefix of
// their occupation ("6", "6-05", "6-05-01", ...), so a worker's wishes look up
// exactly the postings rule 8 accepts. Plain sorted vectors: built once per
// run, cache-friendly, no per-node allocation.
//
// PERF NOTE: a worker willing to work in any county of the province with no
// wishes could take tens of thousands of postings; only the K best by fit are
// kept, and the bounds (nearest rows first, far lists by falling wage) stop
// the scan once nothing left can beat the K-th best. Cheap integer tests
// (hours, wage, age, public welfare) run before FirstBrokenRule, which still
// decides every pair that is kept.
#include "matcher/candidate_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "matcher/fit_score.h"
#include "matcher/geo.h"

namespace leye {

namespace {

constexpr double kCellDeg = 0.05;
constexpr int32_t kCols = 7200;  // 360 / kCellDeg
constexpr int32_t kRows = 3600;
constexpr double kKmPerDeg = kEarthRadiusKm * 3.14159265358979323846 / 180.0;
constexpr int32_t kNoAgeBound = std::numeric_limits<int32_t>::min();

int32_t Row(double lat) { return std::clamp(static_cast<int32_t>(std::floor((lat + 90) / kCellDeg)), 0, kRows - 1); }
int32_t Col(double lng) { return std::clamp(static_cast<int32_t>(std::floor((lng + 180) / kCellDeg)), 0, kCols - 1); }
int64_t Key(int32_t family, int32_t row, int32_t col) {
  return (static_cast<int64_t>(family) << 26) | (static_cast<int64_t>(row) << 13) | col;
}
int32_t Digits(std::string_view s, size_t n) {
  if (s.size() < n) return -1;
  int32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
int32_t Province(std::string_view region) { return Digits(region, 2); }

// The "-"-delimited prefixes of an occupation code, itself included.
std::vector<std::string> Families(const std::string& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i < code.size(); ++i)
    if (code[i] == '-') out.push_back(code.substr(0, i));
  out.push_back(code);
  return out;
}

bool GridLess(const auto& a, const auto& b) { return a.key != b.key ? a.key < b.key : a.posting < b.posting; }
bool ListLess(const auto& a, const auto& b) {
  if (a.province != b.province) return a.province < b.province;
  if (a.wage != b.wage) return a.wage > b.wage;
  return a.rank < b.rank;
}

bool RankLess(const auto& a, const auto& b) {
  return a.province != b.province ? a.province < b.province : a.rank < b.rank;
}

uint8_t HoursBit(Hours h) { return static_cast<uint8_t>(1u << static_cast<int>(h)); }

void UnitVector(const GeoPoint& g, double* out) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  out[0] = std::cos(g.lat * kRad) * std::cos(g.lng * kRad);
  out[1] = std::cos(g.lat * kRad) * std::sin(g.lng * kRad);
  out[2] = std::sin(g.lat * kRad);
}

}  // namespace

CandidateIndex::CandidateIndex(const IndexedProblem& ip) : ip_(ip) {
  family_id_.emplace("", 0);
  for (int32_t p = 0; p < ip.num_postings(); ++p) Insert(p, false);
  for (int s = 0; s < 3; ++s) {
    std::sort(grid_[s].begin(), grid_[s].end(), [](const GridEntry& a, const GridEntry& b) { return GridLess(a, b); });
    for (auto& l : lists_[s])
      std::sort(l.begin(), l.end(), [](const ListEntry& a, const ListEntry& b) { return ListLess(a, b); });
    for (auto& l : rank_lists_[s])
      std::sort(l.begin(), l.end(), [](const ListEntry& a, const ListEntry& b) { return RankLess(a, b); });
  }
  for (int32_t w = 0; w < ip.num_workers(); ++w) {
    if (!ip.Available(w)) continue;
    const Worker& wk = ip.worker(w);
    worker_grid_.push_back({Key(0, Row(wk.location.lat), Col(wk.location.lng)), w});
    max_commute_km_ = std::max(max_commute_km_, wk.willingness.max_commute_km);
    if (!wk.willingness.leave_county && !wk.willingness.leave_province) continue;
    if (wk.willingness.categories.empty()) away_any_category_.push_back(w);
    for (const std::string& c : wk.willingness.categories) away_by_category_[c].push_back(w);
  }
  std::sort(worker_grid_.begin(), worker_grid_.end(), [](const GridEntry& a, const GridEntry& b) { return GridLess(a, b); });
}

int32_t CandidateIndex::FamilyId(const std::string& code) const {
  auto it = family_id_.find(code);
  return it == family_id_.end() ? -1 : it->second;
}

void CandidateIndex::Facts(int32_t p) {
  const Posting& post = ip_.posting(p);
  if (static_cast<int32_t>(wage_.size()) <= p) {
    hours_bit_.resize(p + 1);
    public_welfare_.resize(p + 1);
    wage_.resize(p + 1);
    age_lo_.resize(p + 1);
    age_hi_.resize(p + 1);
    county_.resize(p + 1);
    province_.resize(p + 1);
    unit_.resize(3 * static_cast<size_t>(p + 1));
    req_.resize(p + 1);
  }
  UnitVector(ip_.Location(p), &unit_[3 * static_cast<size_t>(p)]);
  req_[p].clear();
  for (const Skill& r : post.required_skills) {
    auto [it, fresh] = family_id_.emplace(r.code, static_cast<int32_t>(family_id_.size()));
    req_[p].emplace_back(it->second, r.level);
  }
  const Employer& e = ip_.employer(ip_.EmployerOf(p));
  hours_bit_[p] = HoursBit(post.hours);
  public_welfare_[p] = e.kind == EmployerKind::kPublicWelfare;
  wage_[p] = post.monthly_wage;
  age_lo_[p] = post.age_min ? *post.age_min : kNoAgeBound;
  age_hi_[p] = post.age_max ? *post.age_max : std::numeric_limits<int32_t>::max();
  county_[p] = Digits(e.region, 6);
  province_[p] = Province(e.region);
}

void CandidateIndex::Insert(int32_t p, bool sorted_insert) {
  Facts(p);
  const Posting& post = ip_.posting(p);
  const GeoPoint& at = ip_.Location(p);
  const int32_t row = Row(at.lat), col = Col(at.lng);
  const int32_t prov = Province(ip_.employer(ip_.EmployerOf(p)).region);
  std::vector<int32_t> fams = {0};
  for (const std::string& f : Families(post.occupation)) {
    auto [it, fresh] = family_id_.emplace(f, static_cast<int32_t>(family_id_.size()));
    fams.push_back(it->second);
  }
  std::vector<int32_t> req_fams;
  for (const auto& [fam, level] : req_[p]) req_fams.push_back(fam);
  const int32_t own = fams.back();  // the occupation's own code
  for (int s = 0; s < 3; ++s) {
    if (s != kAll && (!ip_.Offered(p) || ip_.Steady(p) != (s == kSteady))) continue;
    const size_t need = family_id_.size();
    if (lists_[s].size() < need) {
      lists_[s].resize(need);
      rank_lists_[s].resize(need);
      exact_lists_[s].resize(need);
      req_lists_[s].resize(need);
    }
    exact_lists_[s][own].push_back(p);
    for (int32_t f : req_fams) req_lists_[s][f].push_back(p);
    for (int32_t f : fams) {
      const GridEntry g{Key(f, row, col), p};
      const ListEntry l{prov, post.monthly_wage, ip_.PostingRank(p), p};
      if (!sorted_insert) {
        grid_[s].push_back(g);
        lists_[s][f].push_back(l);
        rank_lists_[s][f].push_back(l);
        continue;
      }
      grid_[s].insert(std::upper_bound(grid_[s].begin(), grid_[s].end(), g,
                                       [](const GridEntry& a, const GridEntry& b) { return GridLess(a, b); }),
                      g);
      // Ranks of older postings may have moved up by one: refresh, then place.
      for (auto* lists : {&lists_[s][f], &rank_lists_[s][f]})
        for (ListEntry& e : *lists) e.rank = ip_.PostingRank(e.posting);
      auto& list = lists_[s][f];
      list.insert(std::upper_bound(list.begin(), list.end(), l,
                                   [](const ListEntry& a, const ListEntry& b) { return ListLess(a, b); }),
                  l);
      auto& by_rank = rank_lists_[s][f];
      by_rank.insert(std::upper_bound(by_rank.begin(), by_rank.end(), l,
                                      [](const ListEntry& a, const ListEntry& b) { return RankLess(a, b); }),
                     l);
    }
  }
}

void CandidateIndex::AddPosting(int32_t p) { Insert(p, true); }

// Calls f(posting, row_min_km) for the postings of `family` in grid `set`
// whose cell lies in the band of rows and columns the radius touches, rows
// nearest `at` first; row_min_km is a lower bound of the distance to any
// point of the row. f returns false to stop (every later row is farther).
template <typename F>
void CandidateIndex::ScanGrid(int set, int32_t family, const GeoPoint& at, double radius_km, F&& f) const {
  const std::vector<GridEntry>& grid = set < 0 ? worker_grid_ : grid_[set];
  const double dlat = std::max(0.0, radius_km) / kKmPerDeg + kCellDeg;
  const double lat0 = std::max(-90.0, at.lat - dlat), lat1 = std::min(90.0, at.lat + dlat);
  const double far = std::max(std::abs(lat0), std::abs(lat1));
  int32_t c0 = 0, c1 = kCols - 1;
  if (far < 89.0) {
    const double dlng = std::max(0.0, radius_km) / (kKmPerDeg * std::cos(far * 3.14159265358979323846 / 180.0)) + kCellDeg;
    if (dlng < 180.0) {
      c0 = Col(at.lng - dlng);
      c1 = Col(at.lng + dlng);
    }
  }
  const int32_t r0 = Row(lat0), r1 = Row(lat1), home = Row(at.lat);
  for (int32_t step = 0; home - step >= r0 || home + step <= r1; ++step) {
    for (int32_t r : {home - step, home + step}) {
      if (r < r0 || r > r1) continue;
      // Row r spans latitudes [r, r + 1) * kCellDeg - 90; one cell less for rounding.
      const double near_edge = r < home ? (r + 1) * kCellDeg - 90 : r * kCellDeg - 90;
      const double row_min_km = r == home ? 0 : std::max(0.0, (std::abs(near_edge - at.lat) - kCellDeg) * kKmPerDeg);
      const int64_t lo = Key(family, r, c0), hi = Key(family, r, c1);
      auto it = std::lower_bound(grid.begin(), grid.end(), lo, [](const GridEntry& e, int64_t k) { return e.key < k; });
      for (; it != grid.end() && it->key <= hi; ++it)
        if (!f(it->posting, row_min_km)) return;
      if (step == 0) break;
    }
  }
}

template <typename F>
void CandidateIndex::ScanWorkerPostings(int32_t w, int set, double radius_km, bool away, F&& f) const {
  const Worker& wk = ip_.worker(w);
  const Willingness& wl = wk.willingness;
  std::vector<int32_t> fams;
  if (wl.categories.empty()) {
    fams.push_back(0);
  } else {
    for (const std::string& c : wl.categories)
      if (const int32_t id = FamilyId(c); id >= 0) fams.push_back(id);
  }
  for (int32_t fam : fams) ScanGrid(set, fam, wk.location, radius_km, [&](int32_t p, double) { f(p); return true; });
  if (!away || (!wl.leave_county && !wl.leave_province)) return;
  const std::string& home = ip_.household(ip_.HouseholdOf(w)).region;
  const int32_t prov = Province(home);
  for (int32_t fam : fams) {
    if (fam >= static_cast<int32_t>(lists_[set].size())) continue;
    for (const ListEntry& e : lists_[set][fam]) {
      const bool same_province = e.province == prov;
      if (same_province ? (wl.leave_county && ip_.employer(ip_.EmployerOf(e.posting)).region != home)
                        : wl.leave_province)
        f(e.posting);
    }
  }
}

bool CandidateIndex::Find(int32_t w, bool steady, int32_t k, std::vector<Candidate>* out, Scratch* s) const {
  out->clear();
  if (!ip_.Available(w) || k <= 0) return false;
  if (s->stamp.size() < static_cast<size_t>(ip_.num_postings())) s->stamp.resize(ip_.num_postings(), 0);
  const uint32_t round = ++s->round;
  std::vector<Candidate>& heap = s->found;  // the k best so far, worst on top
  heap.clear();
  const Worker& wk = ip_.worker(w);
  const Willingness& wl = wk.willingness;
  const PolicyConfig& policy = ip_.policy();
  auto better = [&](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : ip_.PostingRank(a.posting) < ip_.PostingRank(b.posting);
  };
  bool cut = false;

  // What the cheap tests and the bounds need about the worker.
  uint8_t hours = 0;
  for (Hours h : wl.hours) hours |= HoursBit(h);
  const int64_t floor = wl.min_monthly_wage;
  const int age = ip_.Age(w);
  const bool poor = ip_.household(ip_.HouseholdOf(w)).registered_poor;
  int best_level = 0;
  for (const Skill& sk : wk.skills) best_level = std::max(best_level, sk.level);
  const int32_t fixed_cap = SkillPoints(best_level, policy) +
                            WishPoints(wl.categories.empty() ? -1 : 0,
                                       static_cast<int64_t>(wl.categories.size()), policy);
  // The worker's skills as (family id, level) for every family prefix of
  // each skill code: rule 7's family match as integer compares.
  std::vector<std::pair<int32_t, int>>& has = s->skill_families;
  has.clear();
  for (const Skill& sk : wk.skills) {
    std::string_view code = sk.code;
    for (;;) {
      if (const int32_t id = FamilyId(std::string(code)); id >= 0) has.emplace_back(id, sk.level);
      const size_t dash = code.rfind('-');
      if (dash == std::string_view::npos) break;
      code = code.substr(0, dash);
    }
  }
  double at[3];
  UnitVector(wk.location, at);
  const double chord_limit = wl.max_commute_km / kEarthRadiusKm;  // the arc is never shorter than the chord
  auto skills_met = [&](int32_t p) {
    for (const auto& [fam, level] : req_[p]) {
      bool met = false;
      for (const auto& [f, l] : has) met = met || (f == fam && l >= level);
      if (!met) return false;
    }
    return true;
  };
  auto cheap = [&](int32_t p) {
    return (hours & hours_bit_[p]) && wage_[p] >= floor && age >= age_lo_[p] && age <= age_hi_[p] &&
           (!public_welfare_[p] || poor) && skills_met(p);
  };
  auto near_enough = [&](int32_t p) {
    const double* u = &unit_[3 * static_cast<size_t>(p)];
    const double dx = u[0] - at[0], dy = u[1] - at[1], dz = u[2] - at[2];
    return dx * dx + dy * dy + dz * dz <= chord_limit * chord_limit * (1 + 1e-9) + 1e-15;
  };
  auto full = [&] { return static_cast<int32_t>(heap.size()) == k; };
  // True when a score `bound` cannot make the k kept (ties go to the kept).
  auto hopeless = [&](int32_t bound) { return full() && bound < heap.front().score; };
  // Evaluates p exactly; keeps it when it is among the k best.
  auto evaluate = [&](int32_t p) {
    double km = 0;
    if (FirstBrokenRule(ip_.Pair(w, p), &km) != HardRule::kNone) return;
    const Candidate c{p, FitPoints(wk, ip_.posting(p), km, policy)};
    if (!full()) {
      heap.push_back(c);
      std::push_heap(heap.begin(), heap.end(), better);
      return;
    }
    cut = true;
    if (!better(c, heap.front())) return;
    std::pop_heap(heap.begin(), heap.end(), better);
    heap.back() = c;
    std::push_heap(heap.begin(), heap.end(), better);
  };
  // A posting the bounds leave out counts as cut only if it was feasible.
  auto skipped = [&](int32_t p) {
    if (!cut && FirstBrokenRule(ip_.Pair(w, p)) == HardRule::kNone) cut = true;
  };

  std::vector<int32_t> fams;
  if (wl.categories.empty()) {
    fams.push_back(0);
  } else {
    for (const std::string& c : wl.categories)
      if (const int32_t id = FamilyId(c); id >= 0) fams.push_back(id);
  }
  const int set = steady ? kSteady : kTemporary;

  // Near: rows nearest first; a row's bound has the most commute points any
  // of its postings can give.
  for (int32_t fam : fams) {
    bool done = false;  // nothing left can make the k kept; only the cut is still open
    ScanGrid(set, fam, wk.location, wl.max_commute_km, [&](int32_t p, double row_min_km) {
      const int32_t row_cap = fixed_cap + CommutePoints(row_min_km, wl.max_commute_km, policy);
      done = done || hopeless(row_cap + policy.weight_wage);
      if (done && cut) return false;
      if (s->stamp[p] == round) return true;
      // Beyond the radius: left to the far lists (rule 9 by region), unstamped.
      if (!near_enough(p)) return true;
      s->stamp[p] = round;
      if (!cheap(p)) return true;
      if (done || hopeless(row_cap + WagePoints(wage_[p], floor, policy))) skipped(p);
      else evaluate(p);
      return true;
    });
  }

  // Far: other counties (leave_county) and provinces (leave_province).
  // Postings within the radius were all seen above, so what is left earns no
  // commute points. First the postings the worker's skills relate to (their
  // skill points vary); then the rest, whose score is wish + wage points
  // exactly: per wish and province, those with full wage points in id order
  // (the first k feasible win every tie), then the others by falling wage.
  if (wl.leave_county || wl.leave_province) {
    const std::string& home = ip_.household(ip_.HouseholdOf(w)).region;
    const int32_t prov = Province(home), county = Digits(home, 6);
    auto far_ok = [&](int32_t p) {  // rule 9 by region, for a posting beyond the radius
      if (province_[p] == prov) return wl.leave_county && county_[p] != county;
      return wl.leave_province;
    };
    auto consider = [&](int32_t p) {
      if (s->stamp[p] == round || !far_ok(p)) return;
      s->stamp[p] = round;
      if (!cheap(p)) return;
      if (hopeless(fixed_cap + WagePoints(wage_[p], floor, policy))) skipped(p);
      else evaluate(p);
    };
    const auto& lists = lists_[set];
    for (const Skill& sk : wk.skills) {
      std::string_view code = sk.code;
      bool whole = true;
      for (;;) {
        const int32_t id = FamilyId(std::string(code));
        if (id >= 0 && id < static_cast<int32_t>(lists.size())) {
          if (whole)
            for (const ListEntry& e : lists[id]) consider(e.posting);  // occupation within the skill's family
          else
            for (int32_t p : exact_lists_[set][id]) consider(p);  // occupation a family of the skill
          for (int32_t p : req_lists_[set][id]) consider(p);      // requires a family of the skill
        }
        const size_t dash = code.rfind('-');
        if (dash == std::string_view::npos) break;
        code = code.substr(0, dash);
        whole = false;
      }
    }
    const int64_t n_wishes = static_cast<int64_t>(wl.categories.size());
    const int64_t saturated = policy.wage_full_points_above_floor <= 0
                                  ? std::numeric_limits<int64_t>::min()
                                  : floor + policy.wage_full_points_above_floor;
    for (size_t li = 0; li < fams.size(); ++li) {
      const int32_t fam = fams[li];
      if (fam >= static_cast<int32_t>(lists.size())) continue;
      // The rank of this wish among the categories (the first one matching fam's code).
      int rank = -1;
      if (n_wishes > 0)
        for (size_t c = 0; c < wl.categories.size() && rank < 0; ++c)
          if (FamilyId(wl.categories[c]) == fam) rank = static_cast<int>(c);
      const int32_t wish = WishPoints(rank, n_wishes, policy);
      const int32_t top = wish + policy.weight_wage;
      const std::vector<ListEntry>& by_wage = lists[fam];
      const std::vector<ListEntry>& by_rank = rank_lists_[set][fam];
      for (size_t i = 0; i < by_rank.size();) {
        const int32_t segment = by_rank[i].province;
        size_t end = i;
        while (end < by_rank.size() && by_rank[end].province == segment) ++end;
        const bool same = segment == prov && prov >= 0;
        if ((same ? !wl.leave_county : !wl.leave_province) || hopeless(top)) {
          if (!cut && !(same ? !wl.leave_county : !wl.leave_province))
            for (size_t j = i; j < end && !cut; ++j)
              if (s->stamp[by_rank[j].posting] != round && far_ok(by_rank[j].posting) && cheap(by_rank[j].posting))
                skipped(by_rank[j].posting);
          i = end;
          continue;
        }
        // Full wage points, in id order: once k are kept that score the top
        // and precede this one, nothing later in the group can enter.
        for (size_t j = i; j < end; ++j) {
          const ListEntry& e = by_rank[j];
          if (e.wage < saturated) continue;
          if (full() && (heap.front().score > top ||
                         (heap.front().score == top && ip_.PostingRank(heap.front().posting) < e.rank))) {
            for (size_t t = j; t < end && !cut; ++t)
              if (by_rank[t].wage >= saturated && s->stamp[by_rank[t].posting] != round &&
                  far_ok(by_rank[t].posting) && cheap(by_rank[t].posting))
                skipped(by_rank[t].posting);
            break;
          }
          consider(e.posting);
        }
        // The rest by falling wage, while the bound lets them in.
        auto it = std::lower_bound(by_wage.begin(), by_wage.end(), ListEntry{segment, saturated - 1, -1, -1},
                                   [](const ListEntry& a, const ListEntry& b) { return ListLess(a, b); });
        for (; it != by_wage.end() && it->province == segment; ++it) {
          if (it->wage >= saturated) continue;
          if (hopeless(wish + WagePoints(it->wage, floor, policy))) {
            for (; it != by_wage.end() && it->province == segment && !cut; ++it)
              if (s->stamp[it->posting] != round && far_ok(it->posting) && cheap(it->posting)) skipped(it->posting);
            break;
          }
          consider(it->posting);
        }
        i = end;
      }
    }
  }
  std::sort(heap.begin(), heap.end(), better);
  out->assign(heap.begin(), heap.end());
  return cut;
}

std::vector<Candidate> CandidateIndex::WorkersFor(int32_t p) const {
  // Rules that need only the worker and the posting go first, before the
  // candidates are sorted and each pair is built: at province scale tens
  // of thousands of workers may leave their county, and most of them fail
  // on these.
  const Posting& post = ip_.posting(p);
  std::vector<int32_t> ws;
  auto consider = [&](int32_t w) {
    const Willingness& wl = ip_.worker(w).willingness;
    if (ip_.Available(w) && Rule5Hours(post, wl) && Rule6Wage(post, wl) && Rule8Category(post.occupation, wl))
      ws.push_back(w);
  };
  ScanGrid(-1, 0, ip_.Location(p), max_commute_km_, [&](int32_t w, double) {
    consider(w);
    return true;
  });
  // Workers who may leave their county, by rule 8: those with no wished
  // category, and those wishing the posting's occupation or a family of it
  // (each prefix of the code that ends before a '-').
  for (int32_t w : away_any_category_) consider(w);
  const std::string& occ = post.occupation;
  for (size_t end = 0; end != std::string::npos;) {
    end = occ.find('-', end + 1);
    const auto it = away_by_category_.find(occ.substr(0, end));
    if (it != away_by_category_.end())
      for (int32_t w : it->second) consider(w);
  }
  std::sort(ws.begin(), ws.end());
  ws.erase(std::unique(ws.begin(), ws.end()), ws.end());
  std::vector<Candidate> out;
  for (int32_t w : ws) {
    double km = 0;
    if (FirstBrokenRule(ip_.Pair(w, p), &km) != HardRule::kNone) continue;
    out.push_back({w, FitPoints(ip_.worker(w), ip_.posting(p), km, ip_.policy())});
  }
  return out;
}

std::vector<std::pair<int32_t, HardRule>> CandidateIndex::Diagnose(int32_t w, bool steady_only, Scratch* s) const {
  std::vector<std::pair<int32_t, HardRule>> out;
  if (s->stamp.size() < static_cast<size_t>(ip_.num_postings())) s->stamp.resize(ip_.num_postings(), 0);
  const Worker& wk = ip_.worker(w);
  const double radius = std::max(wk.willingness.max_commute_km, ip_.policy().diagnose_radius_km);
  auto visit = [&](int32_t p) {
    if (s->stamp[p] == s->round) return;
    s->stamp[p] = s->round;
    if (steady_only && !ip_.Steady(p)) return;
    const HardRule r = FirstBrokenRule(ip_.Pair(w, p));
    if (r != HardRule::kNone) out.emplace_back(p, r);
  };
  ++s->round;
  ScanWorkerPostings(w, kAll, radius, false, visit);
  if (out.empty() && !wk.willingness.categories.empty()) {
    ++s->round;
    ScanGrid(kAll, 0, wk.location, radius, [&](int32_t p, double) {
      visit(p);
      return true;
    });
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace leye
