// The hard rules, one function each. They take records (or the one derived
// value a rule needs: age, distance, free slots) so tests can state each rule
// on its own, and the index calls the very same functions on the pairs it
// considers: there is no second, faster copy of any rule to drift apart.
#include "matcher/feasibility.h"

#include <algorithm>
#include <cstdio>

#include "matcher/geo.h"
#include "matcher/occupation_catalog.h"

namespace leye {

std::string_view ToString(HardRule r) {
  switch (r) {
    case HardRule::kNone: return "none";
    case HardRule::kAbleAndWilling: return "able_and_willing";
    case HardRule::kNoActivePlacement: return "no_active_placement";
    case HardRule::kOpenWithFreeSlot: return "open_with_free_slot";
    case HardRule::kAge: return "age";
    case HardRule::kHours: return "hours";
    case HardRule::kWage: return "wage";
    case HardRule::kSkills: return "skills";
    case HardRule::kCategory: return "category";
    case HardRule::kPlace: return "place";
    case HardRule::kPublicWelfarePoor: return "public_welfare_poor";
    case HardRule::kNotDeclined: return "not_declined";
  }
  return "none";
}

bool InFamily(std::string_view code, std::string_view family) {
  if (code.size() < family.size() || code.substr(0, family.size()) != family) return false;
  return code.size() == family.size() || code[family.size()] == '-';
}

bool Rule1AbleAndWilling(const Worker& w) {
  return (w.labor_ability == LaborAbility::kFull || w.labor_ability == LaborAbility::kWeak) &&
         w.willingness.wants_work;
}

bool Rule2NoActivePlacement(bool worker_in_active_placement) { return !worker_in_active_placement; }

bool Rule3OpenWithFreeSlot(const Posting& p, int32_t free_slots) { return p.open && free_slots >= 1; }

bool Rule4Age(int age, const Posting& p) {
  return (!p.age_min || age >= *p.age_min) && (!p.age_max || age <= *p.age_max);
}

bool Rule5Hours(const Posting& p, const Willingness& wl) {
  return std::find(wl.hours.begin(), wl.hours.end(), p.hours) != wl.hours.end();
}

bool Rule6Wage(const Posting& p, const Willingness& wl) { return p.monthly_wage >= wl.min_monthly_wage; }

std::optional<Skill> Rule7MissingSkill(std::span<const Skill> required, std::span<const Skill> has) {
  for (const Skill& req : required) {
    const bool met = std::any_of(has.begin(), has.end(), [&](const Skill& s) {
      return InFamily(s.code, req.code) && s.level >= req.level;
    });
    if (!met) return req;
  }
  return std::nullopt;
}

int WishRank(std::string_view occupation, const Willingness& wl) {
  for (size_t i = 0; i < wl.categories.size(); ++i)
    if (InFamily(occupation, wl.categories[i])) return static_cast<int>(i);
  return -1;
}

bool Rule8Category(std::string_view occupation, const Willingness& wl) {
  return wl.categories.empty() || WishRank(occupation, wl) >= 0;
}

bool Rule9Place(double distance_km, const Willingness& wl, std::string_view employer_region,
                std::string_view household_region) {
  if (distance_km <= wl.max_commute_km) return true;
  const bool same_province = employer_region.substr(0, 2) == household_region.substr(0, 2);
  if (same_province) return employer_region != household_region && wl.leave_county;
  return wl.leave_province;
}

bool Rule10PublicWelfare(const Employer& e, const Household& h) {
  return e.kind != EmployerKind::kPublicWelfare || h.registered_poor;
}

bool Rule11NotDeclined(bool declined) { return !declined; }

HardRule FirstBrokenRule(const PairView& v, double* distance_km) {
  const Willingness& wl = v.worker.willingness;
  if (!Rule1AbleAndWilling(v.worker)) return HardRule::kAbleAndWilling;
  if (!Rule2NoActivePlacement(v.worker_in_active_placement)) return HardRule::kNoActivePlacement;
  if (!Rule3OpenWithFreeSlot(v.posting, v.free_slots)) return HardRule::kOpenWithFreeSlot;
  if (!Rule4Age(v.age, v.posting)) return HardRule::kAge;
  if (!Rule5Hours(v.posting, wl)) return HardRule::kHours;
  if (!Rule6Wage(v.posting, wl)) return HardRule::kWage;
  if (!Rule7Skills(v.posting, v.worker)) return HardRule::kSkills;
  if (!Rule8Category(v.posting.occupation, wl)) return HardRule::kCategory;
  const double km = GreatCircleKm(v.worker.location, PostingLocation(v.posting, v.employer));
  if (distance_km) *distance_km = km;
  if (!Rule9Place(km, wl, v.employer.region, v.household.region)) return HardRule::kPlace;
  if (!Rule10PublicWelfare(v.employer, v.household)) return HardRule::kPublicWelfarePoor;
  if (!Rule11NotDeclined(v.declined)) return HardRule::kNotDeclined;
  return HardRule::kNone;
}

namespace {

std::string HoursName(Hours h) {
  switch (h) {
    case Hours::kFullTime: return "全职";
    case Hours::kPartTime: return "兼职";
    case Hours::kHomeBased: return "居家";
  }
  return "";
}

std::string Km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", km);
  return buf;
}

}  // namespace

