// Reverse indexes (household -> workers, employer -> postings) make the
// delete-refusal and per-household listing O(log n) instead of a scan; the
// ID-number map enforces that one person is one worker.
#include "matcher/register.h"

#include <type_traits>

namespace leye {
namespace {
const std::string kEmpty;
}

std::string Register::CountyOf(const Record& r) const {
  return std::visit(
      [&](const auto& rec) -> std::string {
        using T = std::decay_t<decltype(rec)>;
        if constexpr (std::is_same_v<T, Worker>) {
          const Record* h = Find(Kind::kHousehold, rec.household);
          return h ? std::get<Household>(*h).region : std::string();
        } else if constexpr (std::is_same_v<T, Posting>) {
          const Record* e = Find(Kind::kEmployer, rec.employer);
          return e ? std::get<Employer>(*e).region : std::string();
        } else {
          return rec.region;
        }
      },
      r);
}

const Record* Register::Find(Kind kind, const std::string& id) const {
  const auto& m = records_[static_cast<size_t>(kind)];
  auto it = m.find(id);
  return it == m.end() ? nullptr : &it->second;
}

std::vector<FieldError> Register::CheckReferences(const Record& r) const {
  std::vector<FieldError> errors;
  if (const auto* w = std::get_if<Worker>(&r)) {
    if (!Find(Kind::kHousehold, w->household))
      errors.push_back({"/household", "no household with id " + w->household});
  } else if (const auto* p = std::get_if<Posting>(&r)) {
    if (!Find(Kind::kEmployer, p->employer))
      errors.push_back({"/employer", "no employer with id " + p->employer});
  }
  return errors;
}

std::vector<std::string> Register::ReferencedBy(Kind kind, const std::string& id, size_t max) const {
  std::vector<std::string> out;
  const std::map<std::string, std::set<std::string>>* index = nullptr;
  std::string_view what;
  if (kind == Kind::kHousehold) {
    index = &workers_by_household_;
    what = "worker ";
  } else if (kind == Kind::kEmployer) {
    index = &postings_by_employer_;
    what = "posting ";
  }
  if (!index) return out;
  auto it = index->find(id);
  if (it == index->end()) return out;
  for (const auto& ref : it->second) {
    if (out.size() >= max) break;
    out.push_back(std::string(what) + ref);
  }
  return out;
}

const std::string& Register::WorkerWithIdNumber(const std::string& id_number) const {
  auto it = worker_by_id_number_.find(id_number);
  return it == worker_by_id_number_.end() ? kEmpty : it->second;
}

void Register::Link(const Record& r) {
  if (const auto* w = std::get_if<Worker>(&r)) {
    workers_by_household_[w->household].insert(w->id);
    worker_by_id_number_[w->id_number] = w->id;
  } else if (const auto* p = std::get_if<Posting>(&r)) {
    postings_by_employer_[p->employer].insert(p->id);
  }
}

void Register::Unlink(const Record& r) {
  auto drop = [](std::map<std::string, std::set<std::string>>& index, const std::string& key,
                 const std::string& id) {
    auto it = index.find(key);
    if (it == index.end()) return;
    it->second.erase(id);
    if (it->second.empty()) index.erase(it);
  };
  if (const auto* w = std::get_if<Worker>(&r)) {
    drop(workers_by_household_, w->household, w->id);
    auto it = worker_by_id_number_.find(w->id_number);
    if (it != worker_by_id_number_.end() && it->second == w->id) worker_by_id_number_.erase(it);
  } else if (const auto* p = std::get_if<Posting>(&r)) {
    drop(postings_by_employer_, p->employer, p->id);
  }
}

void Register::Upsert(Record r) {
  auto& m = records_[static_cast<size_t>(KindOf(r))];
  const std::string id = IdOf(r);
  auto it = m.find(id);
  if (it != m.end()) {
    Unlink(it->second);
    it->second = std::move(r);
    Link(it->second);
  } else {
    auto [pos, inserted] = m.emplace(id, std::move(r));
    Link(pos->second);
  }
}

bool Register::Erase(Kind kind, const std::string& id) {
  auto& m = records_[static_cast<size_t>(kind)];
  auto it = m.find(id);
  if (it == m.end()) return false;
  Unlink(it->second);
  m.erase(it);
  return true;
}

bool Register::FilterApplies(Kind kind, std::string_view name) {
  if (name == "region") return true;
  if (name == "site") return kind == Kind::kHousehold || kind == Kind::kWorker;
  if (name == "household") return kind == Kind::kWorker;
  if (name == "employer") return kind == Kind::kPosting;
  return false;
}

bool Register::Matches(const Record& r, const ListFilter& f) const {
  if (!f.region_prefix.empty() && CountyOf(r).rfind(f.region_prefix, 0) != 0) return false;
  if (!f.site.empty()) {
    if (const auto* h = std::get_if<Household>(&r)) {
      if (h->site != f.site) return false;
    } else if (const auto* w = std::get_if<Worker>(&r)) {
      const Record* hr = Find(Kind::kHousehold, w->household);
      if (!hr || std::get<Household>(*hr).site != f.site) return false;
    }
  }
  if (!f.household.empty()) {
    if (const auto* w = std::get_if<Worker>(&r); w && w->household != f.household) return false;
  }
  if (!f.employer.empty()) {
    if (const auto* p = std::get_if<Posting>(&r); p && p->employer != f.employer) return false;
  }
  return true;
}

std::vector<const Record*> Register::List(Kind kind, const ListFilter& filter,
                                          const std::string& after_id, size_t limit,
                                          bool* more) const {
  std::vector<const Record*> out;
  *more = false;
  // A household filter has its own index: walk only that household's workers.
  if (kind == Kind::kWorker && !filter.household.empty()) {
    auto it = workers_by_household_.find(filter.household);
    if (it == workers_by_household_.end()) return out;
    for (auto id = it->second.upper_bound(after_id); id != it->second.end(); ++id) {
      const Record* r = Find(Kind::kWorker, *id);
      if (!r || !Matches(*r, filter)) continue;
      if (out.size() == limit) {
        *more = true;
        break;
      }
      out.push_back(r);
    }
    return out;
  }
  const auto& m = records_[static_cast<size_t>(kind)];
  for (auto it = m.upper_bound(after_id); it != m.end(); ++it) {
    if (!Matches(it->second, filter)) continue;
    if (out.size() == limit) {
      *more = true;
      break;
    }
    out.push_back(&it->second);
  }
  return out;
}

}  // namespace leye
