// A scripted year of a generated county (issue 4, "Done when"; item 7,
// "Evidence"), over real HTTP and the real Redis.
//
// A fake county (generator/fake_register.h, ~400 households, Chinese site
// names) is loaded through the API with the placements it already has; then
// the server's clock walks 365 days from 2026-12-01. Each day the script
// records work found otherwise, ends jobs (quit, dismissed, moved, a known
// coming end, contracts recorded at their end, late or never: an expected
// end passing without a record leaves the job active and the household at
// risk), changes members' willingness and ability, moves members between
// households, registers new households; once a week it runs a match and
// accepts some proposals. Then it runs POST /v1/guarantee/sweep?date=D and
// checks, against a model written here from the raw records it created
// (ARCHITECTURE.md "Policy", independent of matcher/guarantee.h):
//   - the sweep's answer: households, status changes and new alerts;
//   - every site row of GET /v1/guarantee/sites?date=D (households by
//     status, not_eligible reasons, coverage rate, placed by kind) and the
//     snapshot stored for D (history), again at the end for the whole year;
//   - every household of GET /v1/guarantee/households?date=D: status,
//     reason, evidence, risk_end and members' current placements; and that
//     every covered household's evidence names placements of its members
//     that are active and steady on D with an end unknown or past D + 30;
//   - some days swept twice: nothing changes (and once, not a byte in Redis);
//   - at the end: every alert (id, reason, from, to, date, follow_up_by,
//     helper, placement), every placement record, each household's timeline.
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "connectors/json/codec.h"
#include "generator/fake_register.h"
#include "tests/integration/test_server.h"

using namespace leye;
using namespace leye::testing;

