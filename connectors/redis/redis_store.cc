// Why it is built this way:
// - One MULTI/EXEC per write, not a Lua script: every key of a put is known
//   before sending (the caller passes the previous record), so a plain
//   transaction is atomic enough, is readable in MONITOR and needs no script
//   cache management. The counties set is updated outside the transaction
//   because it lives in another Cluster slot; it is sent in the same round
//   trip, ahead of the MULTI.
// - Records are stored as the codec's canonical JSON, so the store has no
//   serialisation of its own to keep in step with the data model; only the
//   worker's id_number is swapped for its sealed form before encoding.
// - Bulk paths (PutMany, LoadAll) go through RedisClient::Pipeline in chunks:
//   one round trip per few hundred records keeps an import of 100 000 rows
//   to seconds while bounding the memory of one batch.
#include "connectors/redis/redis_store.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <set>

#include "connectors/json/codec.h"

namespace leye {
namespace {

constexpr size_t kPutBatch = 500;     // items per pipelined round trip of PutMany
constexpr size_t kMgetBatch = 1000;   // keys per MGET of LoadAll
constexpr size_t kMgetsPerTrip = 16;  // MGETs per pipelined round trip of LoadAll

Status CheckCounty(std::string_view county) {
  if (!IsValidRegion(county))
    return Status::Invalid("redis store: county must be a 6-digit region code, got '" +
                           std::string(county) + "'");
  return Status::Ok();
}

std::string Prefix(std::string_view county) {
  std::string k = "leye:{";
  k += county;
  k += "}:";
  return k;
}

const Worker* AsWorker(const Record* r) { return r ? std::get_if<Worker>(r) : nullptr; }

std::vector<std::string> ChangeEntry(std::string_view county, std::string_view op, Kind kind,
                                     const std::string& id) {
  return {"XADD",
          RedisStore::ChangesKey(county),
          "MAXLEN",
          "~",
          std::to_string(RedisStore::kChangesMaxLen),
          "*",
          "op",
          std::string(op),
          "kind",
          std::string(PluralName(kind)),
          "id",
          id};
}

Status FromErrorReply(std::string_view context, const std::string& msg) {
  std::string text = "redis store: ";
  text += context;
  text += msg;
  if (IsTransientRedisError(msg)) return Status::Unavailable(std::move(text));
  return Status::Internal(std::move(text));
}

// Checks the replies of one pipelined MULTI, n commands, EXEC starting at
// `at`. Ok when every command ran without an error reply.
Status CheckExec(const std::vector<RedisValue>& r, size_t at, size_t n) {
  if (r.size() < at + n + 2) return Status::Internal("redis store: missing replies");
  if (r[at].is_error()) return FromErrorReply("MULTI: ", r[at].str);
  for (size_t i = 0; i < n; ++i)
    if (r[at + 1 + i].is_error()) return FromErrorReply("command refused: ", r[at + 1 + i].str);
  const RedisValue& exec = r[at + n + 1];
  if (exec.is_error()) return FromErrorReply("EXEC: ", exec.str);
  if (exec.type != RedisValue::Type::kArray || exec.elements.size() != n)
    return Status::Internal("redis store: the transaction did not run");
  for (const auto& e : exec.elements)
    if (e.is_error()) return FromErrorReply("command failed: ", e.str);
  return Status::Ok();
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RedisStore::RedisStore(RedisClient& client, const PiiCipher& cipher)
    : client_(client), cipher_(cipher) {}

std::string RedisStore::RecordKey(std::string_view county, Kind kind, std::string_view id) {
  std::string k = Prefix(county);
  k += SingularName(kind);
  k += ':';
  k += id;
  return k;
}
std::string RedisStore::KindSetKey(std::string_view county, Kind kind) {
  return Prefix(county) + std::string(PluralName(kind));
}
std::string RedisStore::IdNumberKey(std::string_view county, std::string_view id_number_hmac) {
  return Prefix(county) + "idn:" + std::string(id_number_hmac);
}
std::string RedisStore::ChangesKey(std::string_view county) { return Prefix(county) + "changes"; }
std::string RedisStore::CountyKey(std::string_view county, std::string_view suffix) {
  return Prefix(county) + std::string(suffix);
}

Result<std::string> RedisStore::StoredJson(const Record& r) const {
  EncodeOptions opts;
  opts.id_visibility = IdVisibility::kFull;
  if (const Worker* w = std::get_if<Worker>(&r)) {
    Worker sealed = *w;
    sealed.id_number = cipher_.Seal(w->id_number);
    return EncodeRecord(Record(std::move(sealed)), opts);
  }
  return EncodeRecord(r, opts);
}

Result<Record> RedisStore::Decode(Kind kind, std::string_view json, std::string_view id,
                                  const std::string& key) const {
  auto rec = DecodeRecord(kind, json, id);
  if (!rec.ok())
    return Status::Internal("redis store: " + key + " does not decode: " + rec.status().message());
  if (Worker* w = std::get_if<Worker>(&*rec)) {
    auto plain = cipher_.Open(w->id_number);
    if (!plain.ok())
      return Status::Internal("redis store: " + key + ": id_number: " + plain.status().message());
    w->id_number = std::move(*plain);
  }
  return rec;
}

std::vector<std::vector<std::string>> RedisStore::PutCommands(
    const Record& r, const std::string& json, const std::string& county, const Record* previous,
    const std::string& previous_county) const {
  const Kind kind = KindOf(r);
  const std::string& id = IdOf(r);
  const std::string& old_county = previous_county.empty() ? county : previous_county;
  const bool moved = old_county != county;
  const Worker* w = std::get_if<Worker>(&r);
  const Worker* pw = AsWorker(previous);

  std::vector<std::vector<std::string>> cmds;
  if (moved) {
    cmds.push_back({"DEL", RecordKey(old_county, kind, id)});
    cmds.push_back({"SREM", KindSetKey(old_county, kind), id});
  }
  if (pw && !pw->id_number.empty() && (moved || !w || pw->id_number != w->id_number))
    cmds.push_back({"DEL", IdNumberKey(old_county, cipher_.Hmac(pw->id_number))});
  cmds.push_back({"SET", RecordKey(county, kind, id), json});
  cmds.push_back({"SADD", KindSetKey(county, kind), id});
  if (w && !w->id_number.empty())
    cmds.push_back({"SET", IdNumberKey(county, cipher_.Hmac(w->id_number)), id});
  cmds.push_back(ChangeEntry(county, "put", kind, id));
  if (moved) {
    auto entry = ChangeEntry(old_county, "delete", kind, id);
    entry.push_back("moved_to");
    entry.push_back(county);
    cmds.push_back(std::move(entry));
  }
  return cmds;
}

Status RedisStore::Put(const Record& r, const std::string& county, const Record* previous,
                       const std::string& previous_county) {
  if (Status s = CheckCounty(county); !s.ok()) return s;
  if (!previous_county.empty())
    if (Status s = CheckCounty(previous_county); !s.ok()) return s;
  if (previous && (KindOf(*previous) != KindOf(r) || IdOf(*previous) != IdOf(r)))
    return Status::Internal("redis store: the previous record is another record");
  auto json = StoredJson(r);
  if (!json.ok()) return json.status();
  auto cmds = PutCommands(r, *json, county, previous, previous_county);
  std::vector<std::vector<std::string>> all;
  all.reserve(cmds.size() + 3);
  all.push_back({"SADD", std::string(kCountiesKey), county});
  all.push_back({"MULTI"});
  all.insert(all.end(), std::make_move_iterator(cmds.begin()), std::make_move_iterator(cmds.end()));
  all.push_back({"EXEC"});
  auto replies = client_.Pipeline(all);
  if (!replies.ok()) return replies.status();
  if ((*replies)[0].is_error()) return FromErrorReply("SADD leye:counties: ", (*replies)[0].str);
  return CheckExec(*replies, 1, cmds.size());
}

Status RedisStore::PutMany(const std::vector<std::pair<Record, std::string>>& items,
                           size_t* stored) {
  size_t done = 0;
  if (stored) *stored = 0;
  if (items.empty()) return Status::Ok();
  std::set<std::string> counties;
  for (const auto& [rec, county] : items) {
    if (Status s = CheckCounty(county); !s.ok()) return s;
    counties.insert(county);
  }
  std::vector<std::string> sadd = {"SADD", std::string(kCountiesKey)};
  sadd.insert(sadd.end(), counties.begin(), counties.end());
  if (auto r = client_.Command(sadd); !r.ok()) return r.status();

  std::vector<std::vector<std::string>> batch;
  std::vector<size_t> sizes;  // commands inside each item's MULTI/EXEC
  for (size_t begin = 0; begin < items.size(); begin += kPutBatch) {
    const size_t end = std::min(items.size(), begin + kPutBatch);
    batch.clear();
    sizes.clear();
    for (size_t i = begin; i < end; ++i) {
      const auto& [rec, county] = items[i];
      auto json = StoredJson(rec);
      if (!json.ok()) {
        if (stored) *stored = done;
        return json.status();
      }
      auto cmds = PutCommands(rec, *json, county, nullptr, {});
      sizes.push_back(cmds.size());
      batch.push_back({"MULTI"});
      for (auto& c : cmds) batch.push_back(std::move(c));
      batch.push_back({"EXEC"});
    }
    auto replies = client_.Pipeline(batch);
    if (!replies.ok()) {
      if (stored) *stored = done;
      return replies.status();
    }
    size_t at = 0;
    for (size_t n : sizes) {
      if (Status s = CheckExec(*replies, at, n); !s.ok()) {
        if (stored) *stored = done;
        return s;
      }
      at += n + 2;
      ++done;
    }
  }
  if (stored) *stored = done;
  return Status::Ok();
}

Status RedisStore::Delete(const Record& r, const std::string& county) {
  if (Status s = CheckCounty(county); !s.ok()) return s;
  const Kind kind = KindOf(r);
  const std::string& id = IdOf(r);
  std::vector<std::vector<std::string>> cmds;
  cmds.push_back({"DEL", RecordKey(county, kind, id)});
  cmds.push_back({"SREM", KindSetKey(county, kind), id});
  if (const Worker* w = std::get_if<Worker>(&r); w && !w->id_number.empty())
    cmds.push_back({"DEL", IdNumberKey(county, cipher_.Hmac(w->id_number))});
  cmds.push_back(ChangeEntry(county, "delete", kind, id));
  auto r2 = client_.Transaction(cmds);
  if (!r2.ok()) return r2.status();
  return Status::Ok();
}

Result<Record> RedisStore::Get(Kind kind, const std::string& county, const std::string& id) {
  if (Status s = CheckCounty(county); !s.ok()) return s;
  const std::string key = RecordKey(county, kind, id);
  auto v = client_.Command({"GET", key});
  if (!v.ok()) return v.status();
  if (v->is_nil())
    return Status::NotFound("no " + std::string(SingularName(kind)) + " with id " + id);
  return Decode(kind, v->str, id, key);
}

Result<std::optional<Worker>> RedisStore::FindWorkerByIdNumber(const std::string& id_number,
                                                               const std::string& county) {
  std::vector<std::string> counties;
  if (!county.empty()) {
    if (Status s = CheckCounty(county); !s.ok()) return s;
    counties.push_back(county);
  } else {
    auto members = client_.Command({"SMEMBERS", std::string(kCountiesKey)});
    if (!members.ok()) return members.status();
    for (auto& m : members->elements) counties.push_back(std::move(m.str));
    std::sort(counties.begin(), counties.end());
  }
  if (counties.empty()) return std::optional<Worker>();
  const std::string mac = cipher_.Hmac(id_number);
  std::vector<std::vector<std::string>> gets;
  gets.reserve(counties.size());
  for (const auto& c : counties) gets.push_back({"GET", IdNumberKey(c, mac)});
  auto ids = client_.Pipeline(gets);
  if (!ids.ok()) return ids.status();
  for (size_t i = 0; i < counties.size(); ++i) {
    const RedisValue& v = (*ids)[i];
    if (v.is_error()) return FromErrorReply("GET index: ", v.str);
    if (v.is_nil()) continue;
    auto rec = Get(Kind::kWorker, counties[i], v.str);
    if (!rec.ok()) {
      if (rec.status().code() == StatusCode::kNotFound) continue;  // stale index entry
      return rec.status();
    }
    Worker& w = std::get<Worker>(*rec);
    if (w.id_number == id_number) return std::optional<Worker>(std::move(w));
  }
  return std::optional<Worker>();
}

Result<std::vector<Record>> RedisStore::LoadAll() {
  auto members = client_.Command({"SMEMBERS", std::string(kCountiesKey)});
  if (!members.ok()) return members.status();
  std::vector<std::string> counties;
  for (auto& m : members->elements)
    if (IsValidRegion(m.str)) counties.push_back(std::move(m.str));
  std::sort(counties.begin(), counties.end());

  // All id sets in one round trip, kind-major so the output is kind-major.
  std::vector<std::vector<std::string>> smembers;
  for (Kind kind : kAllKinds)
    for (const auto& c : counties) smembers.push_back({"SMEMBERS", KindSetKey(c, kind)});
  auto sets = client_.Pipeline(smembers);
  if (!sets.ok()) return sets.status();

  struct Batch {
    Kind kind;
    const std::string* county;
    std::vector<std::string> ids;
  };
  std::vector<Batch> batches;
  size_t total = 0;
  size_t at = 0;
  for (Kind kind : kAllKinds) {
    for (const auto& c : counties) {
      RedisValue& set = (*sets)[at++];
      if (set.is_error()) return FromErrorReply("SMEMBERS: ", set.str);
      std::vector<std::string> ids;
      ids.reserve(set.elements.size());
      for (auto& e : set.elements) ids.push_back(std::move(e.str));
      std::sort(ids.begin(), ids.end());
      total += ids.size();
      for (size_t b = 0; b < ids.size(); b += kMgetBatch) {
        size_t e = std::min(ids.size(), b + kMgetBatch);
        auto first = ids.begin() + static_cast<std::ptrdiff_t>(b);
        auto last = ids.begin() + static_cast<std::ptrdiff_t>(e);
        batches.push_back({kind, &c, std::vector<std::string>(first, last)});
      }
    }
  }

  std::vector<Record> out;
  out.reserve(total);
  for (size_t b = 0; b < batches.size(); b += kMgetsPerTrip) {
    const size_t e = std::min(batches.size(), b + kMgetsPerTrip);
    std::vector<std::vector<std::string>> mgets;
    for (size_t i = b; i < e; ++i) {
      std::vector<std::string> cmd = {"MGET"};
      cmd.reserve(batches[i].ids.size() + 1);
      for (const auto& id : batches[i].ids)
        cmd.push_back(RecordKey(*batches[i].county, batches[i].kind, id));
      mgets.push_back(std::move(cmd));
    }
    auto values = client_.Pipeline(mgets);
    if (!values.ok()) return values.status();
    for (size_t i = b; i < e; ++i) {
      const RedisValue& arr = (*values)[i - b];
      const Batch& batch = batches[i];
      if (arr.is_error()) return FromErrorReply("MGET: ", arr.str);
      if (arr.elements.size() != batch.ids.size())
        return Status::Internal("redis store: MGET returned a short array");
      for (size_t k = 0; k < batch.ids.size(); ++k) {
        const RedisValue& v = arr.elements[k];
        if (v.is_nil()) continue;  // deleted between SMEMBERS and MGET
        auto rec = Decode(batch.kind, v.str, batch.ids[k],
                          RecordKey(*batch.county, batch.kind, batch.ids[k]));
        if (!rec.ok()) return rec.status();
        out.push_back(std::move(*rec));
      }
    }
  }
  return out;
}

Status RedisStore::AppendAudit(const AuditEntry& e) {
  auto r = client_.Command({"XADD", std::string(kAuditKey), "*", "actor", e.actor, "action",
                            e.action, "kind", e.kind, "record_id", e.record_id, "at_ms",
                            std::to_string(e.at_ms != 0 ? e.at_ms : NowMs())});
  if (!r.ok()) return r.status();
  return Status::Ok();
}

Result<std::vector<RedisStore::AuditEntry>> RedisStore::ReadAudit(size_t max_entries) {
  std::vector<AuditEntry> out;
  if (max_entries == 0) return out;
  auto r = client_.Command(
      {"XREVRANGE", std::string(kAuditKey), "+", "-", "COUNT", std::to_string(max_entries)});
  if (!r.ok()) return r.status();
  out.reserve(r->elements.size());
  // Each entry: [id, [field, value, field, value, ...]].
  for (auto it = r->elements.rbegin(); it != r->elements.rend(); ++it) {
    if (it->elements.size() != 2) return Status::Internal("redis store: malformed audit entry");
    const auto& fv = it->elements[1].elements;
    AuditEntry e;
    for (size_t i = 0; i + 1 < fv.size(); i += 2) {
      const std::string& f = fv[i].str;
      const std::string& v = fv[i + 1].str;
      if (f == "actor")
        e.actor = v;
      else if (f == "action")
        e.action = v;
      else if (f == "kind")
        e.kind = v;
      else if (f == "record_id")
        e.record_id = v;
      else if (f == "at_ms")
        e.at_ms = std::strtoll(v.c_str(), nullptr, 10);
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status RedisStore::SetDocument(const std::string& key, std::string_view json) {
  auto r = client_.Command({"SET", key, std::string(json)});
  if (!r.ok()) return r.status();
  return Status::Ok();
}

Result<std::optional<std::string>> RedisStore::GetDocument(const std::string& key) {
  auto r = client_.Command({"GET", key});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(r->str));
}

Status RedisStore::DeleteDocument(const std::string& key) {
  auto r = client_.Command({"DEL", key});
  if (!r.ok()) return r.status();
  return Status::Ok();
}

}  // namespace leye
