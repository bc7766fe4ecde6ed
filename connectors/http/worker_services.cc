#include "connectors/http/worker_services.h"

#include <simdjson.h>

#include <algorithm>
#include <set>

#include "connectors/http/json_out.h"
#include "connectors/http/region_date_request.h"
#include "connectors/json/codec.h"
#include "connectors/json/training_codec.h"
#include "matcher/id_number.h"
#include "matcher/occupation_catalog.h"
#include "matcher/service_package.h"

namespace leye::http {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// One plain Chinese line per offer: where, pay, why it fits.
void WriteOffer(JsonOut& j, const ServiceOffer& o) {
  j.BeginObject();
  j.Key("posting").Str(o.posting).Key("employer").Str(o.employer).Key("title").Str(o.title);
  j.Key("employer_kind").Str(ToString(o.employer_kind)).Key("steady").Bool(o.steady);
  j.Key("current_proposal").Bool(o.current_proposal);
  if (o.current_proposal) j.Key("proposal").Str(o.proposal_id);
  j.Key("free_slots").Int(o.free_slots);
  j.Key("distance_km").Double(static_cast<double>(static_cast<int64_t>(o.distance_km * 10 + 0.5)) / 10);
  j.Key("score").Int(o.fit.total);
  j.Key("factors").BeginArray();
  for (const auto& f : o.fit.factors)
    j.BeginObject().Key("kind").Str(ToString(f.kind)).Key("points").Int(f.points).Key("max_points").Int(f.max_points)
        .Key("text").Str(f.text).EndObject();
  j.EndArray();
  j.Key("reasons").BeginArray();
  for (const auto& f : o.fit.factors) j.Str(f.text);
  j.EndArray();
  j.EndObject();
}

}  // namespace

WorkerServices::WorkerServices(RegisterService& reg, PlacementService& placements, MatchService& match,
                               PolicyConfig policy)
    : reg_(reg), placements_(placements), match_(match), policy_(policy), store_(reg.redis()) {}

std::string WorkerServices::WorkerCounty(const std::string& worker) const {
  return reg_.WithRegister([&](const Register& reg) {
    const leye::Record* w = reg.Find(Kind::kWorker, worker);
    return w ? reg.CountyOf(*w) : std::string();
  });
}

Status WorkerServices::EnsureLoaded() {
  if (!reg_.ready()) return Status::Unavailable("the register is still loading from Redis; retry shortly");
  {
    std::lock_guard lock(mu_);
    if (loaded_) return Status::Ok();
  }
  auto all = store_.LoadAll();
  if (!all.ok()) return all.status();
  auto delivered = store_.AllDelivered();
  if (!delivered.ok()) return delivered.status();
  std::lock_guard lock(mu_);
  if (loaded_) return Status::Ok();
  for (const auto& [worker, kinds] : *delivered)
    delivered_[worker] = {kinds.count("guidance") > 0, kinds.count("offers") > 0, kinds.count("training") > 0};
  simdjson::dom::parser parser;
  for (const auto& s : *all) {
    simdjson::dom::element el;
    if (parser.parse(s.json).get(el)) continue;
    Enrolment e;
    e.id = s.id;
    e.county = s.county;
    auto str = [&](const char* key, std::string& out) {
      std::string_view v;
      if (!el[key].get_string().get(v)) out = std::string(v);
    };
    str("training", e.training);
    str("worker", e.worker);
    str("status", e.status);
    str("enrolled_on", e.enrolled_on);
    str("closed_on", e.closed_on);
    str("training_county", e.training_county);
    enrolments_[e.id] = std::move(e);
  }
  loaded_ = true;
  return Status::Ok();
}

std::string WorkerServices::EnrolmentJson(const Enrolment& e) const {
  JsonOut j;
  j.BeginObject().Key("id").Str(e.id).Key("training").Str(e.training).Key("worker").Str(e.worker);
  j.Key("status").Str(e.status).Key("enrolled_on").Str(e.enrolled_on);
  if (!e.closed_on.empty()) j.Key("closed_on").Str(e.closed_on);
  j.Key("training_county").Str(e.training_county).EndObject();
  return j.str();
}

