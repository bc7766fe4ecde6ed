// CBC through its C++ classes (CbcModel over OsiClpSolverInterface), not its
// C interface: Cbc_solve goes through the command-line driver, which keeps
// state in globals, while a CbcModel owns everything it touches, so two plans
// may be solved at once in two threads. All output is silenced; the limits
// are node and iteration counts, so a solve is the same on every machine.
// The objective is minimised as its negation (CBC's own sense); a level's
// bound is the floor of minus CBC's best possible value.
//
// The program is small beside the flow: on the generated province a
// component is a county's trainees (a few thousand), and the LP relaxation
// is nearly integral (assignment rows plus one coupling per pair), so CBC
// usually proves a level at the root or within a few nodes.
#include "matcher/training_ilp.h"

#include <CbcHeuristic.hpp>
#include <CbcModel.hpp>
#include <CglClique.hpp>
#include <CglGomory.hpp>
#include <CglProbing.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>

namespace leye {

namespace {

int32_t LocalIndex(const std::vector<int32_t>& sorted, int32_t id) {
  return static_cast<int32_t>(std::lower_bound(sorted.begin(), sorted.end(), id) - sorted.begin());
}

// The component's entities in local numbering.
struct Component {
  std::span<const int32_t> trainees;
  std::vector<int32_t> courses, postings, groups;  // global ids, ascending
  std::vector<int32_t> trainee_group;               // local group or -1 (group of level 0)
  std::vector<uint8_t> level;                       // per trainee: its group's level, 0 = level 3 only
};

Component Describe(const TrainingInstance& in, std::span<const int32_t> trainees) {
  Component c;
  c.trainees = trainees;
  for (int32_t t : trainees) {
    for (int64_t o = in.opt_begin[t]; o < in.opt_begin[t + 1]; ++o) c.courses.push_back(in.opt_course[o]);
    for (int64_t q = in.pair_begin[t]; q < in.pair_begin[t + 1]; ++q) c.postings.push_back(in.pair_posting[q]);
    if (in.group_level[in.trainee_group[t]] > 0) c.groups.push_back(in.trainee_group[t]);
  }
  for (auto* v : {&c.courses, &c.postings, &c.groups}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  for (int32_t t : trainees) {
    const int32_t g = in.trainee_group[t];
    const uint8_t lv = in.group_level[g];
    c.level.push_back(lv);
    c.trainee_group.push_back(lv > 0 ? LocalIndex(c.groups, g) : -1);
  }
  return c;
}

// A plan of the component in local terms.
struct LocalPlan {
  std::vector<int64_t> option, pair;  // global option / pair ids, -1
};

void ComponentLevels(const TrainingInstance& in, const Component& c, const LocalPlan& p, int64_t out[3]) {
  std::vector<uint8_t> counted(c.groups.size(), 0);
  out[0] = out[1] = out[2] = 0;
  for (size_t i = 0; i < c.trainees.size(); ++i) {
    if (p.pair[i] < 0) continue;
    ++out[2];
    const int32_t g = c.trainee_group[i];
    if (g < 0 || counted[g]) continue;
    counted[g] = 1;
    ++out[c.level[i] - 1];
  }
}

bool Included(const Component& c, size_t i, int k) {
  return k == 3 || (c.level[i] >= 1 && c.level[i] <= k);
}

// Adds `extra`'s assignments to `base` where seats, slots and (levels 1-2)
// the one-member-per-group rule allow, in trainee order.
void TopUp(const TrainingInstance& in, const Component& c, int k, const LocalPlan& extra, LocalPlan* base) {
  std::vector<int32_t> seats(c.courses.size()), slots(c.postings.size());
  for (size_t j = 0; j < c.courses.size(); ++j) seats[j] = in.course_seats[c.courses[j]];
  for (size_t j = 0; j < c.postings.size(); ++j) slots[j] = in.posting_slots[c.postings[j]];
  std::vector<uint8_t> carried(c.groups.size(), 0);
  const size_t n = c.trainees.size();
  for (size_t i = 0; i < n; ++i) {
    if (base->pair[i] < 0) continue;
    --seats[LocalIndex(c.courses, in.opt_course[base->option[i]])];
    --slots[LocalIndex(c.postings, in.pair_posting[base->pair[i]])];
    if (c.trainee_group[i] >= 0) carried[c.trainee_group[i]] = 1;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!Included(c, i, k) || base->pair[i] >= 0 || extra.pair[i] < 0) continue;
    if (k < 3 && c.trainee_group[i] >= 0 && carried[c.trainee_group[i]]) continue;
    const int32_t sc = LocalIndex(c.courses, in.opt_course[extra.option[i]]);
    const int32_t sp = LocalIndex(c.postings, in.pair_posting[extra.pair[i]]);
    if (seats[sc] <= 0 || slots[sp] <= 0) continue;
    --seats[sc];
    --slots[sp];
    base->option[i] = extra.option[i];
    base->pair[i] = extra.pair[i];
    if (c.trainee_group[i] >= 0) carried[c.trainee_group[i]] = 1;
  }
}

// One level's program. A column per triple (trainee, option, pair it
// opens): the triples of an included trainee are contiguous in in.opens
// (its options are, and each option's pairs follow it), so a column is
// x_first[i] + (triple - the trainee's first triple).
struct Program {
  std::vector<int64_t> x_first;  // per local trainee: first column, -1 when excluded
  int64_t y_first = -1;
  int32_t columns = 0;
  std::vector<double> collb, colub, obj, rowlb, rowub;
  // The matrix column by column (CBC's own layout: no conversion on load).
  std::vector<CoinBigIndex> start;
  std::vector<int> index;
  std::vector<double> value;
  std::vector<int32_t> integer;
};

int64_t FirstTriple(const TrainingInstance& in, int32_t t) { return in.opens_begin[in.opt_begin[t]]; }
int64_t EndTriple(const TrainingInstance& in, int32_t t) { return in.opens_begin[in.opt_begin[t + 1]]; }

int AddRow(Program* pr, double lo, double hi) {
  pr->rowlb.push_back(lo);
  pr->rowub.push_back(hi);
  return static_cast<int>(pr->rowlb.size()) - 1;
}

// Rows first (one per included trainee, per course, per posting, per group
// that needs one, the levels fixed above), then the columns, each with its
// three to five entries.
Program Build(const TrainingInstance& in, const Component& c, int k, const int64_t z[3]) {
  Program pr;
  const size_t n = c.trainees.size();
  pr.x_first.assign(n, -1);
  std::vector<int> trainee_row(n, -1);
  std::vector<int> included(c.groups.size(), 0);
  int32_t col = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!Included(c, i, k)) continue;
    const int32_t t = c.trainees[i];
    pr.x_first[i] = col;
    col += static_cast<int32_t>(EndTriple(in, t) - FirstTriple(in, t));
    trainee_row[i] = AddRow(&pr, -COIN_DBL_MAX, 1.0);  // one seat and one slot per trainee
    if (c.trainee_group[i] >= 0) ++included[c.trainee_group[i]];
  }
  const bool with_y = k == 3;
  if (with_y) {
    pr.y_first = col;
    col += static_cast<int32_t>(c.groups.size());
  }
  pr.columns = col;
  std::vector<int> course_row(c.courses.size()), posting_row(c.postings.size()), group_row(c.groups.size(), -1);
  for (size_t j = 0; j < c.courses.size(); ++j) course_row[j] = AddRow(&pr, -COIN_DBL_MAX, in.course_seats[c.courses[j]]);
  for (size_t j = 0; j < c.postings.size(); ++j)
    posting_row[j] = AddRow(&pr, -COIN_DBL_MAX, in.posting_slots[c.postings[j]]);
  // Levels 1-2: one member per group (a lone member's own row says so);
  // level 3: y[g] - (its members' x) <= 0.
  for (size_t g = 0; g < c.groups.size(); ++g)
    if (with_y || included[g] >= 2) group_row[g] = with_y ? AddRow(&pr, -COIN_DBL_MAX, 0.0) : AddRow(&pr, -COIN_DBL_MAX, 1.0);
  const int fix1 = k >= 2 && z[0] > 0 ? AddRow(&pr, static_cast<double>(z[0]), COIN_DBL_MAX) : -1;
  const int fix2 = k == 3 && z[1] > 0 ? AddRow(&pr, static_cast<double>(z[1]), COIN_DBL_MAX) : -1;

