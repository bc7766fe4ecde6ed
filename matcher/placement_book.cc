#include "matcher/placement_book.h"

#include <algorithm>

#include "matcher/placement_rules.h"

namespace leye {

const Placement* PlacementBook::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

void PlacementBook::Upsert(Placement p) {
  auto it = by_id_.find(p.id);
  if (it != by_id_.end()) {
    by_worker_[it->second.worker].erase(p.id);
    if (it->second.posting) by_posting_[*it->second.posting].erase(p.id);
    it->second = std::move(p);
  } else {
    it = by_id_.emplace(p.id, std::move(p)).first;
  }
  by_worker_[it->second.worker].insert(it->first);
  if (it->second.posting) by_posting_[*it->second.posting].insert(it->first);
}

const Placement* PlacementBook::ActiveOf(const std::string& worker, Date d) const {
  auto it = by_worker_.find(worker);
  if (it == by_worker_.end()) return nullptr;
  const Placement* best = nullptr;
  for (const auto& id : it->second) {
    const Placement& p = by_id_.at(id);
    if (IsActiveOn(p, d) && (!best || p.start_date > best->start_date)) best = &p;
  }
  return best;
}

int32_t PlacementBook::ActiveOnPosting(const std::string& posting, Date d) const {
  auto it = by_posting_.find(posting);
  if (it == by_posting_.end()) return 0;
  int32_t n = 0;
  for (const auto& id : it->second) n += IsActiveOn(by_id_.at(id), d) ? 1 : 0;
  return n;
}

std::vector<const Placement*> PlacementBook::OfWorker(const std::string& worker) const {
  std::vector<const Placement*> out;
  auto it = by_worker_.find(worker);
  if (it == by_worker_.end()) return out;
  for (const auto& id : it->second) out.push_back(&by_id_.at(id));
  std::stable_sort(out.begin(), out.end(),
                   [](const Placement* a, const Placement* b) { return a->start_date < b->start_date; });
  return out;
}

std::vector<const Placement*> PlacementBook::All() const {
  std::vector<const Placement*> out;
  out.reserve(by_id_.size());
  for (const auto& [id, p] : by_id_) out.push_back(&p);
  return out;
}

}  // namespace leye