Result<std::string> WorkerServices::Package(const std::string& worker, std::optional<Date> date,
                                            const Principal& who) {
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  if (Status s = placements_.EnsureLoaded(); !s.ok()) return s;
  const Date d = date.value_or(reg_.Today());
  const std::string county = WorkerCounty(worker);
  if (county.empty()) return Status::NotFound("no worker with id " + worker);
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this worker is outside your region");
  const MatchService::RunView run = match_.LatestRunFor(county, worker);
  const std::vector<Placement> placements = placements_.Snapshot();
  auto delivered = store_.Delivered(county, worker);
  if (!delivered.ok()) return delivered.status();

  // The course advice looks at this worker alone against every course and
  // posting (its household for the household-first value).
  TrainingProblem tp;
  tp.date = d;
  tp.policy = policy_;
  tp.placements = placements;
  tp.proposals = run.proposals;
  tp.declines = match_.Declines();
  tp.enrolments = OpenEnrolments();
  ServicePackage pkg = reg_.WithRegister([&](const Register& reg) {
    ServicePackageInput in;
    const leye::Record* wr = reg.Find(Kind::kWorker, worker);
    const Worker& w = std::get<Worker>(*wr);
    in.worker = &w;
    in.household = &std::get<Household>(*reg.Find(Kind::kHousehold, w.household));
    in.postings = reg.All<Posting>(Kind::kPosting);
    in.employers = reg.All<Employer>(Kind::kEmployer);
    in.trainings = reg.All<Training>(Kind::kTraining);
    for (const Placement& p : placements) in.placements.push_back(&p);
    in.run_taken = run.taken_by_others;
    in.current_posting = run.current_posting;
    in.current_proposal_id = run.current_proposal_id;
    in.date = d;
    in.policy = policy_;
    in.names = &OccupationNameMap();
    tp.workers.push_back(w);
    tp.households.push_back(*in.household);
    for (const Employer* e : in.employers) tp.employers.push_back(*e);
    for (const Posting* p : in.postings) tp.postings.push_back(*p);
    for (const Training* t : in.trainings) tp.trainings.push_back(*t);
    return BuildServicePackage(in);
  });
  auto advice = BestCourseFor(tp, worker);
  if (!advice.ok()) return advice.status();

  JsonOut j;
  j.BeginObject().Key("worker").Str(worker).Key("date").Str(FormatDate(d));
  j.Key("offers").BeginArray();
  for (const auto& o : pkg.offers) WriteOffer(j, o);
  j.EndArray();
  j.Key("training");
  if (*advice) j.Raw(EncodeCourseAdvice(**advice)); else j.Null();
  j.Key("guidance").BeginArray();
  for (const auto& g : pkg.guidance) j.BeginObject().Key("kind").Str(g.kind).Key("text").Str(g.text).EndObject();
  j.EndArray();
  j.Key("delivered").BeginObject();
  for (const char* k : {"guidance", "offers", "training"}) {
    j.Key(k);
    auto it = delivered->find(k);
    if (it == delivered->end()) j.Null(); else j.Str(it->second);
  }
  j.EndObject();
  std::optional<Enrolment> open;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, e] : enrolments_)
      if (e.worker == worker && e.status == "enrolled") open = e;
  }
  j.Key("enrolment");
  if (open) j.Raw(EnrolmentJson(*open)); else j.Null();
  j.EndObject();
  return j.str();
}

Result<std::string> WorkerServices::Delivered(const std::string& worker, std::string_view body, const Principal& who) {
  if (who.role == Role::kMonitor) return Status::PermissionDenied("your role may not record service delivery");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get(doc) || doc.get_object().get(obj))
    return Status::Invalid("the body must be a JSON object like {\"guidance\":\"2026-12-01\",\"offers\":\"2026-12-01\"}");
  std::vector<FieldError> errors;
  std::vector<std::pair<std::string, std::string>> fields;
  for (auto [key, value] : obj) {
    std::string_view v;
    if (key != "guidance" && key != "offers" && key != "training") {
      errors.push_back({"/" + std::string(key), "unknown field: name guidance, offers or training"});
    } else if (value.get_string().get(v) || !ParseDate(v)) {
      errors.push_back({"/" + std::string(key), "must be a date YYYY-MM-DD"});
    } else {
      fields.emplace_back(std::string(key), std::string(v));
    }
  }
  if (fields.empty() && errors.empty()) errors.push_back({"", "name at least one of guidance, offers, training"});
  if (!errors.empty()) return Status::Invalid("invalid delivery record", std::move(errors));
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  const std::string county = WorkerCounty(worker);
  if (county.empty()) return Status::NotFound("no worker with id " + worker);
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this worker is outside your region");
  if (Status s = store_.SetDelivered(county, worker, fields); !s.ok()) return s;
  {
    std::lock_guard lock(mu_);
    auto& flags = delivered_[worker];
    for (const auto& [k, v] : fields) flags[k == "guidance" ? 0 : k == "offers" ? 1 : 2] = true;
  }
  auto all = store_.Delivered(county, worker);
  if (!all.ok()) return all.status();
  JsonOut j;
  j.BeginObject().Key("worker").Str(worker).Key("delivered").BeginObject();
  for (const char* k : {"guidance", "offers", "training"}) {
    j.Key(k);
    auto it = all->find(k);
    if (it == all->end()) j.Null(); else j.Str(it->second);
  }
  j.EndObject().EndObject();
  return j.str();
}