  pr.collb.assign(col, 0.0);
  pr.colub.assign(col, 1.0);
  pr.obj.assign(col, 0.0);
  pr.start.reserve(col + 1);
  pr.index.reserve(static_cast<size_t>(col) * 4);
  pr.value.reserve(static_cast<size_t>(col) * 4);
  auto entry = [&](int row, double v) {
    pr.index.push_back(row);
    pr.value.push_back(v);
  };
  for (size_t i = 0; i < n; ++i) {
    if (pr.x_first[i] < 0) continue;
    const int32_t t = c.trainees[i];
    const int32_t g = c.trainee_group[i];
    for (int64_t o = in.opt_begin[t]; o < in.opt_begin[t + 1]; ++o) {
      const int crow = course_row[LocalIndex(c.courses, in.opt_course[o])];
      for (int64_t x = in.opens_begin[o]; x < in.opens_begin[o + 1]; ++x) {
        const int32_t j = static_cast<int32_t>(pr.start.size());
        pr.start.push_back(static_cast<CoinBigIndex>(pr.index.size()));
        pr.integer.push_back(j);
        entry(trainee_row[i], 1.0);
        entry(crow, 1.0);
        entry(posting_row[LocalIndex(c.postings, in.pair_posting[in.pair_begin[t] + in.opens[x]])], 1.0);
        if (g >= 0 && group_row[g] >= 0) entry(group_row[g], with_y ? -1.0 : 1.0);
        if (!with_y && fix1 >= 0 && c.level[i] == 1) entry(fix1, 1.0);
        if (k == 3 || c.level[i] == k) pr.obj[j] = -1.0;
      }
    }
  }
  if (with_y)
    for (size_t g = 0; g < c.groups.size(); ++g) {
      pr.start.push_back(static_cast<CoinBigIndex>(pr.index.size()));
      entry(group_row[g], 1.0);
      const int fix = in.group_level[c.groups[g]] == 1 ? fix1 : fix2;
      if (fix >= 0) entry(fix, 1.0);
    }
  pr.start.push_back(static_cast<CoinBigIndex>(pr.index.size()));
  return pr;
}