namespace {

namespace ch = std::chrono;

// ---------------------------------------------------------------------------
// Calendar, written here with <chrono> (not matcher/date.h's helpers).

using Day = int32_t;  // days since 1970-01-01

Day DayOf(int y, unsigned m, unsigned d) {
  return static_cast<Day>(ch::sys_days(ch::year{y} / ch::month{m} / ch::day{d}).time_since_epoch().count());
}
std::string Iso(Day d) {
  const ch::year_month_day ymd{ch::sys_days{ch::days{d}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}
std::string Compact(Day d) {
  std::string s = Iso(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}
// Calendar months later, a day past the month's end clamped to its last day.
Day PlusMonths(Day d, int months) {
  const ch::year_month_day ymd{ch::sys_days{ch::days{d}}};
  ch::year_month_day t = ymd + ch::months{months};
  if (!t.ok()) t = ch::year_month_day_last{t.year(), ch::month_day_last{t.month()}};
  return static_cast<Day>(ch::sys_days(t).time_since_epoch().count());
}

// Percent-encoding for a path segment or query value (the site names are Chinese).
std::string Url(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// The script's own random numbers (splitmix64): the same year every run.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
};

// ---------------------------------------------------------------------------
// The model: the raw records as the script wrote them, and the policy.

constexpr int kSteadyMonths = 6;
constexpr int kRiskDays = 30;
constexpr int kFollowUpDays = 30;

struct MPlacement {
  std::string id, worker, kind;  // matched | self_found | self_employed | migrant
  std::optional<std::string> posting;
  Day start = 0;
  int months = 0;  // expected_months, 0 = open-ended
  std::optional<Day> end;
  std::string end_reason;
};

bool ActiveOn(const MPlacement& p, Day d) { return p.start <= d && (!p.end || *p.end > d); }
bool Steady(const MPlacement& p) { return p.months == 0 || p.months >= kSteadyMonths; }
std::optional<Day> EndOf(const MPlacement& p) {
  if (p.end) return p.end;
  if (p.months > 0) return PlusMonths(p.start, p.months);
  return std::nullopt;
}
bool Able(const Worker& w) { return w.labor_ability == LaborAbility::kFull || w.labor_ability == LaborAbility::kWeak; }

struct Expect {
  std::string status, reason;     // reason: not_eligible's
  std::vector<std::string> evidence;
  std::optional<Day> risk_end;
};

struct Row {  // a site's counts, as the API writes them
  int64_t households = 0, eligible = 0, covered = 0, at_risk = 0, uncovered = 0, not_eligible = 0;
  int64_t not_relocated = 0, no_able_willing_member = 0;
  std::optional<double> rate;
  std::map<std::string, int64_t> placed;  // kind -> workers
  std::string Text() const {
    std::string s = "households=" + std::to_string(households) + " eligible=" + std::to_string(eligible) +
                    " covered=" + std::to_string(covered) + " at_risk=" + std::to_string(at_risk) +
                    " uncovered=" + std::to_string(uncovered) + " not_eligible=" + std::to_string(not_eligible) +
                    " (not_relocated=" + std::to_string(not_relocated) +
                    " no_able_willing_member=" + std::to_string(no_able_willing_member) + ") rate=";
    if (rate) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.9f", *rate);
      s += buf;
    } else {
      s += "null";
    }
    for (const auto& [k, v] : placed)
      if (v) s += " " + k + "=" + std::to_string(v);
    return s;
  }
};

struct ExpectedAlert {
  std::string household, site, reason, from, to, placement;
  Day date = 0;
};

struct Model {
  std::map<std::string, Household> households;
  std::map<std::string, Worker> workers;
  std::map<std::string, std::string> employer_kind;
  std::map<std::string, std::pair<std::string, int>> postings;  // id -> (employer, contract_months)
  std::map<std::string, MPlacement> placements;                // by id (the server's PL numbers sort by age)
  std::map<std::string, std::vector<std::string>> of_worker;   // worker -> placement ids
  std::map<std::string, std::string> recorded;                 // household -> status the service last recorded
  std::map<std::string, std::vector<std::string>> recorded_seq;  // household -> every recorded status, in order
  std::map<std::string, ExpectedAlert> alerts;

  std::vector<const Worker*> Members(const std::string& h) const {
    std::vector<const Worker*> out;
    for (const auto& [id, w] : workers)
      if (w.household == h) out.push_back(&w);
    return out;
  }
  // The placement active on d (at most one per worker in this script).
  const MPlacement* ActiveOf(const std::string& worker, Day d) const {
    auto it = of_worker.find(worker);
    if (it == of_worker.end()) return nullptr;
    const MPlacement* found = nullptr;
    for (const auto& id : it->second) {
      const MPlacement& p = placements.at(id);
      if (ActiveOn(p, d)) {
        REQUIRE_MESSAGE(found == nullptr, "two active placements for " << worker);
        found = &p;
      }
    }
    return found;
  }
  // Whether the worker holds a job now or one with an end still ahead.
  bool Busy(const std::string& worker, Day d) const {
    auto it = of_worker.find(worker);
    if (it == of_worker.end()) return false;
    for (const auto& id : it->second)
      if (!placements.at(id).end || *placements.at(id).end > d) return true;
    return false;
  }

  // ARCHITECTURE.md, "Policy".
  Expect StatusOf(const Household& h, const std::vector<const Worker*>& members, Day d) const {
    if (!h.relocated) return {"not_eligible", "not_relocated", {}, {}};
    bool eligible = false;
    std::vector<const MPlacement*> active_steady;
    for (const Worker* w : members) {
      const MPlacement* p = ActiveOf(w->id, d);
      if (Able(*w) && (w->willingness.wants_work || p)) eligible = true;
      if (p && Steady(*p)) active_steady.push_back(p);
    }
    if (!eligible) return {"not_eligible", "no_able_willing_member", {}, {}};
    Expect e;
    for (const MPlacement* p : active_steady) {
      const auto end = EndOf(*p);
      if (!end || *end > d + kRiskDays) e.evidence.push_back(p->id);
    }
    if (!e.evidence.empty()) {
      e.status = "covered";
    } else if (!active_steady.empty()) {
      e.status = "at_risk";
      for (const MPlacement* p : active_steady) {
        e.evidence.push_back(p->id);
        const auto end = EndOf(*p);
        REQUIRE(end);
        if (!e.risk_end || *end < *e.risk_end) e.risk_end = end;
      }
    } else {
      e.status = "uncovered";
    }
    std::sort(e.evidence.begin(), e.evidence.end());
    return e;
  }
  Expect StatusOf(const std::string& h, Day d) const { return StatusOf(households.at(h), Members(h), d); }

  // What the service records for household h on d (a check after a write or
  // the sweep): a status change, and an alert when it left covered / at risk
  // or is newly eligible and not covered. Returns (changed, new alert).
  std::pair<bool, bool> Record(const std::string& h, Day d) {
    const Expect e = StatusOf(h, d);
    auto it = recorded.find(h);
    if (it != recorded.end() && it->second == e.status) return {false, false};
    const std::optional<std::string> from =
        it == recorded.end() ? std::nullopt : std::optional<std::string>(it->second);
    recorded[h] = e.status;
    recorded_seq[h].push_back(e.status);
    std::string reason, placement;
    if (e.status == "uncovered" || e.status == "at_risk") {
      if (!from || *from == "not_eligible") {
        reason = "newly_eligible_uncovered";
      } else if (*from == "covered" && e.status == "at_risk") {
        reason = "contract_ending";
      } else if (*from == "covered" || *from == "at_risk") {
        // The members' placement with the latest recorded end on or before d.
        const MPlacement* last = nullptr;
        for (const auto& [id, p] : placements)
          if (p.end && *p.end <= d && workers.count(p.worker) && workers.at(p.worker).household == h &&
              (!last || *p.end > *last->end))
            last = &p;
        reason = !last ? "lost_steady_work" : last->end_reason == "moved" ? "member_moved" : "placement_ended";
        if (last) placement = last->id;
      }
    }
    if (reason.empty()) return {true, false};
    const std::string id = "AL-" + h + "-" + Compact(d) + "-" + reason;
    if (alerts.count(id)) return {true, false};
    alerts[id] = {h, households.at(h).site, reason, from.value_or(""), e.status, placement, d};
    return {true, true};
  }

  // Every site's row on d, by (site, region).
  std::map<std::pair<std::string, std::string>, Row> Sites(Day d) const {
    std::map<std::string, std::vector<const Worker*>> members;
    for (const auto& [id, w] : workers) members[w.household].push_back(&w);
    std::map<std::pair<std::string, std::string>, Row> out;
    for (const auto& [id, h] : households) {
      if (!h.relocated) continue;
      Row& r = out[{h.site, h.region}];
      const Expect e = StatusOf(h, members[id], d);
      ++r.households;
      if (e.status == "covered") ++r.covered;
      if (e.status == "at_risk") ++r.at_risk;
      if (e.status == "uncovered") ++r.uncovered;
      if (e.status == "not_eligible") ++r.not_eligible;
      if (e.reason == "not_relocated") ++r.not_relocated;
      if (e.reason == "no_able_willing_member") ++r.no_able_willing_member;
      for (const Worker* w : members[id])
        if (const MPlacement* p = ActiveOf(w->id, d)) {
          std::string kind = p->kind;
          if (kind == "matched") kind = employer_kind.at(postings.at(*p->posting).first);
          ++r.placed[kind];
        }
    }
    for (auto& [key, r] : out) {
      r.eligible = r.covered + r.at_risk + r.uncovered;
      if (r.eligible > 0) r.rate = static_cast<double>(r.covered) / static_cast<double>(r.eligible);
    }
    return out;
  }
};

// A site row of the API, read into a Row.
Row ReadRow(simdjson::dom::element e) {
  Row r;
  auto num = [&](const char* p) {
    int64_t v = -1;
    REQUIRE_MESSAGE(!e.at_pointer(p).get_int64().get(v), "no integer at " << p);
    return v;
  };
  r.households = num("/households");
  r.eligible = num("/eligible");
  r.covered = num("/covered");
  r.at_risk = num("/at_risk");
  r.uncovered = num("/uncovered");
  r.not_eligible = num("/not_eligible");
  r.not_relocated = num("/not_eligible_reasons/not_relocated");
  r.no_able_willing_member = num("/not_eligible_reasons/no_able_willing_member");
  double rate = 0;
  if (!e["coverage_rate"].get_double().get(rate)) r.rate = rate;
  else REQUIRE(e["coverage_rate"].is_null());
  simdjson::dom::object placed;
  REQUIRE(!e["placed"].get_object().get(placed));
  for (auto [k, v] : placed) r.placed[std::string(k)] = v.get_int64().value();
  return r;
}

std::string S(simdjson::dom::element e, const char* pointer) {
  std::string_view v;
  REQUIRE_MESSAGE(!e.at_pointer(pointer).get_string().get(v), "no string at " << pointer);
  return std::string(v);
}

std::string EndReasonOf(const std::optional<std::string>& generated) {
  if (!generated) return "other";
  if (*generated == "合同期满") return "contract_end";
  if (*generated == "个人原因离职") return "quit";
  if (*generated == "企业订单减少") return "dismissed";
  if (*generated == "返乡照顾家人") return "moved";
  return "other";
}

// ---------------------------------------------------------------------------
// The script.

class Year {
 public:
  Year() : s_(NoSweepConfig(), true, clock_.Fn()) {}

  TestClock clock_;
  TestServer s_;
  Model m_;
  Rng rng_{20261201};
  Day today_ = 0;
  // What the checks saw, for the report.
  int64_t placements_started_ = 0, placements_ended_ = 0, accepted_ = 0, register_writes_ = 0;
  int64_t sweep_changes_ = 0, sweep_alerts_ = 0, households_checked_ = 0, evidence_checked_ = 0;
  std::map<std::string, int64_t> status_days_;  // status -> household-days
  int64_t overdue_days_ = 0;                     // at-risk household-days past the expected end
  std::map<Day, std::map<std::pair<std::string, std::string>, Row>> expected_rows_;

  void SetToday(Day d) {
    today_ = d;
    clock_.Set(Date{d});
  }

  void AfterWrite(const std::vector<std::string>& households) {
    for (const auto& h : households) (void)m_.Record(h, today_);
  }

  void PutHousehold(const Household& h) {
    auto r = s_.Put("/v1/households/" + h.id, EncodeRecord(Record{h}));
    REQUIRE(r);
    REQUIRE_MESSAGE((r->status == 201 || r->status == 200), r->body);
    m_.households[h.id] = h;
    ++register_writes_;
    AfterWrite({h.id});
  }
  void PutWorker(const Worker& w) {
    EncodeOptions full;
    full.id_visibility = IdVisibility::kFull;
    auto r = s_.Put("/v1/workers/" + w.id, EncodeRecord(Record{w}, full));
    REQUIRE(r);
    REQUIRE_MESSAGE((r->status == 201 || r->status == 200), r->body);
    std::vector<std::string> affected{w.household};
    if (auto it = m_.workers.find(w.id); it != m_.workers.end() && it->second.household != w.household)
      affected.push_back(it->second.household);
    m_.workers[w.id] = w;
    ++register_writes_;
    AfterWrite(affected);
  }

  std::string Start(const std::string& worker, const std::string& kind, Day start, int months) {
    auto r = s_.Post("/v1/placements", R"({"worker":")" + worker + R"(","kind":")" + kind + R"(","start_date":")" +
                                           Iso(start) + R"(","expected_months":)" + std::to_string(months) + "}");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 201, Iso(today_) << " start " << worker << ": " << r->body);
    Json j(r->body);
    MPlacement p{j.Str("/id"), worker, kind, std::nullopt, start, months, std::nullopt, ""};
    m_.of_worker[worker].push_back(p.id);
    m_.placements[p.id] = p;
    ++placements_started_;
    AfterWrite({m_.workers.at(worker).household});
    return p.id;
  }
  void End(const std::string& id, Day end, const std::string& reason) {
    auto r = s_.Post("/v1/placements/" + id + "/end",
                     R"({"end_date":")" + Iso(end) + R"(","end_reason":")" + reason + R"("})");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, Iso(today_) << " end " << id << ": " << r->body);
    Json j(r->body);
    CHECK(j.Str("/status") == (end <= today_ ? "ended" : "active"));
    MPlacement& p = m_.placements.at(id);
    p.end = end;
    p.end_reason = reason;
    ++placements_ended_;
    AfterWrite({m_.workers.at(p.worker).household});
  }

