#include "connectors/http/placement_service.h"

#include <simdjson.h>

#include "connectors/http/json_out.h"
#include "connectors/json/codec.h"
#include "matcher/placement_rules.h"
#include "matcher/validation.h"

namespace leye::http {
namespace {

bool IsEndReason(std::string_view s) {
  return s == "contract_end" || s == "quit" || s == "dismissed" || s == "moved" || s == "other";
}

}  // namespace

PlacementService::PlacementService(RegisterService& reg) : reg_(reg), store_(reg.redis()) {}

Status PlacementService::EnsureLoaded() {
  if (!reg_.ready()) return Status::Unavailable("the register is still loading from Redis; retry shortly");
  {
    std::lock_guard lock(mu_);
    if (loaded_) return Status::Ok();
  }
  auto all = store_.LoadAll();
  if (!all.ok()) return all.status();
  std::lock_guard lock(mu_);
  if (loaded_) return Status::Ok();
  for (auto& p : *all) book_.Upsert(std::move(p));
  loaded_ = true;
  return Status::Ok();
}

std::vector<Placement> PlacementService::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<Placement> out;
  out.reserve(book_.size());
  for (const Placement* p : book_.All()) out.push_back(*p);
  return out;
}

std::vector<Placement> PlacementService::OfWorkers(const std::vector<std::string>& workers) const {
  std::lock_guard lock(mu_);
  std::vector<Placement> out;
  for (const auto& w : workers)
    for (const Placement* p : book_.OfWorker(w)) out.push_back(*p);
  return out;
}

std::string PlacementService::WorkerCounty(const std::string& worker) const {
  return reg_.WithRegister([&](const Register& reg) {
    const leye::Record* w = reg.Find(Kind::kWorker, worker);
    return w ? reg.CountyOf(*w) : std::string();
  });
}

void PlacementService::Notify(const std::string& worker) const {
  if (!households_changed_) return;
  const std::string household = reg_.WithRegister([&](const Register& reg) {
    const leye::Record* w = reg.Find(Kind::kWorker, worker);
    return w ? std::get<Worker>(*w).household : std::string();
  });
  if (!household.empty()) households_changed_({household});
}

std::string PlacementService::PostingCounty(const std::string& posting) const {
  return reg_.WithRegister([&](const Register& reg) {
    const leye::Record* p = reg.Find(Kind::kPosting, posting);
    return p ? reg.CountyOf(*p) : std::string();
  });
}

Result<Placement> PlacementService::Create(Placement p, const std::vector<StoredProposalUpdate>& proposal_updates) {
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  const Date today = reg_.Today();
  std::lock_guard write(write_mu_);
  const std::string worker_county = WorkerCounty(p.worker);
  if (worker_county.empty()) return Status::Invalid("no such worker", {{"/worker", "no worker with id " + p.worker}});
  std::string posting_county;
  int32_t slots = -1;
  if (p.posting) {
    std::optional<Posting> posting = reg_.WithRegister([&](const Register& reg) -> std::optional<Posting> {
      const leye::Record* r = reg.Find(Kind::kPosting, *p.posting);
      if (!r) return std::nullopt;
      return std::get<Posting>(*r);
    });
    if (!posting) return Status::Invalid("no such posting", {{"/posting", "no posting with id " + *p.posting}});
    if (!posting->open) return Status::Conflict("posting " + posting->id + " is closed");
    posting_county = PostingCounty(*p.posting);
    slots = posting->slots;
  }
  {
    std::lock_guard lock(mu_);
    if (const Placement* active = book_.ActiveOf(p.worker, std::max(today, p.start_date)))
      return Status::Conflict("worker " + p.worker + " already holds active placement " + active->id +
                              "; end it first");
    if (p.posting && book_.ActiveOnPosting(*p.posting, std::max(today, p.start_date)) >= slots)
      return Status::Conflict("posting " + *p.posting + " has no free slot left");
  }
  auto number = store_.NextPlacementNumber();
  if (!number.ok()) return number.status();
  char id[24];
  std::snprintf(id, sizeof id, "PL%07lld", static_cast<long long>(*number));
  p.id = id;
  p.status = PlacementStatus::kActive;
  // Redis checks the same day as the memory above: the later of today and the
  // start (a job lined up after a known coming end is no overlap).
  if (Status s = store_.Create(p, worker_county, posting_county, slots, std::max(today, p.start_date), proposal_updates);
      !s.ok())
    return s;
  {
    std::lock_guard lock(mu_);
    book_.Upsert(p);
  }
  Notify(p.worker);
  return p;
}