// The column of trainee i's triple (option o, pair q), or -1.
int64_t TripleColumn(const TrainingInstance& in, const Component& c, const Program& pr, size_t i, int64_t o, int64_t q) {
  const int32_t t = c.trainees[i];
  const int32_t l = static_cast<int32_t>(q - in.pair_begin[t]);
  auto b = in.opens.begin() + in.opens_begin[o], e = in.opens.begin() + in.opens_begin[o + 1];
  auto it = std::lower_bound(b, e, l);
  if (it == e || *it != l) return -1;
  return pr.x_first[i] + ((it - in.opens.begin()) - FirstTriple(in, t));
}

std::vector<double> Columns(const TrainingInstance& in, const Component& c, const Program& pr, const LocalPlan& p) {
  std::vector<double> x(pr.columns, 0.0);
  for (size_t i = 0; i < c.trainees.size(); ++i) {
    if (p.pair[i] < 0 || pr.x_first[i] < 0) continue;
    const int64_t j = TripleColumn(in, c, pr, i, p.option[i], p.pair[i]);
    if (j >= 0) x[j] = 1.0;
    if (pr.y_first >= 0 && c.trainee_group[i] >= 0) x[pr.y_first + c.trainee_group[i]] = 1.0;
  }
  return x;
}

double Objective(const Program& pr, const std::vector<double>& x) {
  double s = 0;
  for (int32_t j = 0; j < pr.columns; ++j) s += pr.obj[j] * x[j];
  return s;
}

// The plan in CBC's columns, or false when they do not describe one.
bool ReadPlan(const TrainingInstance& in, const Component& c, const Program& pr, const double* x, LocalPlan* out) {
  const size_t n = c.trainees.size();
  out->option.assign(n, -1);
  out->pair.assign(n, -1);
  for (size_t i = 0; i < n; ++i) {
    if (pr.x_first[i] < 0) continue;
    const int32_t t = c.trainees[i];
    const int64_t first = FirstTriple(in, t);
    for (int64_t o = in.opt_begin[t]; o < in.opt_begin[t + 1]; ++o)
      for (int64_t y = in.opens_begin[o]; y < in.opens_begin[o + 1]; ++y) {
        if (x[pr.x_first[i] + (y - first)] <= 0.5) continue;
        if (out->option[i] >= 0) return false;
        out->option[i] = o;
        out->pair[i] = in.pair_begin[t] + in.opens[y];
      }
  }
  return true;
}

// Takes `found` as the current plan when it is better at level k and no
// worse at the levels above.
void Adopt(const TrainingInstance& in, const Component& c, int k, LocalPlan found, LocalPlan* cur, int64_t z[3]) {
  int64_t zf[3];
  ComponentLevels(in, c, found, zf);
  bool better = zf[k - 1] > z[k - 1];
  for (int j = 0; j < k - 1; ++j) better = better && zf[j] >= z[j];
  if (!better) return;
  *cur = std::move(found);
  ComponentLevels(in, c, *cur, z);
}

}  // namespace

int64_t IlpColumns(const TrainingInstance& in, std::span<const int32_t> trainees) {
  int64_t cols = 0;
  for (int32_t t : trainees)
    cols += EndTriple(in, t) - FirstTriple(in, t) + (in.group_level[in.trainee_group[t]] > 0 ? 1 : 0);
  return cols;
}