  void Load(size_t households) {
    GeneratorOptions opts = DemoOptions(7, Date{today_});
    opts.households = households;
    const GeneratedRegister g = Generate(opts);
    for (const auto& e : g.employers) {
      REQUIRE(s_.Put("/v1/employers/" + e.id, EncodeRecord(Record{e}))->status == 201);
      m_.employer_kind[e.id] = std::string(ToString(e.kind));
    }
    for (const auto& p : g.postings) {
      REQUIRE(s_.Put("/v1/postings/" + p.id, EncodeRecord(Record{p}))->status == 201);
      m_.postings[p.id] = {p.employer, p.contract_months};
    }
    for (const auto& h : g.households) PutHousehold(h);
    for (const auto& w : g.workers) PutWorker(w);
    // The placements in force (and some ended before): matched ones become
    // self-found here, since only an accepted proposal makes a matched one.
    for (const auto& p : g.placements) {
      const std::string kind = p.kind == PlacementKind::kMatched ? "self_found" : std::string(ToString(p.kind));
      const std::string id = Start(p.worker, kind, p.start_date.days, p.expected_months.value_or(0));
      if (p.end_date) End(id, p.end_date->days, p.status == PlacementStatus::kEnded ? EndReasonOf(p.end_reason)
                                                                                     : "contract_end");
    }
  }

