// One worker against every posting: a county has a few thousand, so a plain
// scan with the hard rules is fast (well under a millisecond per thousand)
// and needs no index. The same scan counts, per broken rule, the postings
// that would otherwise fit, which is what the guidance sentences say.
#include "matcher/service_package.h"

#include <algorithm>
#include <cstdio>

#include "matcher/geo.h"
#include "matcher/id_number.h"
#include "matcher/placement_rules.h"

namespace leye {
namespace {

std::string Km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", km);
  return buf;
}

std::string SkillName(const std::string& code, const OccupationNames* names) {
  if (names) {
    // The longest family with a name.
    for (std::string c = code; !c.empty();) {
      auto it = names->find(c);
      if (it != names->end()) return it->second + "（" + code + "）";
      const auto dash = c.rfind('-');
      if (dash == std::string::npos) break;
      c.resize(dash);
    }
  }
  return code;
}

}  // namespace

ServicePackage BuildServicePackage(const ServicePackageInput& in) {
  ServicePackage out;
  const Worker& w = *in.worker;
  const Household& h = *in.household;
  std::map<std::string_view, const Employer*> employers;
  for (const Employer* e : in.employers) employers[e->id] = e;
  std::map<std::string_view, int32_t> active_on_posting;
  bool working = false;
  for (const Placement* p : in.placements) {
    if (!IsActiveOn(*p, in.date)) continue;
    if (p->posting) ++active_on_posting[*p->posting];
    if (p->worker == w.id) working = true;
  }
  const int age = AgeOn(IdNumberBirthDate(w.id_number), in.date);

  if (!Rule1AbleAndWilling(w)) {
    out.guidance.push_back({"not_willing", w.labor_ability == LaborAbility::kNone
                                               ? "登记为无劳动能力，由社会救助兜底保障；如情况有变，请联系帮扶责任人更新。"
                                               : "目前登记为暂不愿就业；如想找工作，请到服务窗口更新就业意愿。"});
    return out;
  }
  if (working) {
    out.guidance.push_back({"working", "您目前已在岗；如需换工作或合同即将到期，请联系就业服务窗口。"});
    return out;
  }

  struct Candidate {
    const Posting* posting;
    const Employer* employer;
    int32_t free_after_run;
    double km;
    FitScore fit;
    bool current;
  };
  std::vector<Candidate> feasible;
  // Postings that break exactly one rule (among skills, wage, place), for guidance.
  std::map<std::string, int> missing_skill;          // skill code -> postings it would open
  std::vector<int64_t> wages_blocked;                // wages of postings blocked only by the wage floor
  int commute_blocked = 0, commute_opened_at_double = 0;
  int open_postings = 0;

  for (const Posting* p : in.postings) {
    auto eit = employers.find(p->employer);
    if (eit == employers.end()) continue;
    const Employer& e = *eit->second;
    const int32_t active = active_on_posting.count(p->id) ? active_on_posting.at(p->id) : 0;
    const int32_t free_slots = p->slots - active;
    if (p->open && free_slots > 0) ++open_postings;
    const bool declined = in.declines.count({w.id, p->id}) > 0;
    PairView v{w, h, age, false, *p, e, free_slots, declined};
    double km = 0;
    const HardRule broken = FirstBrokenRule(v, &km);
    if (broken == HardRule::kNone) {
      auto taken = in.run_taken.find(p->id);
      const int32_t after_run = free_slots - (taken == in.run_taken.end() ? 0 : taken->second);
      const bool current = in.current_posting && *in.current_posting == p->id;
      if (after_run <= 0 && !current) continue;  // the run gave every free slot to others
      km = GreatCircleKm(w.location, PostingLocation(*p, e));
      feasible.push_back({p, &e, after_run, km, ExplainFit(w, *p, km, in.policy, in.names), current});
      continue;
    }
    // What a single change would open: the rule that blocks, when the rest hold.
    if (broken == HardRule::kSkills) {
      Worker trained = w;
      auto missing = Rule7MissingSkill(p->required_skills, w.skills);
      while (missing) {
        trained.skills.push_back(*missing);
        missing = Rule7MissingSkill(p->required_skills, trained.skills);
      }
      PairView tv{trained, h, age, false, *p, e, free_slots, declined};
      if (FirstBrokenRule(tv) == HardRule::kNone)
        for (const auto& s : p->required_skills)
          if (Rule7MissingSkill(std::span<const Skill>(&s, 1), w.skills)) ++missing_skill[s.code];
    } else if (broken == HardRule::kWage) {
      Worker lower = w;
      lower.willingness.min_monthly_wage = 0;
      PairView lv{lower, h, age, false, *p, e, free_slots, declined};
      if (FirstBrokenRule(lv) == HardRule::kNone) wages_blocked.push_back(p->monthly_wage);
    } else if (broken == HardRule::kPlace) {
      Worker wider = w;
      wider.willingness.max_commute_km = std::max(1.0, w.willingness.max_commute_km) * 2;
      PairView dv{wider, h, age, false, *p, e, free_slots, declined};
      ++commute_blocked;
      if (FirstBrokenRule(dv) == HardRule::kNone) ++commute_opened_at_double;
    }
  }

  // Current proposal first, then by fit (higher first), then posting id.
  std::sort(feasible.begin(), feasible.end(), [](const Candidate& a, const Candidate& b) {
    if (a.current != b.current) return a.current;
    if (a.fit.total != b.fit.total) return a.fit.total > b.fit.total;
    return a.posting->id < b.posting->id;
  });
  for (const Candidate& c : feasible) {
    if (out.offers.size() == 3) break;
    ServiceOffer o;
    o.posting = c.posting->id;
    o.employer = c.employer->id;
    o.title = c.posting->title;
    o.employer_kind = c.employer->kind;
    o.steady = IsSteadyPosting(*c.posting, in.policy);
    o.current_proposal = c.current;
    if (c.current) o.proposal_id = in.current_proposal_id;
    o.free_slots = std::max(c.free_after_run, 0);
    o.distance_km = c.km;
    o.fit = c.fit;
    out.offers.push_back(std::move(o));
  }

  // Guidance: concrete, from the counts above.
  if (!missing_skill.empty()) {
    auto best = std::max_element(missing_skill.begin(), missing_skill.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    std::string text = "学会" + SkillName(best->first, in.names) + "可多 " + std::to_string(best->second) +
                       " 个附近岗位可选";
    const Training* course = nullptr;
    for (const Training* t : in.trainings) {
      if (t->start_date <= in.date || t->seats <= 0) continue;
      for (const auto& s : t->teaches)
        if (s.code == best->first || InFamily(best->first, s.code) || InFamily(s.code, best->first))
          if (!course || t->start_date < course->start_date || (t->start_date == course->start_date && t->id < course->id))
            course = t;
    }
    if (course)
      text += "；可报名免费培训「" + course->title + "」（" + course->provider + "，" + FormatDate(course->start_date) + " 开课）";
    out.guidance.push_back({"missing_skill", text + "。"});
  }
  if (!wages_blocked.empty() && wages_blocked.size() * 2 >= static_cast<size_t>(std::max(1, open_postings / 10))) {
    std::sort(wages_blocked.begin(), wages_blocked.end());
    const int64_t median = wages_blocked[wages_blocked.size() / 2];
    out.guidance.push_back({"wage_floor", "您期望的最低月薪 " + std::to_string(w.willingness.min_monthly_wage) +
                                              " 元，高于附近 " + std::to_string(wages_blocked.size()) +
                                              " 个合适岗位的工资（中位数 " + std::to_string(median) +
                                              " 元）；适当调整期望可增加选择。"});
  }
  if (commute_opened_at_double > 0 && commute_opened_at_double * 2 >= static_cast<int>(feasible.size())) {
    out.guidance.push_back({"commute", "通勤距离限制 " + Km(w.willingness.max_commute_km) + " 公里排除了 " +
                                           std::to_string(commute_blocked) + " 个岗位；放宽到 " +
                                           Km(std::max(1.0, w.willingness.max_commute_km) * 2) + " 公里可多 " +
                                           std::to_string(commute_opened_at_double) + " 个岗位可选。"});
  }
  if (!w.willingness.confirmed_on || in.date.days - w.willingness.confirmed_on->days > in.confirm_after_days) {
    out.guidance.push_back({"confirm_willingness",
                            w.willingness.confirmed_on
                                ? "您的就业意愿登记于 " + FormatDate(*w.willingness.confirmed_on) +
                                      "，已超过半年，请到服务窗口确认是否有变化。"
                                : "请到服务窗口确认您的就业意愿（想做的工种、通勤距离、期望工资），以便推荐更合适的岗位。"});
  }
  if (feasible.empty() && out.guidance.size() <= 1)
    out.guidance.push_back({"no_postings", "附近暂时没有符合您条件的岗位；新岗位发布后会优先通知您。"});
  return out;
}

}  // namespace leye