IlpOutcome SolveComponentIlp(const TrainingInstance& in, std::span<const int32_t> trainees,
                             std::span<const int64_t> warm_option, std::span<const int64_t> warm_pair,
                             const IlpLimits& limits) {
  const Component c = Describe(in, trainees);
  const size_t n = trainees.size();
  LocalPlan warm{{warm_option.begin(), warm_option.end()}, {warm_pair.begin(), warm_pair.end()}};
  LocalPlan cur{std::vector<int64_t>(n, -1), std::vector<int64_t>(n, -1)};
  IlpOutcome out;
  int64_t z[3] = {0, 0, 0};
  bool lp_ok = true;
  for (int k = 1; k <= 3; ++k) {
    // Start from the best plan known: the previous level's, topped up.
    TopUp(in, c, k, warm, &cur);
    ComponentLevels(in, c, cur, z);
    if (!lp_ok) continue;  // no LP bound: keep the plan, the flow bounds it
    const Program pr = Build(in, c, k, z);
    out.columns = std::max<int64_t>(out.columns, pr.columns);
    if (std::none_of(pr.obj.begin(), pr.obj.end(), [](double v) { return v != 0.0; })) {
      out.proven[k - 1] = true;  // nothing to gain at this level
      out.bound[k - 1] = z[k - 1];
      continue;
    }
    auto* solver = new OsiClpSolverInterface;
    solver->messageHandler()->setLogLevel(0);
    solver->loadProblem(pr.columns, static_cast<int>(pr.rowlb.size()), pr.start.data(), pr.index.data(),
                        pr.value.data(), pr.collb.data(), pr.colub.data(), pr.obj.data(), pr.rowlb.data(),
                        pr.rowub.data());
    for (int32_t j : pr.integer) solver->setInteger(j);
    solver->setIntParam(OsiMaxNumIteration, limits.max_lp_iterations);
    solver->setHintParam(OsiDoReducePrint, true, OsiHintTry);
    CbcModel model;
    OsiSolverInterface* owned = solver;
    model.assignSolver(owned, true);  // no copy: the model owns it
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.solver()->messageHandler()->setLogLevel(0);
    model.setMaximumNodes(limits.max_nodes);
    CglProbing probing;
    probing.setUsingObjective(1);
    CglClique clique;
    clique.setStarCliqueReport(false);  // else it prints to stdout
    clique.setRowCliqueReport(false);
    CglGomory gomory;
    CbcRounding rounding(model);
    model.addCutGenerator(&probing, -1, "Probing");
    model.addCutGenerator(&clique, -1, "Clique");
    model.addCutGenerator(&gomory, -99, "Gomory");
    model.addHeuristic(&rounding);
    model.initialSolve();
    out.lp_iterations += model.solver()->getIterationCount();
    if (!model.isInitialSolveProvenOptimal()) {
      lp_ok = false;  // the root LP stopped at the iteration limit
      continue;
    }
    // Often done at the root: an integral LP optimum is the answer, and a plan
    // reaching the LP's bound is optimal (branch and bound would only prove it).
    const int64_t lp_bound = static_cast<int64_t>(std::floor(-model.solver()->getObjValue() + 1e-6));
    const double* lp = model.solver()->getColSolution();
    bool integral = true;
    for (int32_t j : pr.integer)
      if (std::fabs(lp[j] - std::round(lp[j])) > 1e-7) {
        integral = false;
        break;
      }
    LocalPlan found;
    if (integral && ReadPlan(in, c, pr, lp, &found)) Adopt(in, c, k, std::move(found), &cur, z);
    if (z[k - 1] >= lp_bound) {
      out.proven[k - 1] = true;
      out.bound[k - 1] = z[k - 1];
      continue;
    }
    const std::vector<double> start = Columns(in, c, pr, cur);
    model.setBestSolution(start.data(), pr.columns, Objective(pr, start), true);
    model.branchAndBound();
    out.nodes += model.getNodeCount();
    out.lp_iterations += model.getIterationCount();
    if (model.bestSolution() && ReadPlan(in, c, pr, model.bestSolution(), &found))
      Adopt(in, c, k, std::move(found), &cur, z);
    out.proven[k - 1] = model.isProvenOptimal();
    int64_t bound = out.proven[k - 1] ? z[k - 1] : static_cast<int64_t>(std::floor(-model.getBestPossibleObjValue() + 1e-6));
    out.bound[k - 1] = std::max(std::min(bound, lp_bound), z[k - 1]);
  }
  out.option = std::move(cur.option);
  out.pair = std::move(cur.pair);
  for (int j = 0; j < 3; ++j) out.level[j] = z[j];
  return out;
}

}  // namespace leye