  // One day's events, before the sweep.
  void Events(Day d, int day_index) {
    // Jobs ending.
    std::vector<std::string> open;
    for (const auto& [id, p] : m_.placements)
      if (!p.end && p.start <= d) open.push_back(id);
    for (const auto& id : open) {
      const MPlacement p = m_.placements.at(id);
      const auto expected = EndOf(p);
      if (expected && *expected == d) {
        const double r = rng_.Unit();
        if (r < 0.45) {
          End(id, d, "contract_end");
        } else if (r < 0.65) {  // renewed: a new contract from the same day
          End(id, d, "contract_end");
          if (!m_.Busy(p.worker, d)) Start(p.worker, p.kind == "matched" ? "self_found" : p.kind, d, 12);
        }  // else: nobody records the end; the job stays active and at risk
      } else if (expected && *expected < d) {
        if (rng_.Chance(0.03)) End(id, d, "contract_end");
        else if (rng_.Chance(0.02)) End(id, *expected, "contract_end");  // recorded late, backdated
      } else {
        const double r = rng_.Unit();
        if (r < 0.0015) End(id, d, "quit");
        else if (r < 0.0025) End(id, d, "dismissed");
        else if (r < 0.0030) End(id, d, "moved");
        else if (r < 0.0045) End(id, d + 1 + static_cast<Day>(rng_.Below(45)), "contract_end");  // a known coming end
      }
    }
    // Work found otherwise.
    std::vector<std::string> ids;
    for (const auto& [id, w] : m_.workers) ids.push_back(id);
    for (const auto& id : ids) {
      const Worker& w = m_.workers.at(id);
      if (m_.Busy(id, d)) continue;
      const bool willing = Able(w) && w.willingness.wants_work;
      if (willing ? rng_.Chance(0.005) : rng_.Chance(0.0004)) {
        static const char* kKinds[] = {"self_found", "self_employed", "migrant"};
        static const int kMonths[] = {0, 0, 3, 6, 12, 24, 2};
        Start(id, kKinds[rng_.Below(3)], d, kMonths[rng_.Below(7)]);
      }
    }
    // The register changes.
    if (rng_.Chance(0.35)) {  // a member changes their mind about work
      Worker w = m_.workers.at(ids[rng_.Below(ids.size())]);
      w.willingness.wants_work = !w.willingness.wants_work;
      PutWorker(w);
    }
    if (rng_.Chance(0.12)) {  // ability re-assessed
      Worker w = m_.workers.at(ids[rng_.Below(ids.size())]);
      w.labor_ability = w.labor_ability == LaborAbility::kNone ? LaborAbility::kWeak : LaborAbility::kNone;
      PutWorker(w);
    }
    if (rng_.Chance(0.05)) {  // a member joins another household (job and all)
      Worker w = m_.workers.at(ids[rng_.Below(ids.size())]);
      auto it = m_.households.begin();
      std::advance(it, static_cast<long>(rng_.Below(m_.households.size())));
      w.household = it->first;
      PutWorker(w);
    }
    if (day_index % 30 == 15) {  // newly registered relocated households
      const int n = day_index / 30;
      for (int k = 0; k < 2; ++k) {
        Household h;
        h.id = "HNEW-" + std::to_string(n) + "-" + std::to_string(k);
        h.region = "430523";
        h.registered_poor = true;
        h.poverty_status = PovertyStatus::kMonitored;
        h.relocated = true;
        h.site = k == 0 ? m_.households.begin()->second.site : "SITE-NEW";
        h.helper = HelperContact{"刘志强", "13700002222"};
        PutHousehold(h);
        Worker w = m_.workers.begin()->second;  // a template
        w.id = h.id + "-1";
        w.household = h.id;
        w.labor_ability = k == 0 || n % 3 ? LaborAbility::kFull : LaborAbility::kNone;
        w.willingness.wants_work = true;
        w.id_number = FakeIdNumber("430523", std::to_string(1980 + n) + "0" + std::to_string(1 + k) + "11", 990 + k);
        PutWorker(w);
      }
    }
    // Weekly: a match run, and some of its proposals accepted.
    if (day_index % 7 == 3) Match(d);
  }

