// Write path, in this order, under the exclusive lock:
//   decode + validate (no lock needed) -> references, regions, uniqueness ->
//   Redis MULTI/EXEC (record + indexes + change stream) -> memory.
// Memory changes only after Redis acknowledged, so a failed write leaves
// both as they were, and an acknowledged one survives a kill -9 of this
// process (it is rebuilt from Redis at start).
#include "connectors/http/register_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "connectors/http/json_out.h"
#include "connectors/importer/record_import.h"
#include "connectors/importer/table_reader.h"
#include "connectors/json/codec.h"
#include "matcher/validation.h"

namespace leye::http {
namespace {

RedisOptions RedisOptionsFrom(const Config& c) {
  RedisOptions o;
  auto ep = ParseRedisUrl(c.redis_url);
  if (ep.ok()) o.endpoint = *ep;  // validated before the service is built
  o.connect_timeout = std::chrono::milliseconds(c.redis_connect_timeout_ms);
  o.command_timeout = std::chrono::milliseconds(c.redis_command_timeout_ms);
  o.pool_size = static_cast<size_t>(c.threads) + 2;
  return o;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool AllAtRoot(const std::vector<FieldError>& errors) {
  for (const auto& e : errors)
    if (!e.pointer.empty()) return false;
  return !errors.empty();
}

}  // namespace

RegisterService::RegisterService(Config config, PiiCipher cipher, std::function<Date()> today)
    : config_(std::move(config)),
      auth_(config_),
      cipher_(std::move(cipher)),
      today_(std::move(today)),
      client_(RedisOptionsFrom(config_)),
      store_(client_, cipher_) {}

RegisterService::~RegisterService() { Stop(); }

void RegisterService::StartLoading() {
  loader_ = std::thread([this] {
    std::string last_error;
    while (!stopping_.load()) {
      const Status s = LoadNow();
      if (s.ok()) return;
      // Said once per distinct reason: without it a register that cannot
      // load (Redis away, a record that does not decode) is only a /readyz
      // 503 with no why. Messages name keys and ids, never personal data.
      if (s.message() != last_error) {
        last_error = s.message();
        spdlog::error(R"("msg":"loading the register from Redis failed; retrying each second","error":{})",
                      JsonQuote(last_error));
      }
      for (int i = 0; i < 10 && !stopping_.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

void RegisterService::Stop() {
  stopping_ = true;
  if (loader_.joinable()) loader_.join();
}

Status RegisterService::LoadNow() {
  auto all = store_.LoadAll();
  if (!all.ok()) return all.status();
  Register fresh;
  // Parents before children, so references resolve as they are inserted.
  for (Kind k : kAllKinds)
    for (auto& r : *all)
      if (KindOf(r) == k) fresh.Upsert(std::move(r));
  {
    std::unique_lock lock(mu_);
    register_ = std::move(fresh);
  }
  ready_ = true;
  return Status::Ok();
}

Status RegisterService::EnsureReady() const {
  if (!ready_.load()) return Status::Unavailable("the register is still loading from Redis; retry shortly");
  return Status::Ok();
}

std::string RegisterService::Encode(const Record& r, const Principal& who) const {
  EncodeOptions o;
  o.id_visibility = who.id_visibility();
  o.today = today_();
  return EncodeRecord(r, o);
}

Status RegisterService::AuditIdReads(const Principal& who, const std::vector<const Record*>& shown) {
  if (who.id_visibility() != IdVisibility::kFull) return Status::Ok();
  const int64_t now = NowMs();
  for (const Record* r : shown) {
    if (KindOf(*r) != Kind::kWorker) continue;
    Status s = store_.AppendAudit({who.name, "read_id_number", "worker", IdOf(*r), now});
    if (!s.ok()) return s;  // no audit record, no personal data
  }
  return Status::Ok();
}

std::vector<FieldError> RegisterService::CheckWrite(const Record& r, const Record* previous,
                                                    const Principal& who, Status* refusal) const {
  std::vector<FieldError> errors = register_.CheckReferences(r);
  if (!errors.empty()) return errors;
  const std::string county = register_.CountyOf(r);
  if (!who.CoversRegion(county)) {
    *refusal = Status::PermissionDenied("region " + county + " is outside your region " +
                                        (who.region_prefix.empty() ? "(all)" : who.region_prefix));
    return errors;
  }
  if (previous) {
    const std::string old_county = register_.CountyOf(*previous);
    if (!who.CoversRegion(old_county)) {
      *refusal = Status::PermissionDenied("the stored record is in region " + old_county +
                                          ", outside your region");
      return errors;
    }
    if (old_county != county && !register_.ReferencedBy(KindOf(r), IdOf(r), 1).empty()) {
      *refusal = Status::Conflict("cannot move " + std::string(SingularName(KindOf(r))) + " " + IdOf(r) +
                                  " to region " + county + " while records point at it (" +
                                  register_.ReferencedBy(KindOf(r), IdOf(r), 1)[0] + "); move or delete them first");
      return errors;
    }
  }
  if (const auto* w = std::get_if<Worker>(&r)) {
    const std::string& holder = register_.WorkerWithIdNumber(w->id_number);
    if (!holder.empty() && holder != w->id) {
      *refusal = Status::Conflict("another worker already has this ID number");
      return errors;
    }
  }
  return errors;
}

namespace {
// The households whose guarantee status a change of `r` (from `previous`) may move.
void AffectedHouseholds(const Record& r, const Record* previous, std::vector<std::string>* out) {
  if (const auto* h = std::get_if<Household>(&r)) out->push_back(h->id);
  if (const auto* w = std::get_if<Worker>(&r)) out->push_back(w->household);
  if (previous)
    if (const auto* w = std::get_if<Worker>(previous); w && w->household != out->back()) out->push_back(w->household);
}
}  // namespace

Result<RegisterService::PutOutcome> RegisterService::Put(Kind kind, const std::string& id, std::string_view body,
                                                         const Principal& who) {
  std::vector<std::string> affected;
  auto out = PutImpl(kind, id, body, who, &affected);
  if (out.ok()) Notify(affected);
  return out;
}

Status RegisterService::Delete(Kind kind, const std::string& id, const Principal& who) {
  std::vector<std::string> affected;
  Status s = DeleteImpl(kind, id, who, &affected);
  if (s.ok()) Notify(affected);
  return s;
}

Result<ImportReport> RegisterService::Import(Kind kind, std::string_view bytes, const Principal& who) {
  std::vector<std::string> affected;
  auto out = ImportImpl(kind, bytes, who, &affected);
  Notify(affected);  // also after a partial import: what was stored counts
  return out;
}

Result<RegisterService::PutOutcome> RegisterService::PutImpl(Kind kind, const std::string& id,
                                                             std::string_view body, const Principal& who,
                                                             std::vector<std::string>* affected) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not change the register");
  if (!IsValidId(id)) return Status::Invalid("the id in the path must match [A-Za-z0-9_-]{1,64}");
  auto decoded = DecodeRecord(kind, body, id);
  if (!decoded.ok()) {
    if (AllAtRoot(decoded.status().errors())) return Status::Invalid(decoded.status().errors()[0].message);
    return decoded.status();
  }
  Record r = std::move(decoded).value();
  if (auto errors = Validate(r); !errors.empty())
    return Status::Invalid("the " + std::string(SingularName(kind)) + " has invalid fields", std::move(errors));
  if (Status s = EnsureReady(); !s.ok()) return s;

  std::unique_lock lock(mu_);
  const Record* existing = register_.Find(kind, id);
  std::optional<Record> previous;
  if (existing) previous = *existing;
  Status refusal;
  auto errors = CheckWrite(r, existing, who, &refusal);
  if (!errors.empty())
    return Status::Invalid("the " + std::string(SingularName(kind)) + " refers to records that do not exist",
                           std::move(errors));
  if (!refusal.ok()) return refusal;
  if (!previous || !(*previous == r)) {
    const std::string county = register_.CountyOf(r);
    const std::string old_county = previous ? register_.CountyOf(*previous) : std::string();
    if (Status s = store_.Put(r, county, previous ? &*previous : nullptr, old_county); !s.ok()) return s;
    register_.Upsert(r);
    AffectedHouseholds(r, previous ? &*previous : nullptr, affected);
  }
  const Record* stored = register_.Find(kind, id);
  std::vector<const Record*> shown{stored};
  if (Status s = AuditIdReads(who, shown); !s.ok()) return s;
  return PutOutcome{!previous.has_value(), Encode(*stored, who)};
}

Result<std::string> RegisterService::Get(Kind kind, const std::string& id, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read the register");
  if (Status s = EnsureReady(); !s.ok()) return s;
  std::shared_lock lock(mu_);
  const Record* r = register_.Find(kind, id);
  if (!r) return Status::NotFound("no " + std::string(SingularName(kind)) + " with id " + id);
  if (!who.CoversRegion(register_.CountyOf(*r)))
    return Status::PermissionDenied("this " + std::string(SingularName(kind)) + " is outside your region");
  if (Status s = AuditIdReads(who, {r}); !s.ok()) return s;
  return Encode(*r, who);
}

Status RegisterService::DeleteImpl(Kind kind, const std::string& id, const Principal& who,
                                   std::vector<std::string>* affected) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not change the register");
  if (Status s = EnsureReady(); !s.ok()) return s;
  std::unique_lock lock(mu_);
  const Record* r = register_.Find(kind, id);
  if (!r) return Status::NotFound("no " + std::string(SingularName(kind)) + " with id " + id);
  const std::string county = register_.CountyOf(*r);
  if (!who.CoversRegion(county))
    return Status::PermissionDenied("this " + std::string(SingularName(kind)) + " is outside your region");
  if (auto refs = register_.ReferencedBy(kind, id); !refs.empty()) {
    std::string list;
    for (const auto& ref : refs) list += (list.empty() ? "" : ", ") + ref;
    return Status::Conflict(std::string(SingularName(kind)) + " " + id + " is still referenced by " + list +
                            "; delete or change those first");
  }
  if (Status s = store_.Delete(*r, county); !s.ok()) return s;
  if (const auto* w = std::get_if<Worker>(r)) affected->push_back(w->household);
  register_.Erase(kind, id);
  return Status::Ok();
}

Result<std::string> RegisterService::List(Kind kind, const ListQuery& q, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read the register");
  if (Status s = EnsureReady(); !s.ok()) return s;
  Register::ListFilter filter = q.filter;
  // The caller's region prefix narrows every listing.
  if (filter.region_prefix.rfind(who.region_prefix, 0) != 0) {
    if (who.region_prefix.rfind(filter.region_prefix, 0) == 0)
      filter.region_prefix = who.region_prefix;
    else
      return Status::PermissionDenied("region " + filter.region_prefix + " is outside your region " +
                                      who.region_prefix);
  }
  std::shared_lock lock(mu_);
  bool more = false;
  auto page = register_.List(kind, filter, q.cursor, q.limit, &more);
  if (Status s = AuditIdReads(who, page); !s.ok()) return s;
  JsonOut j;
  j.BeginObject().Key("items").BeginArray();
  for (const Record* r : page) j.Raw(Encode(*r, who));
  j.EndArray().Key("next");
  if (more && !page.empty())
    j.Str(IdOf(*page.back()));
  else
    j.Null();
  j.EndObject();
  return j.str();
}

Result<ImportReport> RegisterService::ImportImpl(Kind kind, std::string_view bytes, const Principal& who,
                                                 std::vector<std::string>* affected) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not change the register");
  auto table = ReadTable(bytes);
  if (!table.ok()) return table.status();
  auto batch = ImportTable(kind, *table);
  if (!batch.ok()) return batch.status();
  if (Status s = EnsureReady(); !s.ok()) return s;

  ImportReport report;
  report.rows = batch->rows;
  for (const auto& rej : batch->rejected) report.rejected.push_back({rej.line, rej.field, rej.reason});

  std::unique_lock lock(mu_);
  std::vector<std::pair<Record, std::string>> items;
  std::map<std::string, size_t> id_number_line;  // one person, one row
  for (size_t i = 0; i < batch->accepted.size(); ++i) {
    const Record& r = batch->accepted[i];
    const size_t line = batch->accepted_lines[i];
    const Record* existing = register_.Find(kind, IdOf(r));
    Status refusal;
    auto errors = CheckWrite(r, existing, who, &refusal);
    if (!errors.empty()) {
      report.rejected.push_back({line, errors[0].pointer.substr(1), errors[0].message});
      continue;
    }
    if (!refusal.ok()) {
      std::string field = refusal.message().find("ID number") != std::string::npos ? "id_number" : "region";
      report.rejected.push_back({line, field, refusal.message()});
      continue;
    }
    if (const auto* w = std::get_if<Worker>(&r)) {
      auto [it, fresh] = id_number_line.emplace(w->id_number, line);
      if (!fresh) {
        report.rejected.push_back({line, "id_number", "same ID number as line " + std::to_string(it->second)});
        continue;
      }
    }
    ++report.accepted;
    if (existing && *existing == r) {
      ++report.unchanged;
      continue;
    }
    if (existing) {
      // A change goes through Put, which also moves keys and indexes that the
      // previous version owned (another county, another ID number).
      const Record previous = *existing;
      if (Status s = store_.Put(r, register_.CountyOf(r), &previous, register_.CountyOf(previous)); !s.ok())
        return Status::Unavailable(s.message() + "; import the file again to finish (it is idempotent)");
      AffectedHouseholds(r, &previous, affected);
      register_.Upsert(r);
      ++report.updated;
      continue;
    }
    items.emplace_back(r, register_.CountyOf(r));
  }
  // New records are pipelined: 100 000 rows in seconds, not minutes.
  size_t stored = 0;
  Status s = store_.PutMany(items, &stored);
  for (size_t i = 0; i < stored; ++i) {
    ++report.created;
    AffectedHouseholds(items[i].first, nullptr, affected);
    register_.Upsert(std::move(items[i].first));
  }
  if (!s.ok())
    return Status::Unavailable(s.message() + "; " + std::to_string(stored) + " of " +
                               std::to_string(items.size()) +
                               " new rows were stored; import the file again to finish (it is idempotent)");
  std::sort(report.rejected.begin(), report.rejected.end(),
            [](const ImportRowError& a, const ImportRowError& b) { return a.line < b.line; });
  return report;
}

}  // namespace leye::http
