// Every placement ever recorded, held in memory beside the register: history
// is kept, never overwritten (issue 4). Indexes by worker and by posting make
// "the worker's active placement" and "active placements on a posting" cheap
// for the matcher, the accept path and guarantee tracking.
//
// Thread safety: none inside; the HTTP layer guards it with the register's lock.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "matcher/date.h"
#include "matcher/model.h"

namespace leye {

class PlacementBook {
 public:
  const Placement* Find(const std::string& id) const;
  // Inserts or replaces by id.
  void Upsert(Placement p);

  // The worker's placement active on `d` (ARCHITECTURE rule 2: the dates
  // decide), or nullptr. With several (bad data), the latest start wins.
  const Placement* ActiveOf(const std::string& worker, Date d) const;
  // Placements active on `d` on this posting.
  int32_t ActiveOnPosting(const std::string& posting, Date d) const;
  // All placements of a worker, oldest first.
  std::vector<const Placement*> OfWorker(const std::string& worker) const;
  bool HasAnyForWorker(const std::string& worker) const { return by_worker_.count(worker) > 0; }
  bool HasAnyForPosting(const std::string& posting) const { return by_posting_.count(posting) > 0; }

  std::vector<const Placement*> All() const;
  size_t size() const { return by_id_.size(); }

 private:
  std::map<std::string, Placement> by_id_;
  std::map<std::string, std::set<std::string>> by_worker_;
  std::map<std::string, std::set<std::string>> by_posting_;
};

}  // namespace leye
