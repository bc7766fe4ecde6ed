#include "connectors/http/guarantee_service.h"

#include <simdjson.h>

#include <chrono>
#include <ctime>
#include <set>

#include "connectors/http/json_out.h"
#include "connectors/json/codec.h"
#include "matcher/id_number.h"
#include "matcher/placement_rules.h"

namespace leye::http {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string NowIso() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Compact(const std::string& date) {  // 2026-12-01 -> 20261201
  std::string out;
  for (char c : date)
    if (c != '-') out += c;
  return out;
}

const char* StatusZh(std::string_view s) {
  if (s == "covered") return "已稳定就业";
  if (s == "at_risk") return "有风险";
  if (s == "uncovered") return "未覆盖";
  return "不适用";
}

const char* ReasonZh(std::string_view r) {
  if (r == "not_relocated") return "非搬迁户";
  if (r == "no_able_willing_member") return "无有劳动能力且有意愿的成员";
  return "";
}

// A CSV cell: quoted when it holds a comma, quote or line break; a leading
// = + - @ gets an apostrophe, so Excel never runs a name as a formula.
std::string Cell(const std::string& raw) {
  const std::string s = (!raw.empty() && std::string_view("=+-@").find(raw[0]) != std::string_view::npos)
                            ? "'" + raw : raw;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

GuaranteeService::GuaranteeService(RegisterService& reg, PlacementService& placements, MatchService& match,
                                   PolicyConfig policy, int follow_up_days, int sweep_interval_s)
    : reg_(reg),
      placements_(placements),
      match_(match),
      policy_(policy),
      follow_up_days_(follow_up_days),
      sweep_interval_s_(sweep_interval_s),
      store_(reg.redis()) {}

GuaranteeService::~GuaranteeService() { Stop(); }

void GuaranteeService::Start() {
  if (sweep_interval_s_ <= 0) return;
  sweeper_ = std::thread([this] {
    for (;;) {
      {
        std::unique_lock lock(stop_mu_);
        if (stop_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; })) return;
      }
      const Date today = reg_.Today();
      bool due = false;
      {
        std::lock_guard lock(mu_);
        due = !last_sweep_ || *last_sweep_ < today;
      }
      if (due && reg_.ready()) (void)SweepImpl(today, "");
      std::unique_lock lock(stop_mu_);
      if (stop_cv_.wait_for(lock, std::chrono::seconds(sweep_interval_s_), [&] { return stopping_; })) return;
    }
  });
}

void GuaranteeService::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

Status GuaranteeService::EnsureLoaded() {
  if (!reg_.ready()) return Status::Unavailable("the register is still loading from Redis; retry shortly");
  if (Status s = placements_.EnsureLoaded(); !s.ok()) return s;
  {
    std::lock_guard lock(mu_);
    if (loaded_) return Status::Ok();
  }
  auto contents = store_.LoadAll();
  if (!contents.ok()) return contents.status();
  std::lock_guard lock(mu_);
  if (loaded_) return Status::Ok();
  statuses_ = std::move(contents->statuses);
  simdjson::dom::parser parser;
  for (auto& [id, cj] : contents->alerts) {
    simdjson::dom::element el;
    if (parser.parse(cj.second).get(el)) continue;
    Alert a{id, cj.first, "", "", cj.second, ""};
    std::string_view v;
    if (!el["household"].get_string().get(v)) a.household = std::string(v);
    if (!el["site"].get_string().get(v)) a.site = std::string(v);
    if (!el["state"].get_string().get(v)) a.state = std::string(v);
    alerts_[id] = std::move(a);
  }
  loaded_ = true;
  return Status::Ok();
}

GuaranteeReport GuaranteeService::Compute(Date d, const std::function<bool(const Household&)>& keep) {
  const std::vector<Placement> placements = placements_.Snapshot();
  return reg_.WithRegister([&](const Register& reg) {
    GuaranteeInput in;
    in.date = d;
    in.policy = policy_;
    std::set<std::string> kept;
    for (const Household* h : reg.All<Household>(Kind::kHousehold))
      if (!keep || keep(*h)) {
        in.households.push_back(h);
        if (keep) kept.insert(h->id);
      }
    for (const Worker* w : reg.All<Worker>(Kind::kWorker))
      if (!keep || kept.count(w->household)) in.workers.push_back(w);
    for (const Placement& p : placements) in.placements.push_back(&p);
    in.postings = reg.All<Posting>(Kind::kPosting);
    in.employers = reg.All<Employer>(Kind::kEmployer);
    return ComputeGuarantee(in);
  });
}

