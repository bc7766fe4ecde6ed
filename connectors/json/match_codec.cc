// RapidJSON's Writer, as for records: fields in a fixed order, so the same
// result gives the same bytes.
#include "connectors/json/match_codec.h"

#include <simdjson.h>

#include "connectors/json/writer_util.h"

namespace leye {
namespace {

using json::Done;
using json::Key;
using json::Str;
using json::Writer;
using json::WriteStrings;

void WriteLevels(Writer& w, const Levels& l) {
  w.StartObject();
  Key(w, "relocated_households_covered");
  w.Int64(l.relocated_households_covered);
  Key(w, "poor_households_first_job");
  w.Int64(l.poor_households_first_job);
  Key(w, "hard_to_employ_in_public_welfare");
  w.Int64(l.hard_to_employ_in_public_welfare);
  Key(w, "workers_placed");
  w.Int64(l.workers_placed);
  Key(w, "total_score");
  w.Int64(l.total_score);
  Key(w, "temporary_placed");
  w.Int64(l.temporary_placed);
  w.EndObject();
}

void WriteBlocker(Writer& w, const Blocker& b) {
  w.StartObject();
  Key(w, "rule");
  Str(w, ToString(b.rule));
  Key(w, "postings");
  w.Int(b.postings);
  Key(w, "example_posting");
  Str(w, b.example_posting);
  Key(w, "text");
  Str(w, b.text);
  w.EndObject();
}

}  // namespace

std::string EncodeLevels(const Levels& levels) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  WriteLevels(w, levels);
  return Done(sb);
}

std::string EncodeProposal(const Proposal& p, const ProposalMeta& meta) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  if (!meta.id.empty()) {
    Key(w, "id");
    Str(w, meta.id);
  }
  if (!meta.run.empty()) {
    Key(w, "run");
    Str(w, meta.run);
  }
  Key(w, "worker");
  Str(w, p.worker);
  Key(w, "posting");
  Str(w, p.posting);
  Key(w, "household");
  Str(w, p.household);
  Key(w, "steady");
  w.Bool(p.steady);
  Key(w, "score");
  w.Int(p.score);
  Key(w, "factors");
  w.StartArray();
  for (const auto& f : p.factors) {
    w.StartObject();
    Key(w, "kind");
    Str(w, ToString(f.kind));
    Key(w, "points");
    w.Int(f.points);
    Key(w, "max_points");
    w.Int(f.max_points);
    Key(w, "text");
    Str(w, f.text);
    w.EndObject();
  }
  w.EndArray();
  // The factors' words, on their own, for a kiosk to show as they are.
  Key(w, "reasons");
  w.StartArray();
  for (const auto& f : p.factors) Str(w, f.text);
  w.EndArray();
  if (!meta.status.empty()) {
    Key(w, "status");
    Str(w, meta.status);
  }
  w.EndObject();
  return Done(sb);
}

std::string EncodeUnplacedWorker(const UnplacedWorker& u) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "worker");
  Str(w, u.worker);
  Key(w, "household");
  Str(w, u.household);
  Key(w, "reason");
  Str(w, ToString(u.reason));
  if (u.blocker) {
    Key(w, "blocker");
    WriteBlocker(w, *u.blocker);
  }
  Key(w, "taken_postings");
  WriteStrings(w, u.taken_postings);
  Key(w, "text");
  Str(w, u.text);
  w.EndObject();
  return Done(sb);
}

std::string EncodeUncoveredHousehold(const UncoveredHousehold& u) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "household");
  Str(w, u.household);
  Key(w, "site");
  Str(w, u.site);
  Key(w, "work");
  Str(w, u.work == HouseholdWork::kAtRisk ? "at_risk" : "none");
  Key(w, "reason");
  Str(w, ToString(u.reason));
  if (u.blocker) {
    Key(w, "blocker");
    WriteBlocker(w, *u.blocker);
  }
  Key(w, "taken_postings");
  WriteStrings(w, u.taken_postings);
  Key(w, "temporary_proposal");
  w.Bool(u.temporary_proposal);
  Key(w, "text");
  Str(w, u.text);
  w.EndObject();
  return Done(sb);
}

Result<Proposal> DecodeProposal(std::string_view json, ProposalMeta* meta) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc)) return Status::Internal("stored proposal is not JSON");
  Proposal p;
  auto str = [&](const char* key, std::string& out) {
    std::string_view v;
    if (!doc[key].get_string().get(v)) out = std::string(v);
  };
  str("worker", p.worker);
  str("posting", p.posting);
  str("household", p.household);
  bool steady = true;
  if (!doc["steady"].get_bool().get(steady)) p.steady = steady;
  int64_t score = 0;
  if (!doc["score"].get_int64().get(score)) p.score = static_cast<int32_t>(score);
  simdjson::dom::array factors;
  if (!doc["factors"].get_array().get(factors)) {
    for (auto f : factors) {
      FitFactor factor;
      std::string_view kind, text;
      int64_t points = 0, max_points = 0;
      if (f["kind"].get_string().get(kind)) {}
      if (f["text"].get_string().get(text)) {}
      if (f["points"].get_int64().get(points)) {}
      if (f["max_points"].get_int64().get(max_points)) {}
      for (auto k : {FitFactorKind::kSkills, FitFactorKind::kWish, FitFactorKind::kCommute, FitFactorKind::kWage})
        if (ToString(k) == kind) factor.kind = k;
      factor.text = std::string(text);
      factor.points = static_cast<int32_t>(points);
      factor.max_points = static_cast<int32_t>(max_points);
      p.factors.push_back(std::move(factor));
    }
  }
  if (meta) {
    str("id", meta->id);
    str("run", meta->run);
    str("status", meta->status);
  }
  if (p.worker.empty() || p.posting.empty()) return Status::Internal("stored proposal lacks worker or posting");
  return p;
}

Result<Decline> DecodeDecline(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc))
    return Status::Invalid("malformed JSON", {{"", "malformed JSON"}});
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) return Status::Invalid("must be an object", {{"", "must be an object"}});
  Decline d;
  std::vector<FieldError> errors;
  for (const char* field : {"worker", "posting"}) {
    std::string_view v;
    auto el = obj[field];
    if (el.error() == simdjson::NO_SUCH_FIELD) {
      errors.push_back({std::string("/") + field, "is required"});
    } else if (el.get_string().get(v)) {
      errors.push_back({std::string("/") + field, "must be a string"});
    } else if (!IsValidId(v)) {
      errors.push_back({std::string("/") + field, "must match [A-Za-z0-9_-]{1,64}"});
    } else {
      (field[0] == 'w' ? d.worker : d.posting) = std::string(v);
    }
  }
  for (auto [key, value] : obj)
    if (key != "worker" && key != "posting") errors.push_back({"/" + std::string(key), "unknown field"});
  if (!errors.empty()) return Status::Invalid("invalid decline", std::move(errors));
  return d;
}

}  // namespace leye
