// The facade: index the problem (training_instance.h), solve
// (training_solver.h), then say what the plan means in ids and words. The
// advice for one worker does not build the instance: one linear pass over
// the postings with the union of the reachable courses' skills finds every
// posting any of them could open, and each course is then checked on rule 7
// alone, so a kiosk's request costs O(postings + courses), not a plan.
#include "matcher/training_plan.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "matcher/fit_score.h"
#include "matcher/geo.h"
#include "matcher/id_number.h"
#include "matcher/occupation_catalog.h"
#include "matcher/placement_rules.h"
#include "matcher/training_instance.h"
#include "matcher/training_solver.h"

namespace leye {

namespace {

std::string Km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", km);
  return buf;
}

std::string SkillsText(const std::vector<Skill>& skills) {
  std::string out;
  for (const Skill& s : skills) {
    if (!out.empty()) out += "、";
    const std::string_view name = OccupationNameZh(s.code);
    out += name.empty() ? s.code : std::string(name) + "（" + s.code + "）";
    out += std::to_string(s.level) + " 级";
  }
  return out;
}

std::string CourseText(const Training& t, double km) {
  return "「" + t.title + "」（" + t.id + "，" + FormatDate(t.start_date) + " 开课，离家 " + Km(km) + " 公里）";
}

std::string PostingText(const Posting& p) {
  return p.id + "「" + p.title + "」（月薪 " + std::to_string(p.monthly_wage) + " 元，" +
         (p.contract_months == 0 ? std::string("长期") : std::to_string(p.contract_months) + " 个月") + "）";
}

std::string ListIds(const std::vector<std::string>& ids, size_t from, size_t max) {
  std::string out;
  for (size_t i = from; i < ids.size() && i < from + max; ++i) {
    if (!out.empty()) out += "、";
    out += ids[i];
  }
  return out;
}

}  // namespace

