// The register held in memory: every household, worker, employer, posting
// and training, as the matcher needs them whole (ARCHITECTURE.md, State).
// Redis stays the system of record; this is rebuilt from it at start and
// changed only after Redis acknowledged a write.
//
// Thread safety: none inside. The HTTP layer holds a shared_mutex around it
// (shared for reads, exclusive for the check-write-apply of a write).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "matcher/model.h"
#include "matcher/status.h"

namespace leye {

class Register {
 public:
  // Filters of the list endpoints. Empty fields do not filter.
  struct ListFilter {
    std::string region_prefix;  // the record's county starts with this
    std::string site;           // households: their site; workers: their household's site
    std::string household;      // workers of this household
    std::string employer;       // postings of this employer
  };

  // The county (6-digit region) a record belongs to: its own region for
  // households, employers and trainings; the household's for a worker; the
  // employer's for a posting. Empty when the record it depends on is absent.
  std::string CountyOf(const Record& r) const;

  // nullptr when absent.
  const Record* Find(Kind kind, const std::string& id) const;

  // One error per reference of `r` that names a record not in the register
  // ("/household": "no household with id H1").
  std::vector<FieldError> CheckReferences(const Record& r) const;

  // Up to `max` records that point at (kind, id), as "worker W1"; empty when
  // nothing does, so the record may be deleted.
  std::vector<std::string> ReferencedBy(Kind kind, const std::string& id, size_t max = 5) const;

  // The worker holding `id_number`, or "" when none.
  const std::string& WorkerWithIdNumber(const std::string& id_number) const;

  // Inserts or replaces. REQUIRES: CheckReferences(r) is empty.
  void Upsert(Record r);
  // Returns false when absent. REQUIRES: ReferencedBy(kind, id) is empty.
  bool Erase(Kind kind, const std::string& id);

  // Records of `kind` passing `filter` with id > `after_id`, in id order,
  // at most `limit`; `*more` tells whether further ones exist.
  std::vector<const Record*> List(Kind kind, const ListFilter& filter, const std::string& after_id,
                                  size_t limit, bool* more) const;
  // Which filters apply to `kind` ("site" does not apply to employers...).
  static bool FilterApplies(Kind kind, std::string_view filter_name);

  size_t Count(Kind kind) const { return records_[static_cast<size_t>(kind)].size(); }

  // Typed views for the matcher and the guarantee logic.
  template <typename T>
  std::vector<const T*> All(Kind kind) const {
    std::vector<const T*> out;
    out.reserve(Count(kind));
    for (const auto& [id, rec] : records_[static_cast<size_t>(kind)]) out.push_back(&std::get<T>(rec));
    return out;
  }

 private:
  bool Matches(const Record& r, const ListFilter& f) const;
  void Unlink(const Record& r);
  void Link(const Record& r);

  std::map<std::string, Record> records_[5];  // by Kind, ordered by id for stable paging
  std::map<std::string, std::set<std::string>> workers_by_household_;
  std::map<std::string, std::set<std::string>> postings_by_employer_;
  std::map<std::string, std::string> worker_by_id_number_;
};

}  // namespace leye