Result<std::pair<int64_t, int64_t>> GuaranteeService::Record(const GuaranteeReport& report, Date d) {
  const std::string date = FormatDate(d);
  std::vector<const HouseholdStatus*> changed;
  std::vector<std::optional<std::string>> before;
  {
    std::lock_guard lock(mu_);
    for (const HouseholdStatus& hs : report.households) {
      auto it = statuses_.find(hs.household);
      const std::string now(ToString(hs.status));
      if (it != statuses_.end() && it->second == now) continue;
      changed.push_back(&hs);
      before.push_back(it == statuses_.end() ? std::nullopt : std::optional<std::string>(it->second));
    }
  }
  if (changed.empty()) return std::pair<int64_t, int64_t>{0, 0};

  // Reasons and helpers need the members' placements and the households.
  std::vector<HouseholdChangeRecord> records;
  std::vector<Alert> new_alerts;
  const std::vector<Placement> placements = placements_.Snapshot();
  reg_.WithRegister([&](const Register& reg) {
    for (size_t i = 0; i < changed.size(); ++i) {
      const HouseholdStatus& hs = *changed[i];
      const std::string to(ToString(hs.status));
      const std::optional<std::string>& from = before[i];
      const leye::Record* hr = reg.Find(Kind::kHousehold, hs.household);
      const Household* h = hr ? &std::get<Household>(*hr) : nullptr;
      std::set<std::string> members;
      bool more = false;
      Register::ListFilter f;
      f.household = hs.household;
      for (const leye::Record* w : reg.List(Kind::kWorker, f, "", 1000, &more)) members.insert(IdOf(*w));
      // The latest recorded end among the members' placements, for the reason.
      const Placement* last_end = nullptr;
      for (const Placement& p : placements)
        if (members.count(p.worker) && p.end_date && *p.end_date <= d &&
            (!last_end || *p.end_date > *last_end->end_date))
          last_end = &p;

      std::string reason;
      const bool bad_now = hs.status == GuaranteeStatus::kUncovered || hs.status == GuaranteeStatus::kAtRisk;
      if (bad_now) {
        if (!from || *from == "not_eligible") reason = "newly_eligible_uncovered";
        else if (*from == "covered" && hs.status == GuaranteeStatus::kAtRisk) reason = "contract_ending";
        else if (*from == "covered" || *from == "at_risk") {
          if (last_end && last_end->end_reason && *last_end->end_reason == "moved") reason = "member_moved";
          else if (last_end) reason = "placement_ended";
          else reason = "lost_steady_work";
        }
      }
      JsonOut ev;
      ev.BeginObject().Key("date").Str(date).Key("type").Str("status_changed");
      ev.Key("from");
      from ? ev.Str(*from) : ev.Null();
      ev.Key("to").Str(to);
      if (!reason.empty()) ev.Key("reason").Str(reason);
      ev.Key("evidence").BeginArray();
      for (const auto& e : hs.evidence) ev.Str(e);
      ev.EndArray().EndObject();

      HouseholdChangeRecord rec{hs.region, hs.household, to, ev.str(), "", ""};
      if (!reason.empty()) {
        Alert a;
        // One alert per household, day and reason: a sweep run again finds
        // the same id and keeps the stored alert (it may be acknowledged),
        // while a different event of the same day (registered uncovered in
        // the morning, covered, then the job ends) is a new alert, not lost.
        a.id = "AL-" + hs.household + "-" + Compact(date) + "-" + reason;
        a.county = hs.region;
        a.household = hs.household;
        a.site = hs.site;
        a.state = "open";
        JsonOut j;
        j.BeginObject();
        j.Key("id").Str(a.id).Key("household").Str(hs.household).Key("site").Str(hs.site).Key("region").Str(hs.region);
        j.Key("reason").Str(reason);
        j.Key("from");
        from ? j.Str(*from) : j.Null();
        j.Key("to").Str(to).Key("date").Str(date);
        j.Key("follow_up_by").Str(FormatDate(Date{d.days + follow_up_days_}));
        if (last_end && (reason == "placement_ended" || reason == "member_moved"))
          j.Key("placement").Str(last_end->id);
        if (hs.risk_end) j.Key("risk_end").Str(FormatDate(*hs.risk_end));
        j.Key("helper");
        if (h && h->helper)
          j.BeginObject().Key("name").Str(h->helper->name).Key("phone").Str(h->helper->phone).EndObject();
        else
          j.Null();
        j.Key("state").Str("open").EndObject();
        a.json = j.str();
        rec.alert_id = a.id;
        rec.alert_json = a.json;
        new_alerts.push_back(std::move(a));
      }
      records.push_back(std::move(rec));
    }
    return 0;
  });
  // An alert already stored for the same household, day and status (a sweep
  // run again) keeps its state (it may be acknowledged): never overwritten.
  {
    std::lock_guard lock(mu_);
    for (auto& r : records)
      if (!r.alert_id.empty() && alerts_.count(r.alert_id)) r.alert_id.clear(), r.alert_json.clear();
  }
  if (Status s = store_.ApplyChanges(records); !s.ok()) return s;
  int64_t alerts = 0;
  std::lock_guard lock(mu_);
  for (const auto& r : records) {
    statuses_[r.household] = r.status;
    if (!r.alert_id.empty()) ++alerts;
  }
  for (auto& a : new_alerts)
    if (!alerts_.count(a.id)) alerts_[a.id] = std::move(a);
  return std::pair<int64_t, int64_t>{static_cast<int64_t>(records.size()), alerts};
}