Result<TrainingPlan> PlanTraining(const TrainingProblem& problem, const TrainingOptions& options) {
  Result<TrainingInstance> built = BuildTrainingInstance(problem, std::max(1, options.threads));
  if (!built.ok()) return built.status();
  const TrainingInstance& in = *built;
  const IndexedProblem& ip = *in.ip;
  TrainingSolution sol = SolveTraining(in, options);

  TrainingPlan plan;
  plan.totals = sol.totals;
  plan.exact = sol.exact;
  plan.upper_bound = sol.upper_bound;
  plan.method = sol.method;
  plan.stats = sol.stats;
  plan.stats.trainees = in.reachable_trainees;
  plan.stats.courses = in.num_courses();
  for (int32_t s : in.course_seats) plan.stats.seats += s;
  plan.stats.postings = in.num_postings();
  for (int32_t s : in.posting_slots) plan.stats.slots += s;
  plan.stats.options = in.num_options();
  plan.stats.pairs = in.num_pairs();
  plan.stats.triples = static_cast<int64_t>(in.opens.size());

  // The first trainee of a level-1/2 household (by worker id) carries it.
  std::vector<int32_t> carrier(in.num_groups(), -1);
  for (int32_t t = 0; t < in.num_trainees(); ++t)
    if (sol.pair[t] >= 0 && carrier[in.trainee_group[t]] < 0) carrier[in.trainee_group[t]] = t;

  const int32_t max_listed = std::max(1, options.max_postings_listed);
  for (int32_t t = 0; t < in.num_trainees(); ++t) {
    if (sol.pair[t] < 0) continue;
    const int64_t o = sol.option[t], q = sol.pair[t];
    const int32_t w = in.trainee_worker[t], g = in.trainee_group[t], h = ip.HouseholdOf(w);
    const Training& course = in.trainings[in.course_training[in.opt_course[o]]];
    const Posting& kept = ip.posting(in.posting_ip[in.pair_posting[q]]);
    TrainingAssignment a;
    a.worker = ip.worker(w).id;
    a.household = ip.household(h).id;
    a.training = course.id;
    a.opens_posting = kept.id;
    std::vector<int64_t> opened;
    for (int64_t x = in.opens_begin[o]; x < in.opens_begin[o + 1]; ++x) {
      const int64_t pq = in.pair_begin[t] + in.opens[x];
      if (pq != q) opened.push_back(pq);
    }
    std::stable_sort(opened.begin(), opened.end(),
                     [&](int64_t x, int64_t y) { return in.pair_score[x] > in.pair_score[y]; });
    a.postings_opened.push_back(kept.id);
    for (int64_t pq : opened) a.postings_opened.push_back(ip.posting(in.posting_ip[in.pair_posting[pq]]).id);
    const size_t total_opened = a.postings_opened.size();
    if (a.postings_opened.size() > static_cast<size_t>(max_listed)) a.postings_opened.resize(max_listed);

    const Household& hh = ip.household(h);
    const uint8_t glevel = in.group_level[g];
    a.level = glevel > 0 && carrier[g] == t ? glevel : 3;
    std::string why;
    if (a.level == 1) {
      why = "易地扶贫搬迁户 " + hh.id + "（安置点 " + hh.site + "）" +
            (ip.Work(h) == HouseholdWork::kAtRisk ? "现有稳定工作即将到期，" : "目前无人稳定就业，") +
            "家中也无人有可应聘且尚有空缺的稳定岗位";
    } else if (a.level == 2) {
      why = "建档立卡户 " + hh.id + " 目前无人稳定就业，家中也无人有可应聘且尚有空缺的稳定岗位";
    } else if (glevel > 0) {
      why = "本户已由 " + ip.worker(in.trainee_worker[carrier[g]]).id + " 经培训获得稳定岗位；本人目前也没有可应聘且尚有空缺的稳定岗位";
    } else {
      why = "本人目前没有可应聘且尚有空缺的稳定岗位";
    }
    why += "。参加" + CourseText(course, in.opt_km[o]) + "，学会" + SkillsText(course.teaches) + "后，可应聘岗位 " +
           PostingText(kept) + "，本计划为其保留 1 个空缺";
    if (total_opened > 1)
      why += "；还可应聘 " + ListIds(a.postings_opened, 1, 3) + (total_opened > 4 ? " 等" : "") + " 共 " +
             std::to_string(total_opened - 1) + " 个岗位";
    why += "。";
    a.why = std::move(why);
    plan.assignments.push_back(std::move(a));
  }
  return plan;
}

