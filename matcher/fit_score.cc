// One function computes each factor's points and, when asked, its words, so
// the ranking used by the solver and the explanation a worker reads cannot
// disagree. PERF NOTE: FitPoints runs for every feasible pair the candidate
// search finds (tens of millions at province scale): it builds no strings.
#include "matcher/fit_score.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "matcher/feasibility.h"
#include "matcher/occupation_catalog.h"

namespace leye {

std::string_view ToString(FitFactorKind k) {
  switch (k) {
    case FitFactorKind::kSkills: return "skills";
    case FitFactorKind::kWish: return "wish";
    case FitFactorKind::kCommute: return "commute";
    case FitFactorKind::kWage: return "wage";
  }
  return "";
}

namespace {

// The caller's name for the code or its nearest named family, else the
// occupation catalogue's, else the code itself.
std::string NameOf(std::string_view code, const OccupationNames* names) {
  if (names) {
    std::string_view c = code;
    while (!c.empty()) {
      auto it = names->find(c);
      if (it != names->end()) return it->second;
      const size_t dash = c.rfind('-');
      if (dash == std::string_view::npos) break;
      c = c.substr(0, dash);
    }
  }
  if (const std::string_view zh = OccupationNameZh(code); !zh.empty()) return std::string(zh);
  return std::string(code);
}

int64_t Meters(double km) { return std::llround(km * 1000.0); }

struct Parts {
  int32_t skills = 0, wish = 0, commute = 0, wage = 0;
  int skill_level = 0;         // best related level, 0 = none
  const Skill* skill = nullptr;  // the worker skill giving it
  int rank = -1;               // wish rank, -1 = no wishes
  bool within_radius = true;
};

Parts Compute(const Worker& w, const Posting& p, double distance_km, const PolicyConfig& policy) {
  Parts r;
  for (const Skill& s : w.skills) {
    bool related = InFamily(s.code, p.occupation) || InFamily(p.occupation, s.code);
    for (size_t i = 0; !related && i < p.required_skills.size(); ++i)
      related = InFamily(s.code, p.required_skills[i].code);
    if (related && s.level > r.skill_level) {
      r.skill_level = s.level;
      r.skill = &s;
    }
  }
  r.skills = SkillPoints(r.skill_level, policy);

  const Willingness& wl = w.willingness;
  const int64_t n = static_cast<int64_t>(wl.categories.size());
  if (n > 0) r.rank = WishRank(p.occupation, wl);
  r.wish = n == 0 ? WishPoints(-1, 0, policy) : r.rank < 0 ? 0 : WishPoints(r.rank, n, policy);

  r.within_radius = distance_km <= wl.max_commute_km;
  r.commute = CommutePoints(distance_km, wl.max_commute_km, policy);
  r.wage = WagePoints(p.monthly_wage, wl.min_monthly_wage, policy);
  return r;
}

int32_t Total(const Parts& r) {
  return std::clamp(r.skills + r.wish + r.commute + r.wage, 0, 1000);
}

}  // namespace

int32_t SkillPoints(int skill_level, const PolicyConfig& policy) {
  return static_cast<int32_t>(int64_t{policy.weight_skills} * std::clamp(skill_level, 0, 5) / 5);
}

int32_t WishPoints(int rank, int64_t wishes, const PolicyConfig& policy) {
  if (wishes == 0) return policy.weight_wish / 2;
  if (rank < 0 || rank >= wishes) return 0;
  return static_cast<int32_t>(int64_t{policy.weight_wish} * (wishes - rank) / wishes);
}

int32_t CommutePoints(double distance_km, double max_commute_km, const PolicyConfig& policy) {
  if (!(distance_km <= max_commute_km)) return 0;
  const int64_t max_m = Meters(max_commute_km), d_m = Meters(distance_km);
  if (max_m <= 0) return policy.weight_commute;
  return static_cast<int32_t>(int64_t{policy.weight_commute} * std::max<int64_t>(0, max_m - d_m) / max_m);
}

int32_t WagePoints(int64_t monthly_wage, int64_t min_monthly_wage, const PolicyConfig& policy) {
  const int64_t above = monthly_wage - min_monthly_wage;
  if (above <= 0) return 0;
  if (policy.wage_full_points_above_floor <= 0) return policy.weight_wage;
  return static_cast<int32_t>(int64_t{policy.weight_wage} * std::min(above, policy.wage_full_points_above_floor) /
                              policy.wage_full_points_above_floor);
}

int32_t FitPoints(const Worker& w, const Posting& p, double distance_km, const PolicyConfig& policy) {
  return Total(Compute(w, p, distance_km, policy));
}

FitScore ExplainFit(const Worker& w, const Posting& p, double distance_km, const PolicyConfig& policy,
                    const OccupationNames* names) {
  const Parts r = Compute(w, p, distance_km, policy);
  FitScore out;
  out.total = Total(r);

  std::string skills;
  if (!p.required_skills.empty()) {
    const Skill& req = p.required_skills.front();
    int have = 0;
    for (const Skill& s : w.skills)
      if (InFamily(s.code, req.code)) have = std::max(have, s.level);
    skills = "需要" + NameOf(req.code, names) + "技能（" + std::to_string(req.level) + " 级）：" +
             (have >= req.level ? "已具备（" + std::to_string(have) + " 级）" : "未具备");
    if (p.required_skills.size() > 1)
      skills += "，共 " + std::to_string(p.required_skills.size()) + " 项技能要求";
  } else if (r.skill) {
    skills = "具备相关技能：" + NameOf(r.skill->code, names) + "（" + std::to_string(r.skill->level) + " 级）";
  } else {
    skills = "岗位不要求技能，本人无相关技能";
  }
  out.factors.push_back({FitFactorKind::kSkills, r.skills, policy.weight_skills, skills});

  std::string wish;
  if (r.rank < 0 && w.willingness.categories.empty()) wish = "未限定意向工种";
  else if (r.rank < 0) wish = "不在意向工种内";
  else wish = "第 " + std::to_string(r.rank + 1) + " 意向工种（" + NameOf(p.occupation, names) + "）";
  out.factors.push_back({FitFactorKind::kWish, r.wish, policy.weight_wish, wish});

  char km[48];
  std::snprintf(km, sizeof km, "%.1f", distance_km);
  std::string commute = std::string("离家 ") + km + " 公里";
  if (!r.within_radius) commute += "（外出务工）";
  out.factors.push_back({FitFactorKind::kCommute, r.commute, policy.weight_commute, commute});

  const int64_t floor = w.willingness.min_monthly_wage, above = p.monthly_wage - floor;
  std::string wage = "月薪 " + std::to_string(p.monthly_wage) + " 元";
  if (floor > 0) {
    if (above > 0) wage += "，高于期望 " + std::to_string(above) + " 元";
    else if (above == 0) wage += "，与期望持平";
    else wage += "，低于期望 " + std::to_string(-above) + " 元";
  }
  out.factors.push_back({FitFactorKind::kWage, r.wage, policy.weight_wage, wage});
  return out;
}

}  // namespace leye