Result<std::string> WorkerServices::Enrol(const std::string& training, std::string_view body, const Principal& who) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not enrol workers");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get(doc) || doc.get_object().get(obj))
    return Status::Invalid("the body must be a JSON object like {\"worker\":\"W1\"}");
  std::string worker;
  std::vector<FieldError> errors;
  for (auto [key, value] : obj) {
    std::string_view v;
    if (key == "worker") {
      if (value.get_string().get(v) || !IsValidId(v)) errors.push_back({"/worker", "must be a worker id"});
      else worker = std::string(v);
    } else {
      errors.push_back({"/" + std::string(key), "unknown field"});
    }
  }
  if (worker.empty() && errors.empty()) errors.push_back({"/worker", "is required"});
  if (!errors.empty()) return Status::Invalid("invalid enrolment", std::move(errors));
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  const Date today = reg_.Today();
  struct Found {
    std::string worker_county, training_county;
    std::optional<Training> course;
  };
  Found f = reg_.WithRegister([&](const Register& reg) {
    Found out;
    if (const leye::Record* w = reg.Find(Kind::kWorker, worker)) out.worker_county = reg.CountyOf(*w);
    if (const leye::Record* t = reg.Find(Kind::kTraining, training)) {
      out.course = std::get<Training>(*t);
      out.training_county = out.course->region;
    }
    return out;
  });
  if (!f.course) return Status::NotFound("no training with id " + training);
  if (f.worker_county.empty()) return Status::Invalid("no such worker", {{"/worker", "no worker with id " + worker}});
  if (!who.CoversRegion(f.worker_county)) return Status::PermissionDenied("this worker is outside your region");
  if (f.course->end_date < today) return Status::Conflict("the course ended on " + FormatDate(f.course->end_date));
  auto number = store_.NextEnrolmentNumber();
  if (!number.ok()) return number.status();
  char id[24];
  std::snprintf(id, sizeof id, "EN%07lld", static_cast<long long>(*number));
  Enrolment e{id, training, worker, "enrolled", FormatDate(today), "", f.worker_county, f.training_county};
  if (Status s = store_.Enrol({e.id, e.county, e.training_county, e.training, e.worker, EnrolmentJson(e)},
                              f.course->seats);
      !s.ok())
    return s;
  std::lock_guard lock(mu_);
  enrolments_[e.id] = e;
  return EnrolmentJson(e);
}

Result<std::string> WorkerServices::Close(const std::string& enrolment, bool completed, const Principal& who) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not change enrolments");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  Enrolment e;
  {
    std::lock_guard lock(mu_);
    auto it = enrolments_.find(enrolment);
    if (it == enrolments_.end()) return Status::NotFound("no enrolment with id " + enrolment);
    e = it->second;
  }
  if (!who.CoversRegion(e.county)) return Status::PermissionDenied("this enrolment is outside your region");
  if (e.status != "enrolled") return Status::Conflict("enrolment " + enrolment + " is already " + e.status);
  if (completed) {
    // The course's skills join the worker's (the higher level kept), so the
    // next match run sees them; then the enrolment closes. Repeating after a
    // failure in between is harmless.
    std::optional<Worker> updated = reg_.WithRegister([&](const Register& reg) -> std::optional<Worker> {
      const leye::Record* w = reg.Find(Kind::kWorker, e.worker);
      const leye::Record* t = reg.Find(Kind::kTraining, e.training);
      if (!w || !t) return std::nullopt;
      Worker out = std::get<Worker>(*w);
      for (const Skill& s : std::get<Training>(*t).teaches) {
        auto have = std::find_if(out.skills.begin(), out.skills.end(), [&](const Skill& k) { return k.code == s.code; });
        if (have == out.skills.end()) out.skills.push_back(s);
        else have->level = std::max(have->level, s.level);
      }
      return out;
    });
    if (!updated) return Status::Conflict("the worker or the course no longer exists");
    EncodeOptions full;
    full.id_visibility = IdVisibility::kFull;
    auto put = reg_.Put(Kind::kWorker, e.worker, EncodeRecord(Record(*updated), full), who);
    if (!put.ok()) return put.status();
  }
  e.status = completed ? "completed" : "dropped";
  e.closed_on = FormatDate(reg_.Today());
  if (Status s = store_.Close({e.id, e.county, e.training_county, e.training, e.worker, EnrolmentJson(e)}); !s.ok())
    return s;
  std::lock_guard lock(mu_);
  enrolments_[e.id] = e;
  return EnrolmentJson(e);
}