Result<std::optional<CourseAdvice>> BestCourseFor(const TrainingProblem& problem, std::string_view worker_id) {
  const Worker* wk = nullptr;
  for (const Worker& w : problem.workers)
    if (w.id == worker_id) wk = &w;
  if (!wk) return Status::NotFound("no worker with id " + std::string(worker_id));
  const Household* hh = nullptr;
  for (const Household& h : problem.households)
    if (h.id == wk->household) hh = &h;
  if (!hh) return Status::Invalid("no household with id " + wk->household);
  if (const auto why = IdNumberProblem(wk->id_number)) return Status::Invalid("worker " + wk->id + ": " + *why);
  const Date d = problem.date;
  std::optional<CourseAdvice> none;

  // Rules 1 and 2.
  bool active = false;
  std::unordered_map<std::string_view, int32_t> taken;  // posting -> active placements and others' proposals
  for (const Placement& pl : problem.placements) {
    if (!IsActiveOn(pl, d)) continue;
    if (pl.worker == wk->id) active = true;
    if (pl.posting) ++taken[*pl.posting];
  }
  if (!Rule1AbleAndWilling(*wk) || active) return none;
  for (const Placement& pl : ProposalPlacements(problem))
    if (pl.worker != wk->id && pl.posting) ++taken[*pl.posting];

  // Courses: free seats, dates ahead, within reach.
  std::unordered_map<std::string_view, int32_t> enrolled;
  for (const ActiveEnrolment& e : problem.enrolments) ++enrolled[e.training];
  struct Course {
    const Training* t;
    double km;
  };
  std::vector<Course> courses;
  std::vector<Skill> extra;
  for (const Training& t : problem.trainings) {
    auto it = enrolled.find(t.id);
    if (t.start_date <= d || t.seats - (it == enrolled.end() ? 0 : it->second) <= 0) continue;
    const double km = GreatCircleKm(wk->location, t.location);
    if (km > wk->willingness.max_commute_km) continue;
    courses.push_back({&t, km});
    for (const Skill& s : t.teaches) {
      auto e = std::find_if(extra.begin(), extra.end(), [&](const Skill& x) { return x.code == s.code; });
      if (e == extra.end()) extra.push_back(s);
      else e->level = std::max(e->level, s.level);
    }
  }
  if (courses.empty()) return none;
  std::sort(courses.begin(), courses.end(), [](const Course& a, const Course& b) { return a.t->id < b.t->id; });

  Worker with = *wk;
  with.skills.insert(with.skills.end(), extra.begin(), extra.end());
  std::unordered_map<std::string_view, const Employer*> employers;
  for (const Employer& e : problem.employers) employers.emplace(e.id, &e);
  std::unordered_set<std::string_view> declined;
  for (const Decline& x : problem.declines)
    if (x.worker == wk->id) declined.insert(x.posting);
  const int age = AgeOn(IdNumberBirthDate(wk->id_number), d);

  // Postings some course could open: feasible with the union, not without.
  struct Opened {
    const Posting* p;
    int32_t score;
    std::vector<Skill> missing;
  };
  std::vector<Opened> opened;
  for (const Posting& p : problem.postings) {
    if (!IsSteadyPosting(p, problem.policy)) continue;
    auto e = employers.find(p.employer);
    if (e == employers.end()) continue;
    auto tk = taken.find(p.id);
    const int32_t free = p.slots - (tk == taken.end() ? 0 : tk->second);
    double km = 0;
    const PairView v{with, *hh, age, false, p, *e->second, free, declined.count(p.id) > 0};
    if (FirstBrokenRule(v, &km) != HardRule::kNone) continue;
    std::vector<Skill> missing;
    for (const Skill& req : p.required_skills)
      if (Rule7MissingSkill(std::span<const Skill>(&req, 1), wk->skills)) missing.push_back(req);
    if (missing.empty()) continue;  // feasible already: not opened by a course
    opened.push_back({&p, FitPoints(with, p, km, problem.policy), std::move(missing)});
  }

  // The course opening the most; ties: best fit, earlier start, smaller id.
  const Course* best = nullptr;
  std::vector<const Opened*> best_list;
  int32_t best_fit = -1;
  for (const Course& c : courses) {
    std::vector<const Opened*> list;
    int32_t fit = -1;
    for (const Opened& o : opened)
      if (!Rule7MissingSkill(o.missing, c.t->teaches)) {
        list.push_back(&o);
        fit = std::max(fit, o.score);
      }
    if (list.empty()) continue;
    const bool better = !best || list.size() > best_list.size() ||
                        (list.size() == best_list.size() &&
                         (fit > best_fit || (fit == best_fit && c.t->start_date < best->t->start_date)));
    if (!better) continue;
    best = &c;
    best_list = std::move(list);
    best_fit = fit;
  }
  if (!best) return none;
  std::stable_sort(best_list.begin(), best_list.end(), [](const Opened* a, const Opened* b) {
    return a->score != b->score ? a->score > b->score : a->p->id < b->p->id;
  });
  CourseAdvice advice;
  advice.training = best->t->id;
  advice.title = best->t->title;
  advice.teaches = best->t->teaches;
  advice.start_date = best->t->start_date;
  advice.distance_km = best->km;
  for (const Opened* o : best_list) advice.postings_opened.push_back(o->p->id);
  advice.why = "参加" + CourseText(*best->t, best->km) + "，学会" + SkillsText(best->t->teaches) + "后，可应聘 " +
               std::to_string(best_list.size()) + " 个尚有空缺的稳定岗位，如 " + PostingText(*best_list.front()->p) + "。";
  return std::optional<CourseAdvice>(std::move(advice));
}

}  // namespace leye
