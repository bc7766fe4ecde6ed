#include "matcher/indexed_problem.h"

#include <algorithm>
#include <numeric>

#include "matcher/id_number.h"

namespace leye {

namespace {

// Sorts `v` by id; `order[i]` is the given position of the i-th record.
template <typename T>
std::vector<int32_t> SortById(std::vector<T>* v) {
  std::vector<int32_t> order(v->size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return (*v)[a].id < (*v)[b].id; });
  std::vector<T> sorted;
  sorted.reserve(v->size());
  for (int32_t i : order) sorted.push_back(std::move((*v)[i]));
  *v = std::move(sorted);
  return order;
}

template <typename T>
void IndexIds(const std::vector<T>& v, const std::vector<int32_t>& order, const char* kind,
              std::unordered_map<std::string, int32_t>* by_id, std::vector<FieldError>* errors) {
  by_id->reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0 && v[i].id == v[i - 1].id)
      errors->push_back({std::string("/") + kind + "/" + std::to_string(order[i]) + "/id",
                         "duplicate id " + v[i].id});
    by_id->emplace(v[i].id, static_cast<int32_t>(i));
  }
}

std::optional<int32_t> Lookup(const std::unordered_map<std::string, int32_t>& m, std::string_view id) {
  auto it = m.find(std::string(id));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Result<IndexedProblem> IndexedProblem::Build(MatchProblem problem) {
  IndexedProblem ip;
  ip.p_ = std::move(problem);
  MatchProblem& p = ip.p_;
  std::vector<FieldError> errors;
  const auto h_order = SortById(&p.households);
  const auto w_order = SortById(&p.workers);
  const auto e_order = SortById(&p.employers);
  const auto p_order = SortById(&p.postings);
  std::unordered_map<std::string, int32_t> household_by_id;
  IndexIds(p.households, h_order, "households", &household_by_id, &errors);
  IndexIds(p.workers, w_order, "workers", &ip.worker_by_id_, &errors);
  IndexIds(p.employers, e_order, "employers", &ip.employer_by_id_, &errors);
  IndexIds(p.postings, p_order, "postings", &ip.posting_by_id_, &errors);

  const int32_t nh = ip.num_households(), nw = ip.num_workers(), np = ip.num_postings();
  // Rule 9 compares region codes digit by digit (county, province).
  for (int32_t h = 0; h < nh; ++h)
    if (!IsValidRegion(p.households[h].region))
      errors.push_back({"/households/" + std::to_string(h_order[h]) + "/region", "must be a 6-digit region code"});
  for (int32_t e = 0; e < ip.num_employers(); ++e)
    if (!IsValidRegion(p.employers[e].region))
      errors.push_back({"/employers/" + std::to_string(e_order[e]) + "/region", "must be a 6-digit region code"});
  ip.household_of_.assign(nw, -1);
  ip.age_.assign(nw, 0);
  for (int32_t w = 0; w < nw; ++w) {
    const Worker& wk = p.workers[w];
    const auto h = Lookup(household_by_id, wk.household);
    if (!h)
      errors.push_back({"/workers/" + std::to_string(w_order[w]) + "/household",
                        "no household with id " + wk.household});
    else
      ip.household_of_[w] = *h;
    if (const auto why = IdNumberProblem(wk.id_number))
      errors.push_back({"/workers/" + std::to_string(w_order[w]) + "/id_number", *why});
    else
      ip.age_[w] = AgeOn(IdNumberBirthDate(wk.id_number), p.date);
  }
  ip.employer_of_.assign(np, -1);
  for (int32_t q = 0; q < np; ++q) {
    const auto e = Lookup(ip.employer_by_id_, p.postings[q].employer);
    if (!e)
      errors.push_back({"/postings/" + std::to_string(p_order[q]) + "/employer",
                        "no employer with id " + p.postings[q].employer});
    else
      ip.employer_of_[q] = *e;
  }
  if (!errors.empty()) return Status::Invalid("the match input is not consistent", std::move(errors));

  // Members of each household, in worker id order.
  ip.member_begin_.assign(nh + 1, 0);
  for (int32_t w = 0; w < nw; ++w) ++ip.member_begin_[ip.household_of_[w] + 1];
  for (int32_t h = 0; h < nh; ++h) ip.member_begin_[h + 1] += ip.member_begin_[h];
  ip.members_.resize(nw);
  {
    std::vector<int32_t> fill(ip.member_begin_.begin(), ip.member_begin_.end() - 1);
    for (int32_t w = 0; w < nw; ++w) ip.members_[fill[ip.household_of_[w]]++] = w;
  }

  // Placements: a worker's activity, a posting's taken slots, a household's work.
  ip.active_.assign(nw, false);
  std::vector<int32_t> taken(np, 0);
  std::vector<std::vector<const Placement*>> by_household(nh);
  for (const Placement& pl : p.placements) {
    const auto w = Lookup(ip.worker_by_id_, pl.worker);
    const bool active = IsActiveOn(pl, p.date);
    if (pl.posting && active)
      if (const auto q = Lookup(ip.posting_by_id_, *pl.posting)) ++taken[*q];
    if (!w) continue;
    if (active) ip.active_[*w] = true;
    by_household[ip.household_of_[*w]].push_back(&pl);
  }
  ip.free_slots_.resize(np);
  ip.steady_.resize(np);
  ip.posting_rank_.resize(np);
  for (int32_t q = 0; q < np; ++q) {
    ip.free_slots_[q] = p.postings[q].slots - taken[q];
    ip.steady_[q] = IsSteadyPosting(p.postings[q], p.policy);
    ip.posting_rank_[q] = q;
  }
  ip.work_.resize(nh);
  ip.eligible_.resize(nh);
  ip.priority_.resize(nh);
  for (int32_t h = 0; h < nh; ++h) {
    const Household& hh = p.households[h];
    ip.work_[h] = HouseholdWorkOn(by_household[h], p.date, p.policy);
    bool eligible = false;
    for (int32_t w : ip.Members(h)) {
      const Worker& wk = p.workers[w];
      const bool able = wk.labor_ability == LaborAbility::kFull || wk.labor_ability == LaborAbility::kWeak;
      eligible = eligible || (able && (wk.willingness.wants_work || ip.active_[w]));
    }
    ip.eligible_[h] = hh.relocated && eligible;
    const bool steady = ip.work_[h] == HouseholdWork::kSteady;
    ip.priority_[h] = steady                           ? HouseholdPriority::kNone
                      : hh.relocated                   ? HouseholdPriority::kRelocated
                      : hh.registered_poor             ? HouseholdPriority::kPoor
                                                       : HouseholdPriority::kNone;
  }
  for (const Decline& d : p.declines) {
    const auto w = Lookup(ip.worker_by_id_, d.worker);
    const auto q = Lookup(ip.posting_by_id_, d.posting);
    if (w && q) ip.declined_.insert((static_cast<uint64_t>(*w) << 32) | static_cast<uint32_t>(*q));
  }
  return ip;
}

std::optional<int32_t> IndexedProblem::FindWorker(std::string_view id) const {
  return Lookup(worker_by_id_, id);
}
std::optional<int32_t> IndexedProblem::FindPosting(std::string_view id) const {
  return Lookup(posting_by_id_, id);
}
std::optional<int32_t> IndexedProblem::FindEmployer(std::string_view id) const {
  return Lookup(employer_by_id_, id);
}

Result<int32_t> IndexedProblem::AddPosting(Posting post) {
  if (posting_by_id_.count(post.id)) return Status::Invalid("a posting with id " + post.id + " exists");
  const auto e = FindEmployer(post.employer);
  if (!e) return Status::Invalid("no employer with id " + post.employer);
  const int32_t q = num_postings();
  // Placements may already name the new id (a posting removed and re-added).
  int32_t taken = 0;
  for (const Placement& pl : p_.placements)
    if (pl.posting == post.id && IsActiveOn(pl, p_.date)) ++taken;
  employer_of_.push_back(*e);
  free_slots_.push_back(post.slots - taken);
  steady_.push_back(IsSteadyPosting(post, p_.policy));
  posting_by_id_.emplace(post.id, q);
  // Ranks follow id order: the new one goes between its neighbours.
  int32_t rank = 0;
  for (int32_t i = 0; i < q; ++i) {
    if (p_.postings[i].id < post.id) ++rank;
    else ++posting_rank_[i];
  }
  posting_rank_.push_back(rank);
  p_.postings.push_back(std::move(post));
  return q;
}

void IndexedProblem::AddDecline(int32_t w, int32_t p) {
  if (declined_.insert((static_cast<uint64_t>(w) << 32) | static_cast<uint32_t>(p)).second)
    p_.declines.push_back({p_.workers[w].id, p_.postings[p].id});
}

}  // namespace leye