std::string ExplainBrokenRule(HardRule r, const PairView& v) {
  const std::string post = "岗位 " + v.posting.id;
  const Willingness& wl = v.worker.willingness;
  switch (r) {
    case HardRule::kNone:
      return post + "：符合全部条件";
    case HardRule::kAbleAndWilling:
      return wl.wants_work ? "无劳动能力" : "本人暂不想就业";
    case HardRule::kNoActivePlacement:
      return "已在岗，保留现有工作";
    case HardRule::kOpenWithFreeSlot:
      return post + (v.posting.open ? " 已招满" : " 未开放招聘");
    case HardRule::kAge: {
      std::string range;
      if (v.posting.age_min && v.posting.age_max)
        range = std::to_string(*v.posting.age_min) + "-" + std::to_string(*v.posting.age_max) + " 岁";
      else if (v.posting.age_min)
        range = std::to_string(*v.posting.age_min) + " 岁以上";
      else
        range = std::to_string(v.posting.age_max.value_or(0)) + " 岁以下";
      return post + " 要求年龄 " + range + "，本人 " + std::to_string(v.age) + " 岁";
    }
    case HardRule::kHours:
      return post + " 是" + HoursName(v.posting.hours) + "岗位，不在本人愿意的工作方式内";
    case HardRule::kWage:
      return post + " 月薪 " + std::to_string(v.posting.monthly_wage) + " 元，低于期望的 " +
             std::to_string(wl.min_monthly_wage) + " 元";
    case HardRule::kSkills: {
      const std::optional<Skill> miss = Rule7MissingSkill(v.posting.required_skills, v.worker.skills);
      const Skill s = miss.value_or(Skill{});
      const std::string_view name = OccupationNameZh(s.code);
      return post + " 需要技能 " + s.code + "（" + (name.empty() ? "" : std::string(name) + "，") +
             std::to_string(s.level) + " 级），未具备";
    }
    case HardRule::kCategory:
      return post + " 的工种 " + v.posting.occupation + " 不在本人意向工种内";
    case HardRule::kPlace: {
      const double km = GreatCircleKm(v.worker.location, PostingLocation(v.posting, v.employer));
      std::string why = post + " 离家 " + Km(km) + " 公里，超过愿意通勤的 " + Km(wl.max_commute_km) + " 公里";
      if (v.employer.region == v.household.region) return why;
      const bool same_province = v.employer.region.substr(0, 2) == v.household.region.substr(0, 2);
      return why + "，且本人不愿到" + (same_province ? "外县" : "外省") + "务工";
    }
    case HardRule::kPublicWelfarePoor:
      return post + " 是公益性岗位，只面向建档立卡户";
    case HardRule::kNotDeclined:
      return "本人已婉拒过" + post;
  }
  return "";
}

}  // namespace leye
