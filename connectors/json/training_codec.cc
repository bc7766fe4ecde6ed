#include "connectors/json/training_codec.h"

#include "connectors/json/writer_util.h"

namespace leye {
namespace {

using json::Done;
using json::Key;
using json::Str;
using json::Writer;
using json::WriteStrings;

void WriteTotals(Writer& w, const TrainingTotals& t) {
  w.StartObject();
  Key(w, "relocated_households_coverable");
  w.Int64(t.relocated_households_coverable);
  Key(w, "poor_households_coverable");
  w.Int64(t.poor_households_coverable);
  Key(w, "workers_gaining_posting");
  w.Int64(t.workers_gaining_posting);
  w.EndObject();
}

}  // namespace

std::string EncodeTrainingPlan(const TrainingPlan& plan, const std::string& region, Date date) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "region");
  Str(w, region);
  Key(w, "date");
  Str(w, FormatDate(date));
  Key(w, "exact");
  w.Bool(plan.exact);
  Key(w, "method");
  Str(w, plan.method);
  Key(w, "totals");
  WriteTotals(w, plan.totals);
  Key(w, "upper_bound");
  if (plan.upper_bound) WriteTotals(w, *plan.upper_bound); else w.Null();
  Key(w, "assignments");
  w.StartArray();
  for (const auto& a : plan.assignments) {
    w.StartObject();
    Key(w, "worker");
    Str(w, a.worker);
    Key(w, "household");
    Str(w, a.household);
    Key(w, "training");
    Str(w, a.training);
    Key(w, "opens_posting");
    Str(w, a.opens_posting);
    Key(w, "postings_opened");
    WriteStrings(w, a.postings_opened);
    Key(w, "level");
    w.Int(a.level);
    Key(w, "why");
    Str(w, a.why);
    w.EndObject();
  }
  w.EndArray();
  const TrainingStats& s = plan.stats;
  Key(w, "stats");
  w.StartObject();
  const std::pair<const char*, int64_t> stats[] = {
      {"trainees", s.trainees}, {"courses", s.courses}, {"seats", s.seats}, {"postings", s.postings},
      {"slots", s.slots}, {"options", s.options}, {"pairs", s.pairs}, {"triples", s.triples},
      {"components", s.components}, {"components_flow", s.components_flow}, {"components_ilp", s.components_ilp},
      {"components_ilp_proven", s.components_ilp_proven}, {"components_bound", s.components_bound}};
  for (const auto& [k, v] : stats) {
    Key(w, k);
    w.Int64(v);
  }
  w.EndObject();
  w.EndObject();
  return Done(sb);
}

std::string EncodeCourseAdvice(const CourseAdvice& a) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "training");
  Str(w, a.training);
  Key(w, "title");
  Str(w, a.title);
  Key(w, "teaches");
  w.StartArray();
  for (const auto& s : a.teaches) {
    w.StartObject();
    Key(w, "code");
    Str(w, s.code);
    Key(w, "level");
    w.Int(s.level);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "start_date");
  Str(w, FormatDate(a.start_date));
  Key(w, "distance_km");
  w.Double(static_cast<double>(static_cast<int64_t>(a.distance_km * 10 + 0.5)) / 10);
  Key(w, "postings_opened");
  WriteStrings(w, a.postings_opened);
  Key(w, "why");
  Str(w, a.why);
  w.EndObject();
  return Done(sb);
}

}  // namespace leye