  void Match(Day d) {
    auto r = s_.Post("/v1/match-runs", R"({"region":"430523","date":")" + Iso(d) + R"("})");
    REQUIRE(r);
    REQUIRE_MESSAGE((r->status == 201 || r->status == 202), r->body);
    const std::string run = Json(r->body).Str("/id");
    // A run that takes longer than the request's wait answers 202: poll (bounded).
    std::string status = Json(r->body).Str("/status");
    for (int i = 0; status == "running" && i < 600; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      status = Json(s_.Get("/v1/match-runs/" + run)->body).Str("/status");
    }
    REQUIRE_MESSAGE(status == "finished", "match run " << run << " on " << Iso(d) << ": " << status);
    std::vector<std::string> proposals;
    std::string cursor;
    for (int guard = 0; guard < 50; ++guard) {
      Json page(s_.Get("/v1/match-runs/" + run + "/proposals?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor))->body);
      simdjson::dom::array items;
      REQUIRE(!page.root["items"].get_array().get(items));
      for (auto p : items) proposals.push_back(S(p, "/id"));
      std::string_view next;
      if (page.root["next"].get_string().get(next)) break;
      cursor = std::string(next);
    }
    for (const auto& pid : proposals) {
      if (!rng_.Chance(0.6)) continue;
      auto a = s_.Post("/v1/proposals/" + pid + "/accept", "");
      REQUIRE(a);
      REQUIRE_MESSAGE(a->status == 201, Iso(d) << " accept " << pid << ": " << a->body);
      Json j(a->body);
      MPlacement p{j.Str("/id"), j.Str("/placement/worker"), "matched", j.Str("/placement/posting"),
                   d,           static_cast<int>(j.Int("/placement/expected_months")), std::nullopt, ""};
      CHECK(j.Str("/placement/start_date") == Iso(d));
      CHECK(p.months == m_.postings.at(*p.posting).second);
      m_.of_worker[p.worker].push_back(p.id);
      m_.placements[p.id] = p;
      ++accepted_;
      ++placements_started_;
      AfterWrite({m_.workers.at(p.worker).household});
    }
  }

  // The sweep for d and what it must have found.
  void Sweep(Day d) {
    int64_t changes = 0, alerts = 0;
    for (const auto& [id, h] : m_.households) {
      auto [changed, alerted] = m_.Record(id, d);
      changes += changed;
      alerts += alerted;
    }
    auto r = s_.Post("/v1/guarantee/sweep?date=" + Iso(d), "");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    Json j(r->body);
    CHECK(j.Str("/date") == Iso(d));
    CHECK(j.Int("/households") == static_cast<int64_t>(m_.households.size()));
    CHECK_MESSAGE(j.Int("/changes") == changes, Iso(d));
    CHECK_MESSAGE(j.Int("/alerts") == alerts, Iso(d));
    sweep_changes_ += changes;
    sweep_alerts_ += alerts;
  }

  void CheckSites(Day d) {
    const auto expected = m_.Sites(d);
    expected_rows_[d] = expected;
    Json j(s_.Get("/v1/guarantee/sites?date=" + Iso(d))->body);
    CHECK(j.Str("/date") == Iso(d));
    simdjson::dom::array sites;
    REQUIRE(!j.root["sites"].get_array().get(sites));
    std::map<std::pair<std::string, std::string>, Row> actual;
    for (auto row : sites) actual[{S(row, "/site"), S(row, "/region")}] = ReadRow(row);
    REQUIRE_MESSAGE(actual.size() == expected.size(), Iso(d));
    for (const auto& [key, row] : expected) {
      CAPTURE(key.first);
      REQUIRE(actual.count(key));
      CHECK_MESSAGE(actual[key].Text() == row.Text(), Iso(d));
      // The snapshot stored for d says the same.
      auto h = s_.Get("/v1/guarantee/sites/" + Url(key.first) + "/history?from=" + Iso(d) + "&to=" + Iso(d));
      REQUIRE(h);
      REQUIRE_MESSAGE(h->status == 200, h->body);
      Json hist(h->body);
      REQUIRE(hist.Size("/history") == 1);
      CHECK(hist.Str("/history/0/date") == Iso(d));
      CHECK_MESSAGE(ReadRow(hist["history"].at(0)["counts"].value()).Text() == row.Text(), Iso(d));
    }
  }

  void CheckHouseholds(Day d) {
    std::map<std::string, std::vector<const Worker*>> members;
    for (const auto& [id, w] : m_.workers) members[w.household].push_back(&w);
    std::set<std::string> seen;
    std::string cursor;
    for (int guard = 0; guard < 100; ++guard) {
      auto r = s_.Get("/v1/guarantee/households?date=" + Iso(d) + "&limit=500" +
                      (cursor.empty() ? "" : "&cursor=" + cursor));
      REQUIRE(r);
      REQUIRE_MESSAGE(r->status == 200, r->body);
      Json page(r->body);
      simdjson::dom::array items;
      REQUIRE(!page.root["items"].get_array().get(items));
      for (auto item : items) {
        const std::string id = S(item, "/household");
        CAPTURE(id);
        REQUIRE(m_.households.count(id));
        seen.insert(id);
        const Expect e = m_.StatusOf(m_.households.at(id), members[id], d);
        ++status_days_[e.status];
        if (e.status == "at_risk" && *e.risk_end <= d) ++overdue_days_;  // the contract's end passed, no record
        ++households_checked_;
        CHECK_MESSAGE(S(item, "/status") == e.status, Iso(d));
        if (e.status == "not_eligible") CHECK(S(item, "/not_eligible_reason") == e.reason);
        std::vector<std::string> evidence;
        simdjson::dom::array ev;
        REQUIRE(!item["evidence"].get_array().get(ev));
        for (auto x : ev) evidence.emplace_back(std::string_view(x.get_string().value()));
        CHECK_MESSAGE(evidence == e.evidence, Iso(d));
        std::string_view risk_end;
        if (!item["risk_end"].get_string().get(risk_end)) {
          CHECK((e.risk_end && std::string(risk_end) == Iso(*e.risk_end)));
        } else {
          CHECK_FALSE(e.risk_end);
        }
        // Item 7: the evidence of a covered household is real.
        for (const auto& pid : evidence) {
          ++evidence_checked_;
          REQUIRE(m_.placements.count(pid));
          const MPlacement& p = m_.placements.at(pid);
          CHECK(m_.workers.at(p.worker).household == id);
          CHECK(ActiveOn(p, d));
          CHECK(Steady(p));
          if (e.status == "covered") {
            const auto end = EndOf(p);
            CHECK((!end || *end > d + kRiskDays));
          }
        }
        // Members and their current placements.
        simdjson::dom::array ms;
        REQUIRE(!item["members"].get_array().get(ms));
        CHECK(ms.size() == members[id].size());
        for (auto mem : ms) {
          const std::string w = S(mem, "/worker");
          REQUIRE(m_.workers.count(w));
          CHECK(m_.workers.at(w).household == id);
          const MPlacement* p = m_.ActiveOf(w, d);
          std::string_view pid;
          if (!mem.at_pointer("/placement/id").get_string().get(pid)) {
            CHECK((p && p->id == pid));
          } else {
            CHECK(p == nullptr);
          }
        }
      }
      std::string_view next;
      if (page.root["next"].get_string().get(next)) break;
      cursor = std::string(next);
    }
    CHECK(seen.size() == m_.households.size());
  }

  // One site's page and lists, asked by its (Chinese) name: the row, its
  // uncovered and at-risk households, ?site= of the household list, the
  // alerts and the export.
  void CheckSite(Day d, const std::string& site) {
    CAPTURE(site);
    std::map<std::string, std::vector<const Worker*>> members;
    for (const auto& [id, w] : m_.workers) members[w.household].push_back(&w);
    std::vector<std::string> uncovered, at_risk, all;
    std::map<std::string, Day> risk_end;
    for (const auto& [id, h] : m_.households) {
      if (!h.relocated || h.site != site) continue;
      all.push_back(id);
      const Expect e = m_.StatusOf(h, members[id], d);
      if (e.status == "uncovered") uncovered.push_back(id);
      if (e.status == "at_risk") at_risk.push_back(id), risk_end[id] = *e.risk_end;
    }
    auto r = s_.Get("/v1/guarantee/sites/" + Url(site) + "?date=" + Iso(d));
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    Json j(r->body);
    CHECK(j.Str("/site/site") == site);
    CHECK(ReadRow(j["site"]).Text() == m_.Sites(d).at({site, "430523"}).Text());
    std::vector<std::string> got_uncovered, got_at_risk;
    simdjson::dom::array a;
    REQUIRE(!j.root["uncovered_households"].get_array().get(a));
    for (auto x : a) got_uncovered.push_back(S(x, "/household"));
    REQUIRE(!j.root["at_risk_households"].get_array().get(a));
    for (auto x : a) {
      got_at_risk.push_back(S(x, "/household"));
      CHECK(S(x, "/risk_end") == Iso(risk_end[got_at_risk.back()]));
    }
    CHECK(got_uncovered == uncovered);
    CHECK(got_at_risk == at_risk);
    // ?site= and ?status= of the household list.
    auto l = s_.Get("/v1/guarantee/households?site=" + Url(site) + "&status=at_risk&date=" + Iso(d) + "&limit=500");
    REQUIRE(l);
    REQUIRE_MESSAGE(l->status == 200, l->body);
    Json list(l->body);
    std::vector<std::string> listed;
    REQUIRE(!list.root["items"].get_array().get(a));
    for (auto x : a) listed.push_back(S(x, "/household"));
    CHECK(listed == at_risk);
    // Alerts of the site.
    auto al = s_.Get("/v1/alerts?site=" + Url(site));
    REQUIRE(al);
    REQUIRE_MESSAGE(al->status == 200, al->body);
    Json alerts(al->body);
    size_t expected_alerts = 0;
    for (const auto& [id, e] : m_.alerts) expected_alerts += e.site == site;
    CHECK(alerts.Size("/items") == expected_alerts);
    // The export: one row per household of the site.
    auto csv = s_.Get("/v1/guarantee/export.csv?site=" + Url(site) + "&date=" + Iso(d));
    REQUIRE(csv);
    REQUIRE_MESSAGE(csv->status == 200, csv->body);
    size_t lines = 0;
    for (size_t at = 0; (at = csv->body.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
    CHECK(lines == all.size() + 1);
  }

  void CheckAlerts() {
    Json j(s_.Get("/v1/alerts")->body);
    simdjson::dom::array items;
    REQUIRE(!j.root["items"].get_array().get(items));
    std::set<std::string> ids;
    for (auto a : items) {
      const std::string id = S(a, "/id");
      CAPTURE(id);
      ids.insert(id);
      REQUIRE(m_.alerts.count(id));
      const ExpectedAlert& e = m_.alerts.at(id);
      CHECK(S(a, "/household") == e.household);
      CHECK(S(a, "/site") == e.site);
      CHECK(S(a, "/reason") == e.reason);
      CHECK(S(a, "/to") == e.to);
      if (e.from.empty()) CHECK(a["from"].is_null());
      else CHECK(S(a, "/from") == e.from);
      CHECK(S(a, "/date") == Iso(e.date));
      CHECK(S(a, "/follow_up_by") == Iso(e.date + kFollowUpDays));
      CHECK(S(a, "/state") == "open");
      std::string_view placement;
      if (!a["placement"].get_string().get(placement)) CHECK(placement == e.placement);
      else CHECK(e.placement.empty());
      const Household& h = m_.households.at(e.household);
      if (h.helper) {
        CHECK(S(a, "/helper/name") == h.helper->name);
        CHECK(S(a, "/helper/phone") == h.helper->phone);
      } else {
        CHECK(a["helper"].is_null());
      }
    }
    CHECK(ids.size() == m_.alerts.size());
  }
};

}  // namespace

TEST_SUITE("guarantee_year") {
  TEST_CASE("a scripted year of a generated county: daily counts, history and evidence equal an independent recomputation") {
    const auto started = ch::steady_clock::now();
    Year y;
    const Day first = DayOf(2026, 12, 1);
    y.SetToday(first);
    y.Load(400);
    const auto loaded = ch::steady_clock::now();
    MESSAGE("loaded " << y.m_.households.size() << " households, " << y.m_.workers.size() << " workers, "
                      << y.m_.postings.size() << " postings, " << y.m_.placements.size() << " placements in "
                      << ch::duration_cast<ch::milliseconds>(loaded - started).count() << " ms");

    constexpr int kDays = 365;
    for (int i = 0; i < kDays; ++i) {
      const Day d = first + i;
      y.SetToday(d);
      y.Events(d, i);
      y.Sweep(d);
      y.CheckSites(d);
      y.CheckHouseholds(d);
      if (i % 7 == 6)
        for (const auto& [key, row] : y.expected_rows_.at(d)) y.CheckSite(d, key.first);
      if (i % 61 == 30) {  // the same day again: nothing changes
        const bool dump = i == 30;
        const std::string before = dump ? DumpRedis() : "";
        auto r = y.s_.Post("/v1/guarantee/sweep?date=" + Iso(d), "");
        REQUIRE(r->status == 200);
        CHECK(Json(r->body).Int("/changes") == 0);
        CHECK(Json(r->body).Int("/alerts") == 0);
        if (dump) CHECK(DumpRedis() == before);
      }
    }
    const Day last = first + kDays - 1;

    // The stored history, read back at the end: each day as it was then.
    std::set<std::string> sites;
    for (const auto& [key, row] : y.expected_rows_.at(last)) sites.insert(key.first);
    std::map<std::string, const std::map<std::pair<std::string, std::string>, Row>*> by_date;
    for (const auto& [d, rows] : y.expected_rows_) by_date[Iso(d)] = &rows;
    int64_t history_rows = 0;
    for (const auto& site : sites) {
      auto r = y.s_.Get("/v1/guarantee/sites/" + Url(site) + "/history?from=" + Iso(first) + "&to=" + Iso(last));
      REQUIRE(r->status == 200);
      Json h(r->body);
      simdjson::dom::array rows;
      REQUIRE(!h.root["history"].get_array().get(rows));
      std::string previous;
      for (auto row : rows) {
        const std::string date = S(row, "/date");
        CHECK(date > previous);
        previous = date;
        auto day = by_date.find(date);
        REQUIRE_MESSAGE(day != by_date.end(), site << " " << date);
        auto it = day->second->find({site, "430523"});
        REQUIRE(it != day->second->end());
        CHECK_MESSAGE(ReadRow(row["counts"].value()).Text() == it->second.Text(), site << " " << date);
        ++history_rows;
      }
      // Every day of the year is there (SITE-NEW from its first household on).
      int64_t days_with_site = 0;
      for (const auto& [d, rows_of_day] : y.expected_rows_) days_with_site += rows_of_day.count({site, "430523"});
      CHECK(static_cast<int64_t>(rows.size()) == days_with_site);
    }

    y.CheckAlerts();

    // Every placement record the evidence named is the server's too.
    int64_t compared = 0;
    for (const auto& [worker, ids] : y.m_.of_worker) {
      Json list(y.s_.Get("/v1/placements?worker=" + worker)->body);
      REQUIRE(list.Size("/items") == ids.size());
      simdjson::dom::array items;
      REQUIRE(!list.root["items"].get_array().get(items));
      for (auto item : items) {
        const MPlacement& p = y.m_.placements.at(S(item, "/id"));
        CHECK(S(item, "/worker") == worker);
        CHECK(S(item, "/kind") == p.kind);
        CHECK(S(item, "/start_date") == Iso(p.start));
        std::string_view end;
        if (!item["end_date"].get_string().get(end)) CHECK((p.end && end == Iso(*p.end)));
        else CHECK_FALSE(p.end);
        ++compared;
      }
    }

    // Each household's timeline: in date order, its status changes exactly
    // those recorded (at once after writes, or by the sweeps).
    for (const auto& [h, seq] : y.m_.recorded_seq) {
      Json t(y.s_.Get("/v1/households/" + h + "/timeline")->body);
      simdjson::dom::array events;
      REQUIRE(!t.root["events"].get_array().get(events));
      std::vector<std::string> statuses;
      std::string previous;
      for (auto e : events) {
        const std::string date = S(e, "/date");
        CHECK(date >= previous);
        previous = date;
        if (S(e, "/type") == "status_changed") statuses.push_back(S(e, "/to"));
      }
      CHECK_MESSAGE(statuses == seq, h);
    }

    const auto took = ch::duration_cast<ch::milliseconds>(ch::steady_clock::now() - started).count();
    MESSAGE("a year: " << y.placements_started_ << " placements started (" << y.accepted_ << " accepted proposals), "
                       << y.placements_ended_ << " ends recorded, " << y.register_writes_ << " register writes, "
                       << y.sweep_changes_ << " status changes found by sweeps, " << y.m_.alerts.size()
                       << " alerts (" << y.sweep_alerts_ << " by sweeps), " << y.households_checked_
                       << " household-days checked (covered " << y.status_days_["covered"] << ", at_risk "
                       << y.status_days_["at_risk"] << ", uncovered " << y.status_days_["uncovered"]
                       << ", not_eligible " << y.status_days_["not_eligible"] << "; at risk past an unrecorded end "
                       << y.overdue_days_ << "), " << y.evidence_checked_
                       << " evidence placements checked, " << history_rows << " history rows, " << compared
                       << " placement records compared; " << took << " ms");
    // Dynamics worth the name: every status occurs, contracts ran out.
    CHECK(y.status_days_["covered"] > 0);
    CHECK(y.status_days_["at_risk"] > 0);
    CHECK(y.overdue_days_ > 0);  // expired contracts stayed at risk, never silently covered
    CHECK(y.status_days_["uncovered"] > 0);
    CHECK(y.status_days_["not_eligible"] > 0);
    CHECK(y.accepted_ > 0);
    CHECK(took < 120000);
  }
}