Result<std::string> PlacementService::Record(std::string_view body, const Principal& who) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not record placements");
  // The id is the server's to give: decode with a stand-in and refuse any other.
  constexpr const char* kPending = "assigned-by-server";
  auto decoded = DecodePlacement(body, kPending);
  if (!decoded.ok()) return decoded.status();
  Placement p = std::move(decoded).value();
  std::vector<FieldError> errors = ValidatePlacement(p);
  if (p.kind == PlacementKind::kMatched)
    errors.push_back({"/kind", "matched placements come from accepting a proposal; record self_found, "
                               "self_employed or migrant work here"});
  if (p.end_date) errors.push_back({"/end_date", "a new placement has no end yet; end it with /end"});
  if (p.id != kPending) errors.push_back({"/id", "is assigned by the server; leave it out"});
  if (p.status != PlacementStatus::kActive) errors.push_back({"/status", "a new placement is active"});
  if (!errors.empty()) return Status::Invalid("invalid placement", std::move(errors));
  const std::string county = WorkerCounty(p.worker);
  if (county.empty()) return Status::Invalid("no such worker", {{"/worker", "no worker with id " + p.worker}});
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this worker is outside your region");
  auto created = Create(std::move(p), {});
  if (!created.ok()) return created.status();
  return EncodePlacement(*created);
}

Result<std::string> PlacementService::End(const std::string& id, std::string_view body, const Principal& who) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not end placements");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get(doc) || doc.get_object().get(obj))
    return Status::Invalid("the body must be a JSON object like {\"end_date\":\"2027-03-01\",\"end_reason\":\"quit\"}");
  std::vector<FieldError> errors;
  std::optional<Date> end;
  std::string reason;
  bool has_end = false, has_reason = false;
  for (auto [key, value] : obj) {
    std::string_view v;
    if (key == "end_date") {
      has_end = true;
      if (value.get_string().get(v) || !ParseDate(v)) errors.push_back({"/end_date", "must be a date YYYY-MM-DD"});
      else end = ParseDate(v);
    } else if (key == "end_reason") {
      has_reason = true;
      if (value.get_string().get(v) || !IsEndReason(v))
        errors.push_back({"/end_reason", "must be one of: contract_end, quit, dismissed, moved, other"});
      else reason = std::string(v);
    } else {
      errors.push_back({"/" + std::string(key), "unknown field"});
    }
  }
  if (!has_end) errors.push_back({"/end_date", "is required"});
  if (!has_reason) errors.push_back({"/end_reason", "is required"});
  std::lock_guard write(write_mu_);
  Placement p;
  {
    std::lock_guard lock(mu_);
    const Placement* found = book_.Find(id);
    if (!found) return Status::NotFound("no placement with id " + id);
    p = *found;
  }
  if (end && *end < p.start_date)
    errors.push_back({"/end_date", "is before the placement's start_date " + FormatDate(p.start_date)});
  if (!errors.empty()) return Status::Invalid("invalid end of placement", std::move(errors));
  const std::string county = WorkerCounty(p.worker);
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this worker is outside your region");
  if (p.end_date) return Status::Conflict("placement " + id + " already has its end recorded (" + FormatDate(*p.end_date) + ")");
  p.end_date = end;
  p.end_reason = reason;
  p.status = *end <= reg_.Today() ? PlacementStatus::kEnded : PlacementStatus::kActive;
  if (Status s = store_.Update(p, county, p.posting ? PostingCounty(*p.posting) : county); !s.ok()) return s;
  {
    std::lock_guard lock(mu_);
    book_.Upsert(p);
  }
  Notify(p.worker);
  return EncodePlacement(p);
}

Result<std::string> PlacementService::Get(const std::string& id, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read placements");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  Placement p;
  {
    std::lock_guard lock(mu_);
    const Placement* found = book_.Find(id);
    if (!found) return Status::NotFound("no placement with id " + id);
    p = *found;
  }
  if (!who.CoversRegion(WorkerCounty(p.worker))) return Status::PermissionDenied("this placement is outside your region");
  return EncodePlacement(p);
}

Result<std::string> PlacementService::List(const std::string& worker, const std::string& posting,
                                           const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read placements");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  if (worker.empty() == posting.empty())
    return Status::Invalid("name exactly one of ?worker= or ?posting=", {{"", "name exactly one of worker or posting"}});
  std::vector<Placement> list;
  {
    std::lock_guard lock(mu_);
    for (const Placement* p : book_.All())
      if ((!worker.empty() && p->worker == worker) || (!posting.empty() && p->posting && *p->posting == posting))
        list.push_back(*p);
  }
  std::stable_sort(list.begin(), list.end(), [](const Placement& a, const Placement& b) {
    return a.start_date != b.start_date ? a.start_date < b.start_date : a.id < b.id;
  });
  JsonOut j;
  j.BeginObject().Key("items").BeginArray();
  for (const auto& p : list)
    if (who.CoversRegion(WorkerCounty(p.worker))) j.Raw(EncodePlacement(p));
  j.EndArray().EndObject();
  return j.str();
}

}  // namespace leye::http