void GuaranteeService::CheckHouseholds(const std::vector<std::string>& households) {
  if (!EnsureLoaded().ok()) return;  // the sweep catches up later
  std::set<std::string> ids(households.begin(), households.end());
  std::lock_guard check(check_mu_);
  const GuaranteeReport report =
      Compute(reg_.Today(), [&](const Household& h) { return ids.count(h.id) > 0; });
  (void)Record(report, reg_.Today());
}

GuaranteeService::ServiceCounts GuaranteeService::CountServices(const GuaranteeReport& report) {
  ServiceCounts counts;
  if (!delivered_) return counts;
  const auto delivered = delivered_();
  reg_.WithRegister([&](const Register& reg) {
    for (const HouseholdStatus& hs : report.households) {
      if (hs.site.empty()) continue;
      auto& c = counts[{hs.region, hs.site}];
      Register::ListFilter f;
      f.household = hs.household;
      bool more = false;
      for (const leye::Record* w : reg.List(Kind::kWorker, f, "", 1000, &more)) {
        auto it = delivered.find(IdOf(*w));
        if (it == delivered.end()) continue;
        for (int k = 0; k < 3; ++k) c[k] += it->second[k] ? 1 : 0;
      }
    }
    return 0;
  });
  return counts;
}

std::string GuaranteeService::SiteJson(const SiteSummary& s, const ServiceCounts& counts) const {
  std::string json = SiteJson(s);
  auto it = counts.find({s.region, s.site});
  const std::array<int64_t, 3> c = it == counts.end() ? std::array<int64_t, 3>{0, 0, 0} : it->second;
  JsonOut j;
  j.BeginObject().Key("guidance").Int(c[0]).Key("offers").Int(c[1]).Key("training").Int(c[2]).EndObject();
  json.pop_back();  // the closing brace
  return json + R"(,"services_311":)" + j.str() + "}";
}

