// Grid cells are 0.05 degrees (about 5.5 km north-south): a commute radius
// of 5-30 km touches a few rows of cells, each row one binary search in a
// vector sorted by (family, row, column). Postings sit once per family prefix
// of their occupation ("6", "6-05", "6-05-01", ...), so a worker's wishes
// look up exactly the postings rule 8 accepts. Plain sorted vectors: built
// once per run, cache-friendly, no per-node allocation.
#include "matcher/candidate_index.h"

#include <algorithm>
#include <cmath>

#include "matcher/fit_score.h"
#include "matcher/geo.h"

namespace leye {

namespace {

constexpr double kCellDeg = 0.05;
constexpr int32_t kCols = 7200;  // 360 / kCellDeg
constexpr int32_t kRows = 3600;
constexpr double kKmPerDeg = kEarthRadiusKm * 3.14159265358979323846 / 180.0;

int32_t Row(double lat) { return std::clamp(static_cast<int32_t>(std::floor((lat + 90) / kCellDeg)), 0, kRows - 1); }
int32_t Col(double lng) { return std::clamp(static_cast<int32_t>(std::floor((lng + 180) / kCellDeg)), 0, kCols - 1); }
int64_t Key(int32_t family, int32_t row, int32_t col) {
  return (static_cast<int64_t>(family) << 26) | (static_cast<int64_t>(row) << 13) | col;
}
int32_t Province(std::string_view region) {
  if (region.size() < 2 || region[0] < '0' || region[0] > '9' || region[1] < '0' || region[1] > '9') return -1;
  return (region[0] - '0') * 10 + (region[1] - '0');
}

// The "-"-delimited prefixes of an occupation code, itself included.
std::vector<std::string> Families(const std::string& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i < code.size(); ++i)
    if (code[i] == '-') out.push_back(code.substr(0, i));
  out.push_back(code);
  return out;
}

}  // namespace

CandidateIndex::CandidateIndex(const IndexedProblem& ip) : ip_(ip) {
  family_id_.emplace("", 0);
  for (int32_t p = 0; p < ip.num_postings(); ++p) Insert(p, false);
  auto by_key = [](const GridEntry& a, const GridEntry& b) {
    return a.key != b.key ? a.key < b.key : a.posting < b.posting;
  };
  auto by_place = [](const ListEntry& a, const ListEntry& b) {
    return a.province != b.province ? a.province < b.province : a.rank < b.rank;
  };
  for (int s = 0; s < 3; ++s) {
    std::sort(grid_[s].begin(), grid_[s].end(), by_key);
    for (auto& l : lists_[s]) std::sort(l.begin(), l.end(), by_place);
  }
  for (int32_t w = 0; w < ip.num_workers(); ++w) {
    if (!ip.Available(w)) continue;
    const Worker& wk = ip.worker(w);
    worker_grid_.push_back({Key(0, Row(wk.location.lat), Col(wk.location.lng)), w});
    max_commute_km_ = std::max(max_commute_km_, wk.willingness.max_commute_km);
    if (wk.willingness.leave_county || wk.willingness.leave_province) away_workers_.push_back(w);
  }
  std::sort(worker_grid_.begin(), worker_grid_.end(), by_key);
}

int32_t CandidateIndex::FamilyId(const std::string& code) const {
  auto it = family_id_.find(code);
  return it == family_id_.end() ? -1 : it->second;
}

void CandidateIndex::Insert(int32_t p, bool sorted_insert) {
  const Posting& post = ip_.posting(p);
  const GeoPoint& at = ip_.Location(p);
  const int32_t row = Row(at.lat), col = Col(at.lng);
  const int32_t prov = Province(ip_.employer(ip_.EmployerOf(p)).region);
  std::vector<int32_t> fams = {0};
  for (const std::string& f : Families(post.occupation)) {
    auto [it, fresh] = family_id_.emplace(f, static_cast<int32_t>(family_id_.size()));
    fams.push_back(it->second);
  }
  for (int s = 0; s < 3; ++s) {
    if (s != kAll && (!ip_.Offered(p) || ip_.Steady(p) != (s == kSteady))) continue;
    for (int32_t f : fams) {
      const GridEntry g{Key(f, row, col), p};
      const ListEntry l{prov, ip_.PostingRank(p), p};
      if (static_cast<int32_t>(lists_[s].size()) <= f) lists_[s].resize(f + 1);
      if (!sorted_insert) {
        grid_[s].push_back(g);
        lists_[s][f].push_back(l);
        continue;
      }
      grid_[s].insert(std::upper_bound(grid_[s].begin(), grid_[s].end(), g,
                                       [](const GridEntry& a, const GridEntry& b) {
                                         return a.key != b.key ? a.key < b.key : a.posting < b.posting;
                                       }),
                      g);
      auto& list = lists_[s][f];
      // Ranks of older postings may have moved up by one: refresh, then place.
      for (ListEntry& e : list) e.rank = ip_.PostingRank(e.posting);
      list.insert(std::upper_bound(list.begin(), list.end(), l,
                                   [](const ListEntry& a, const ListEntry& b) {
                                     return a.province != b.province ? a.province < b.province : a.rank < b.rank;
                                   }),
                  l);
    }
  }
}