Result<std::string> WorkerServices::GetEnrolment(const std::string& enrolment, const Principal& who) {
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = enrolments_.find(enrolment);
  if (it == enrolments_.end()) return Status::NotFound("no enrolment with id " + enrolment);
  if (!who.CoversRegion(it->second.county)) return Status::PermissionDenied("this enrolment is outside your region");
  return EnrolmentJson(it->second);
}

std::map<std::string, std::array<bool, 3>> WorkerServices::DeliveredSnapshot() {
  if (!EnsureLoaded().ok()) return {};
  std::lock_guard lock(mu_);
  return delivered_;
}

std::vector<ActiveEnrolment> WorkerServices::OpenEnrolments() {
  std::lock_guard lock(mu_);
  std::vector<ActiveEnrolment> out;
  for (const auto& [id, e] : enrolments_)
    if (e.status == "enrolled") out.push_back({e.worker, e.training});
  return out;
}

Result<std::string> WorkerServices::Plan(std::string_view body, const Principal& who) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not plan training");
  auto request = ParseRegionDate(body, reg_.Today(), "training plan");
  if (!request.ok()) return request.status();
  const std::string region = request->region;
  const Date date = request->date;
  if (!StartsWith(region, who.region_prefix))
    return Status::PermissionDenied("region " + region + " is not inside your region " + who.region_prefix);
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  if (Status s = placements_.EnsureLoaded(); !s.ok()) return s;
  TrainingProblem tp;
  tp.date = date;
  tp.policy = policy_;
  tp.placements = placements_.Snapshot();
  tp.proposals = match_.LatestRunFor(region, "").proposals;
  tp.declines = match_.Declines();
  tp.enrolments = OpenEnrolments();
  reg_.WithRegister([&](const Register& reg) {
    std::set<std::string> in_region;
    for (const Household* h : reg.All<Household>(Kind::kHousehold))
      if (StartsWith(h->region, region)) {
        tp.households.push_back(*h);
        in_region.insert(h->id);
      }
    for (const Worker* w : reg.All<Worker>(Kind::kWorker))
      if (in_region.count(w->household)) tp.workers.push_back(*w);
    for (const Employer* e : reg.All<Employer>(Kind::kEmployer)) tp.employers.push_back(*e);
    for (const Posting* p : reg.All<Posting>(Kind::kPosting)) tp.postings.push_back(*p);
    for (const Training* t : reg.All<Training>(Kind::kTraining)) tp.trainings.push_back(*t);
    return 0;
  });
  auto plan = PlanTraining(tp);
  if (!plan.ok()) return plan.status();
  return EncodeTrainingPlan(*plan, region, date);
}

Result<std::string> WorkerServices::Lookup(std::string_view body, const Principal& who) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view idn;
  if (parser.parse(body.data(), body.size()).get(doc) || doc["id_number"].get_string().get(idn))
    return Status::Invalid("the body must be {\"id_number\":\"...\"}", {{"/id_number", "is required"}});
  std::string id_number(idn);
  if (!id_number.empty() && id_number.back() == 'x') id_number.back() = 'X';
  if (auto problem = IdNumberProblem(id_number))
    return Status::Invalid("invalid ID number", {{"/id_number", *problem}});
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  auto found = reg_.WithRegister([&](const Register& reg) -> std::optional<std::pair<std::string, std::string>> {
    const std::string& id = reg.WorkerWithIdNumber(id_number);
    if (id.empty()) return std::nullopt;
    const leye::Record* w = reg.Find(Kind::kWorker, id);
    return std::pair<std::string, std::string>(id, reg.CountyOf(*w));
  });
  // The same answer for "not registered" and "outside your region": a kiosk
  // must not learn who is registered elsewhere.
  if (!found || !who.CoversRegion(found->second)) return Status::NotFound("no worker with this ID number here");
  JsonOut j;
  j.BeginObject().Key("worker").Str(found->first).EndObject();
  return j.str();
}

}  // namespace leye::http