std::string GuaranteeService::SiteJson(const SiteSummary& s) const {
  JsonOut j;
  j.BeginObject();
  j.Key("site").Str(s.site).Key("region").Str(s.region);
  j.Key("households").Int(s.households).Key("eligible").Int(s.eligible).Key("covered").Int(s.covered);
  j.Key("at_risk").Int(s.at_risk).Key("uncovered").Int(s.uncovered).Key("not_eligible").Int(s.not_eligible);
  j.Key("not_eligible_reasons").BeginObject().Key("not_relocated").Int(s.not_relocated)
      .Key("no_able_willing_member").Int(s.no_able_willing_member).EndObject();
  j.Key("coverage_rate");
  s.coverage_rate ? j.Double(*s.coverage_rate) : j.Null();
  j.Key("placed").BeginObject();
  j.Key("workshop").Int(s.placed.workshop).Key("public_welfare").Int(s.placed.public_welfare);
  j.Key("enterprise").Int(s.placed.enterprise).Key("cooperative").Int(s.placed.cooperative);
  j.Key("self_found").Int(s.placed.self_found).Key("self_employed").Int(s.placed.self_employed);
  j.Key("migrant").Int(s.placed.migrant).Key("unknown_employer").Int(s.placed.unknown_employer);
  j.EndObject().EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::SweepImpl(Date d, const std::string& region_prefix) {
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::lock_guard check(check_mu_);
  const GuaranteeReport report =
      Compute(d, [&](const Household& h) { return StartsWith(h.region, region_prefix); });
  auto recorded = Record(report, d);
  if (!recorded.ok()) return recorded.status();
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> rows;
  const ServiceCounts services = CountServices(report);
  for (const SiteSummary& s : report.sites) rows.emplace_back(s.region, s.site, FormatDate(d), SiteJson(s, services));
  if (Status s = store_.SaveSnapshots(rows); !s.ok()) return s;
  {
    std::lock_guard lock(mu_);
    if (region_prefix.empty() && (!last_sweep_ || *last_sweep_ < d)) last_sweep_ = d;
  }
  JsonOut j;
  j.BeginObject().Key("date").Str(FormatDate(d)).Key("region").Str(region_prefix);
  j.Key("households").Int(static_cast<int64_t>(report.households.size()));
  j.Key("changes").Int(recorded->first).Key("alerts").Int(recorded->second);
  j.Key("snapshots").Int(static_cast<int64_t>(rows.size())).EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::Sweep(std::optional<Date> date, const Principal& who) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not run the sweep");
  return SweepImpl(date.value_or(reg_.Today()), who.region_prefix);
}

Result<std::string> GuaranteeService::Sites(const std::string& region, std::optional<Date> date,
                                            const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read guarantee status");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::string prefix = region;
  if (!StartsWith(prefix, who.region_prefix)) {
    if (StartsWith(who.region_prefix, prefix)) prefix = who.region_prefix;
    else return Status::PermissionDenied("region " + region + " is outside your region " + who.region_prefix);
  }
  const Date d = date.value_or(reg_.Today());
  const GuaranteeReport report = Compute(d, [&](const Household& h) { return StartsWith(h.region, prefix); });
  JsonOut j;
  j.BeginObject().Key("date").Str(FormatDate(d)).Key("region").Str(prefix);
  const ServiceCounts services = CountServices(report);
  j.Key("sites").BeginArray();
  for (const auto& s : report.sites) j.Raw(SiteJson(s, services));
  j.EndArray();
  j.Key("regions").BeginArray();
  for (const auto& s : report.regions) j.Raw(SiteJson(s));
  j.EndArray();
  j.Key("total").Raw(SiteJson(report.total));
  j.EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::Site(const std::string& site, std::optional<Date> date, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read guarantee status");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  const Date d = date.value_or(reg_.Today());
  const GuaranteeReport report = Compute(d, [&](const Household& h) {
    return h.relocated && h.site == site && StartsWith(h.region, who.region_prefix);
  });
  if (report.sites.empty()) return Status::NotFound("no relocation site " + site + " in your region");
  JsonOut j;
  j.BeginObject().Key("date").Str(FormatDate(d));
  const ServiceCounts services = CountServices(report);
  j.Key("site").Raw(report.sites.size() == 1 ? SiteJson(report.sites[0], services) : SiteJson(report.total));
  j.Key("regions").BeginArray();
  for (const auto& s : report.sites) j.Raw(SiteJson(s));
  j.EndArray();
  for (const char* status : {"uncovered", "at_risk"}) {
    j.Key(std::string(status) + "_households").BeginArray();
    for (const auto& hs : report.households)
      if (ToString(hs.status) == status) {
        j.BeginObject().Key("household").Str(hs.household);
        if (hs.risk_end) j.Key("risk_end").Str(FormatDate(*hs.risk_end));
        j.EndObject();
      }
    j.EndArray();
  }
  int64_t open_alerts = 0;
  {
    std::lock_guard lock(mu_);
    // Only the caller's counties: a site name may be used by two counties.
    for (const auto& [id, a] : alerts_)
      open_alerts += (a.site == site && a.state == "open" && who.CoversRegion(a.county)) ? 1 : 0;
  }
  j.Key("open_alerts").Int(open_alerts);
  j.EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::Households(const HouseholdQuery& q, std::optional<Date> date,
                                                 const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read guarantee status");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  if (!q.status.empty() && !ParseGuaranteeStatus(q.status))
    return Status::Invalid("status must be covered, at_risk, uncovered or not_eligible");
  // A region outside the caller's is refused, as by GET /v1/guarantee/sites
  // and the register's lists, rather than answered with an empty page.
  if (!q.region.empty() && !StartsWith(q.region, who.region_prefix) && !StartsWith(who.region_prefix, q.region))
    return Status::PermissionDenied("region " + q.region + " is outside your region " + who.region_prefix);
  const Date d = date.value_or(reg_.Today());
  const GuaranteeReport report = Compute(d, [&](const Household& h) {
    return (q.site.empty() || h.site == q.site) && StartsWith(h.region, who.region_prefix) &&
           StartsWith(h.region, q.region);
  });
  std::vector<const HouseholdStatus*> page;
  bool more = false;
  for (const auto& hs : report.households) {
    if (!q.status.empty() && ToString(hs.status) != q.status) continue;
    if (!q.cursor.empty() && hs.household <= q.cursor) continue;
    if (page.size() == q.limit) {
      more = true;
      break;
    }
    page.push_back(&hs);
  }
  const std::vector<Placement> placements = placements_.Snapshot();
  JsonOut j;
  j.BeginObject().Key("date").Str(FormatDate(d)).Key("items").BeginArray();
  reg_.WithRegister([&](const Register& reg) {
    for (const HouseholdStatus* hs : page) {
      j.BeginObject();
      j.Key("household").Str(hs->household).Key("site").Str(hs->site).Key("region").Str(hs->region);
      j.Key("status").Str(ToString(hs->status));
      if (hs->status == GuaranteeStatus::kNotEligible) j.Key("not_eligible_reason").Str(ToString(hs->not_eligible_reason));
      j.Key("evidence").BeginArray();
      for (const auto& e : hs->evidence) j.Str(e);
      j.EndArray();
      if (hs->risk_end) j.Key("risk_end").Str(FormatDate(*hs->risk_end));
      j.Key("members").BeginArray();
      Register::ListFilter f;
      f.household = hs->household;
      bool more_members = false;
      for (const leye::Record* r : reg.List(Kind::kWorker, f, "", 100, &more_members)) {
        const Worker& w = std::get<Worker>(*r);
        j.BeginObject().Key("worker").Str(w.id).Key("name").Str(w.name);
        j.Key("labor_ability").Str(ToString(w.labor_ability)).Key("wants_work").Bool(w.willingness.wants_work);
        j.Key("placement");
        const Placement* active = nullptr;
        for (const Placement& p : placements)
          if (p.worker == w.id && IsActiveOn(p, d) && (!active || p.start_date > active->start_date)) active = &p;
        if (active) j.Raw(EncodePlacement(*active)); else j.Null();
        j.EndObject();
      }
      j.EndArray();
      j.Key("why");
      if (hs->status == GuaranteeStatus::kUncovered || hs->status == GuaranteeStatus::kAtRisk) {
        auto why = match_.LatestUncoveredReason(hs->household, hs->region);
        if (why) j.Raw(*why); else j.Null();
      } else {
        j.Null();
      }
      j.EndObject();
    }
    return 0;
  });
  j.EndArray().Key("next");
  if (more && !page.empty()) j.Str(page.back()->household); else j.Null();
  j.EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::Timeline(const std::string& household, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read guarantee status");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::string county;
  std::vector<std::string> members;
  const bool found = reg_.WithRegister([&](const Register& reg) {
    const leye::Record* h = reg.Find(Kind::kHousehold, household);
    if (!h) return false;
    county = std::get<Household>(*h).region;
    Register::ListFilter f;
    f.household = household;
    bool more = false;
    for (const leye::Record* w : reg.List(Kind::kWorker, f, "", 1000, &more)) members.push_back(IdOf(*w));
    return true;
  });
  if (!found) return Status::NotFound("no household with id " + household);
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this household is outside your region");
  auto events = store_.Events(county, household);
  if (!events.ok()) return events.status();
  // (date, order, json): placements start before they end on one day, and a
  // status change comes after the placements that caused it.
  std::vector<std::tuple<std::string, int, std::string>> timeline;
  for (const Placement& p : placements_.OfWorkers(members)) {
    JsonOut s;
    s.BeginObject().Key("date").Str(FormatDate(p.start_date)).Key("type").Str("placement_started");
    s.Key("placement").Str(p.id).Key("worker").Str(p.worker).Key("kind").Str(ToString(p.kind));
    if (p.posting) s.Key("posting").Str(*p.posting);
    s.Key("steady").Bool(IsSteadyPlacement(p, policy_)).EndObject();
    timeline.emplace_back(FormatDate(p.start_date), 0, s.str());
    if (p.end_date) {
      JsonOut e;
      e.BeginObject().Key("date").Str(FormatDate(*p.end_date)).Key("type").Str("placement_ended");
      e.Key("placement").Str(p.id).Key("worker").Str(p.worker);
      if (p.end_reason) e.Key("end_reason").Str(*p.end_reason);
      e.EndObject();
      timeline.emplace_back(FormatDate(*p.end_date), 1, e.str());
    }
  }
  for (const auto& ev : *events) timeline.emplace_back(ev.substr(9, 10), 2, ev);  // {"date":"YYYY-MM-DD"
  std::stable_sort(timeline.begin(), timeline.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b) : std::get<1>(a) < std::get<1>(b);
  });
  JsonOut j;
  j.BeginObject().Key("household").Str(household).Key("events").BeginArray();
  for (const auto& t : timeline) j.Raw(std::get<2>(t));
  j.EndArray().EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::Alerts(const std::string& site, const std::string& state, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read alerts");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  if (!state.empty() && state != "open" && state != "acked")
    return Status::Invalid("state must be open or acked");
  std::lock_guard lock(mu_);
  JsonOut j;
  j.BeginObject().Key("items").BeginArray();
  for (const auto& [id, a] : alerts_) {
    if (!site.empty() && a.site != site) continue;
    if (!state.empty() && a.state != state) continue;
    if (!who.CoversRegion(a.county)) continue;
    j.Raw(a.json);
  }
  j.EndArray().EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::Ack(const std::string& id, std::string_view body, const Principal& who) {
  if (who.role == Role::kKiosk) return Status::PermissionDenied("your role may not acknowledge alerts");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get(doc) || doc.get_object().get(obj))
    return Status::Invalid("the body must be a JSON object like {\"note\":\"已上门走访\"}");
  std::string note;
  std::vector<FieldError> errors;
  bool has_note = false;
  for (auto [key, value] : obj) {
    std::string_view v;
    if (key == "note") {
      has_note = true;
      if (value.get_string().get(v) || v.empty() || v.size() > 2000)
        errors.push_back({"/note", "must be a non-empty string of at most 2000 bytes"});
      else note = std::string(v);
    } else {
      errors.push_back({"/" + std::string(key), "unknown field"});
    }
  }
  if (!has_note) errors.push_back({"/note", "is required: say what was done to follow up"});
  if (!errors.empty()) return Status::Invalid("invalid acknowledgement", std::move(errors));
  std::lock_guard lock(mu_);
  auto it = alerts_.find(id);
  if (it == alerts_.end()) return Status::NotFound("no alert with id " + id);
  Alert& a = it->second;
  if (!who.CoversRegion(a.county)) return Status::PermissionDenied("this alert is outside your region");
  if (a.state == "acked") return Status::Conflict("alert " + id + " is already acknowledged");
  // The stored JSON ends with "state":"open"}: replace the tail.
  const std::string tail = R"("state":"open"})";
  if (a.json.size() < tail.size() || a.json.compare(a.json.size() - tail.size(), tail.size(), tail) != 0)
    return Status::Internal("stored alert has an unexpected shape");
  JsonOut ack;
  ack.BeginObject().Key("note").Str(note).Key("by").Str(who.name).Key("at").Str(NowIso()).EndObject();
  std::string json = a.json.substr(0, a.json.size() - tail.size()) + R"("state":"acked","ack":)" + ack.str() + "}";
  if (Status s = store_.SaveAlert(a.county, id, json); !s.ok()) return s;
  a.json = json;
  a.state = "acked";
  return json;
}

Result<std::string> GuaranteeService::History(const std::string& site, std::optional<Date> from,
                                              std::optional<Date> to, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read guarantee status");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::set<std::string> counties = reg_.WithRegister([&](const Register& reg) {
    std::set<std::string> out;
    for (const Household* h : reg.All<Household>(Kind::kHousehold))
      if (h->relocated && h->site == site && who.CoversRegion(h->region)) out.insert(h->region);
    return out;
  });
  if (counties.empty()) return Status::NotFound("no relocation site " + site + " in your region");
  JsonOut j;
  j.BeginObject().Key("site").Str(site).Key("history").BeginArray();
  for (const auto& county : counties) {
    auto rows = store_.History(county, site);
    if (!rows.ok()) return rows.status();
    for (const auto& [date, json] : *rows) {
      auto d = ParseDate(date);
      if (!d || (from && *d < *from) || (to && *d > *to)) continue;
      j.BeginObject().Key("date").Str(date).Key("counts").Raw(json).EndObject();
    }
  }
  j.EndArray().EndObject();
  return j.str();
}

Result<std::string> GuaranteeService::ExportCsv(const std::string& site, std::optional<Date> date,
                                                const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not export guarantee status");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  const Date d = date.value_or(reg_.Today());
  const GuaranteeReport report = Compute(d, [&](const Household& h) {
    return h.relocated && (site.empty() || h.site == site) && StartsWith(h.region, who.region_prefix);
  });
  // Reports leave the system: ID numbers are masked even for admin.
  const IdVisibility vis = who.id_visibility() == IdVisibility::kFull ? IdVisibility::kPartial : who.id_visibility();
  const std::vector<Placement> placements = placements_.Snapshot();
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel opens UTF-8 correctly
  csv += "日期,户编号,安置点,区县代码,就业保障状态,不适用原因,成员(身份证号),稳定就业成员,稳定就业截止日期,依据(安置记录),帮扶责任人,帮扶人电话\r\n";
  reg_.WithRegister([&](const Register& reg) {
    for (const HouseholdStatus& hs : report.households) {
      const leye::Record* hr = reg.Find(Kind::kHousehold, hs.household);
      const Household* h = hr ? &std::get<Household>(*hr) : nullptr;
      std::string members, employed;
      Register::ListFilter f;
      f.household = hs.household;
      bool more = false;
      for (const leye::Record* r : reg.List(Kind::kWorker, f, "", 100, &more)) {
        const Worker& w = std::get<Worker>(*r);
        members += (members.empty() ? "" : "；") + w.name + "(" + MaskIdNumber(w.id_number, vis) + ")";
        for (const auto& e : hs.evidence)
          for (const Placement& p : placements)
            if (p.id == e && p.worker == w.id) employed += (employed.empty() ? "" : "；") + w.name;
      }
      std::string evidence;
      for (const auto& e : hs.evidence) evidence += (evidence.empty() ? "" : "；") + e;
      csv += FormatDate(d) + "," + Cell(hs.household) + "," + Cell(hs.site) + "," + hs.region + "," +
             StatusZh(ToString(hs.status)) + "," + ReasonZh(ToString(hs.not_eligible_reason)) + "," + Cell(members) +
             "," + Cell(employed) + "," + (hs.risk_end ? FormatDate(*hs.risk_end) : "") + "," + Cell(evidence) + "," +
             Cell(h && h->helper ? h->helper->name : "") + "," + Cell(h && h->helper ? h->helper->phone : "") + "\r\n";
    }
    return 0;
  });
  return csv;
}

}  // namespace leye::http