void CandidateIndex::AddPosting(int32_t p) { Insert(p, true); }

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
  for (int32_t r = Row(lat0); r <= Row(lat1); ++r) {
    const int64_t lo = Key(family, r, c0), hi = Key(family, r, c1);
    auto it = std::lower_bound(grid.begin(), grid.end(), lo,
                               [](const GridEntry& e, int64_t k) { return e.key < k; });
    for (; it != grid.end() && it->key <= hi; ++it) f(it->posting);
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
  for (int32_t fam : fams) ScanGrid(set, fam, wk.location, radius_km, f);
  if (!away || (!wl.leave_county && !wl.leave_province)) return;
  const std::string& home = ip_.household(ip_.HouseholdOf(w)).region;
  const int32_t prov = Province(home);
  for (int32_t fam : fams) {
    if (fam >= static_cast<int32_t>(lists_[set].size())) continue;
    const std::vector<ListEntry>& list = lists_[set][fam];
    auto lo = std::lower_bound(list.begin(), list.end(), prov,
                               [](const ListEntry& e, int32_t v) { return e.province < v; });
    auto hi = std::upper_bound(lo, list.end(), prov, [](int32_t v, const ListEntry& e) { return v < e.province; });
    if (wl.leave_county)
      for (auto it = lo; it != hi; ++it)
        if (ip_.employer(ip_.EmployerOf(it->posting)).region != home) f(it->posting);
    if (wl.leave_province) {
      for (auto it = list.begin(); it != lo; ++it) f(it->posting);
      for (auto it = hi; it != list.end(); ++it) f(it->posting);
    }
  }
}

int32_t CandidateIndex::Find(int32_t w, bool steady, int32_t k, std::vector<Candidate>* out, Scratch* s) const {
  out->clear();
  if (!ip_.Available(w)) return 0;
  if (s->stamp.size() < static_cast<size_t>(ip_.num_postings())) s->stamp.resize(ip_.num_postings(), 0);
  const uint32_t round = ++s->round;
  s->found.clear();
  const Worker& wk = ip_.worker(w);
  const PolicyConfig& policy = ip_.policy();
  ScanWorkerPostings(w, steady ? kSteady : kTemporary, wk.willingness.max_commute_km, true, [&](int32_t p) {
    if (s->stamp[p] == round) return;
    s->stamp[p] = round;
    double km = 0;
    if (FirstBrokenRule(ip_.Pair(w, p), &km) != HardRule::kNone) return;
    s->found.push_back({p, FitPoints(wk, ip_.posting(p), km, policy)});
  });
  const int32_t n = static_cast<int32_t>(s->found.size());
  auto better = [&](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : ip_.PostingRank(a.posting) < ip_.PostingRank(b.posting);
  };
  const int32_t keep = std::min(n, std::max(0, k));
  if (keep < n) std::nth_element(s->found.begin(), s->found.begin() + keep, s->found.end(), better);
  std::sort(s->found.begin(), s->found.begin() + keep, better);
  out->assign(s->found.begin(), s->found.begin() + keep);
  return n;
}

std::vector<Candidate> CandidateIndex::WorkersFor(int32_t p) const {
  std::vector<int32_t> ws;
  ScanGrid(-1, 0, ip_.Location(p), max_commute_km_, [&](int32_t w) { ws.push_back(w); });
  ws.insert(ws.end(), away_workers_.begin(), away_workers_.end());
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
    ScanGrid(kAll, 0, wk.location, radius, visit);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace leye
