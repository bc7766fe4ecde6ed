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
#include <CoinPackedMatrix.hpp>
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

// One level's program.
struct Program {
  std::vector<int64_t> a_first, b_first;  // per local trainee: first column, -1 when excluded
  int64_t y_first = -1;
  int32_t columns = 0;
  std::vector<double> collb, colub, obj, rowlb, rowub;
  CoinPackedMatrix matrix{false, 0, 0};  // row-ordered
  std::vector<int32_t> integer;
};

void AddRow(Program* pr, const std::vector<int>& idx, const std::vector<double>& val, double lo, double hi) {
  pr->matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
  pr->rowlb.push_back(lo);
  pr->rowub.push_back(hi);
}

Program Build(const TrainingInstance& in, const Component& c, int k, const int64_t z[3]) {
  Program pr;
  const size_t n = c.trainees.size();
  pr.a_first.assign(n, -1);
  pr.b_first.assign(n, -1);
  int32_t col = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!Included(c, i, k)) continue;
    const int32_t t = c.trainees[i];
    pr.a_first[i] = col;
    col += static_cast<int32_t>(in.opt_begin[t + 1] - in.opt_begin[t]);
    pr.b_first[i] = col;
    col += static_cast<int32_t>(in.pair_begin[t + 1] - in.pair_begin[t]);
  }
  const bool with_y = k == 3;
  if (with_y) {
    pr.y_first = col;
    col += static_cast<int32_t>(c.groups.size());
  }
  pr.columns = col;
  pr.collb.assign(col, 0.0);
  pr.colub.assign(col, 1.0);
  pr.obj.assign(col, 0.0);
  pr.matrix.setDimensions(0, col);
  for (int32_t j = 0; j < (with_y ? pr.y_first : col); ++j) pr.integer.push_back(j);

  std::vector<std::vector<int>> course_cols(c.courses.size()), posting_cols(c.postings.size()),
      group_cols(c.groups.size());
  std::vector<int> level1_cols, level2_cols;
  std::vector<int> idx;
  std::vector<double> val;
  std::vector<std::vector<int>> openers;
  for (size_t i = 0; i < n; ++i) {
    if (pr.a_first[i] < 0) continue;
    const int32_t t = c.trainees[i];
    const int64_t o0 = in.opt_begin[t], o1 = in.opt_begin[t + 1];
    const int64_t q0 = in.pair_begin[t], q1 = in.pair_begin[t + 1];
    // sum a - sum b = 0; sum b <= 1.
    idx.clear();
    val.clear();
    for (int64_t o = o0; o < o1; ++o) {
      const int a = static_cast<int>(pr.a_first[i] + (o - o0));
      idx.push_back(a);
      val.push_back(1.0);
      course_cols[LocalIndex(c.courses, in.opt_course[o])].push_back(a);
    }
    for (int64_t q = q0; q < q1; ++q) {
      const int b = static_cast<int>(pr.b_first[i] + (q - q0));
      idx.push_back(b);
      val.push_back(-1.0);
      posting_cols[LocalIndex(c.postings, in.pair_posting[q])].push_back(b);
      if (c.trainee_group[i] >= 0) group_cols[c.trainee_group[i]].push_back(b);
      if (c.level[i] == 1) level1_cols.push_back(b);
      if (c.level[i] == 2) level2_cols.push_back(b);
      if (k == 3 || c.level[i] == k) pr.obj[b] = -1.0;
    }
    AddRow(&pr, idx, val, 0.0, 0.0);
    idx.clear();
    val.clear();
    for (int64_t q = q0; q < q1; ++q) {
      idx.push_back(static_cast<int>(pr.b_first[i] + (q - q0)));
      val.push_back(1.0);
    }
    AddRow(&pr, idx, val, -COIN_DBL_MAX, 1.0);
    // b[q] - sum of its openers' a <= 0.
    openers.assign(q1 - q0, {});
    for (int64_t o = o0; o < o1; ++o)
      for (int64_t x = in.opens_begin[o]; x < in.opens_begin[o + 1]; ++x)
        openers[in.opens[x]].push_back(static_cast<int>(pr.a_first[i] + (o - o0)));
    for (int64_t q = q0; q < q1; ++q) {
      idx.assign(1, static_cast<int>(pr.b_first[i] + (q - q0)));
      val.assign(1, 1.0);
      for (int a : openers[q - q0]) {
        idx.push_back(a);
        val.push_back(-1.0);
      }
      AddRow(&pr, idx, val, -COIN_DBL_MAX, 0.0);
    }
  }
  for (size_t j = 0; j < c.courses.size(); ++j) {
    if (course_cols[j].empty()) continue;
    val.assign(course_cols[j].size(), 1.0);
    AddRow(&pr, course_cols[j], val, -COIN_DBL_MAX, in.course_seats[c.courses[j]]);
  }
  for (size_t j = 0; j < c.postings.size(); ++j) {
    if (posting_cols[j].empty()) continue;
    val.assign(posting_cols[j].size(), 1.0);
    AddRow(&pr, posting_cols[j], val, -COIN_DBL_MAX, in.posting_slots[c.postings[j]]);
  }
  if (!with_y) {
    for (size_t g = 0; g < c.groups.size(); ++g) {
      if (group_cols[g].size() < 2) continue;  // one member: sum b <= 1 already
      val.assign(group_cols[g].size(), 1.0);
      AddRow(&pr, group_cols[g], val, -COIN_DBL_MAX, 1.0);
    }
    if (k == 2 && z[0] > 0) {
      val.assign(level1_cols.size(), 1.0);
      AddRow(&pr, level1_cols, val, static_cast<double>(z[0]), COIN_DBL_MAX);
    }
  } else {
    std::vector<int> y1, y2;
    for (size_t g = 0; g < c.groups.size(); ++g) {
      const int y = static_cast<int>(pr.y_first + static_cast<int64_t>(g));
      idx.assign(1, y);
      val.assign(1, 1.0);
      for (int b : group_cols[g]) {
        idx.push_back(b);
        val.push_back(-1.0);
      }
      AddRow(&pr, idx, val, -COIN_DBL_MAX, 0.0);
      (in.group_level[c.groups[g]] == 1 ? y1 : y2).push_back(y);
    }
    if (z[0] > 0) {
      val.assign(y1.size(), 1.0);
      AddRow(&pr, y1, val, static_cast<double>(z[0]), COIN_DBL_MAX);
    }
    if (z[1] > 0) {
      val.assign(y2.size(), 1.0);
      AddRow(&pr, y2, val, static_cast<double>(z[1]), COIN_DBL_MAX);
    }
  }
  return pr;
}

std::vector<double> Columns(const TrainingInstance& in, const Component& c, const Program& pr, const LocalPlan& p) {
  std::vector<double> x(pr.columns, 0.0);
  std::vector<uint8_t> counted(c.groups.size(), 0);
  for (size_t i = 0; i < c.trainees.size(); ++i) {
    if (p.pair[i] < 0 || pr.a_first[i] < 0) continue;
    const int32_t t = c.trainees[i];
    x[pr.a_first[i] + (p.option[i] - in.opt_begin[t])] = 1.0;
    x[pr.b_first[i] + (p.pair[i] - in.pair_begin[t])] = 1.0;
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
    if (pr.a_first[i] < 0) continue;
    const int32_t t = c.trainees[i];
    for (int64_t o = in.opt_begin[t]; o < in.opt_begin[t + 1]; ++o)
      if (x[pr.a_first[i] + (o - in.opt_begin[t])] > 0.5) {
        if (out->option[i] >= 0) return false;
        out->option[i] = o;
      }
    for (int64_t q = in.pair_begin[t]; q < in.pair_begin[t + 1]; ++q)
      if (x[pr.b_first[i] + (q - in.pair_begin[t])] > 0.5) {
        if (out->pair[i] >= 0) return false;
        out->pair[i] = q;
      }
    if ((out->option[i] < 0) != (out->pair[i] < 0)) return false;
    if (out->option[i] >= 0) {
      const int64_t o = out->option[i], l = out->pair[i] - in.pair_begin[t];
      if (!std::binary_search(in.opens.begin() + in.opens_begin[o], in.opens.begin() + in.opens_begin[o + 1], l))
        return false;
    }
  }
  return true;
}

}  // namespace

int64_t IlpColumns(const TrainingInstance& in, std::span<const int32_t> trainees) {
  int64_t cols = 0;
  for (int32_t t : trainees)
    cols += (in.opt_begin[t + 1] - in.opt_begin[t]) + (in.pair_begin[t + 1] - in.pair_begin[t]) +
            (in.group_level[in.trainee_group[t]] > 0 ? 1 : 0);
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
    OsiClpSolverInterface solver;
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(pr.matrix, pr.collb.data(), pr.colub.data(), pr.obj.data(), pr.rowlb.data(),
                       pr.rowub.data());
    for (int32_t j : pr.integer) solver.setInteger(j);
    solver.setIntParam(OsiMaxNumIteration, limits.max_lp_iterations);
    solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);
    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.solver()->messageHandler()->setLogLevel(0);
    model.setMaximumNodes(limits.max_nodes);
    CglProbing probing;
    probing.setUsingObjective(1);
    model.addCutGenerator(&probing, -1, "Probing");
    CglClique clique;
    model.addCutGenerator(&clique, -1, "Clique");
    CglGomory gomory;
    model.addCutGenerator(&gomory, -99, "Gomory");
    CbcRounding rounding(model);
    model.addHeuristic(&rounding);
    model.initialSolve();
    out.lp_iterations += model.getIterationCount();
    if (!model.isInitialSolveProvenOptimal()) {
      lp_ok = false;  // the root LP stopped at the iteration limit
      continue;
    }
    const std::vector<double> start = Columns(in, c, pr, cur);
    model.setBestSolution(start.data(), pr.columns, Objective(pr, start), true);
    model.branchAndBound();
    out.nodes += model.getNodeCount();
    out.lp_iterations += model.getIterationCount();
    LocalPlan found;
    if (model.bestSolution() && ReadPlan(in, c, pr, model.bestSolution(), &found)) {
      int64_t zf[3];
      ComponentLevels(in, c, found, zf);
      // Never worse than the start at this level, nor below the levels fixed above.
      bool better = zf[k - 1] > z[k - 1];
      for (int j = 0; j < k - 1; ++j) better = better && zf[j] >= z[j];
      if (better) {
        cur = std::move(found);
        ComponentLevels(in, c, cur, z);
      }
    }
    out.proven[k - 1] = model.isProvenOptimal();
    const double best_possible = model.getBestPossibleObjValue();
    int64_t bound = out.proven[k - 1] ? z[k - 1] : static_cast<int64_t>(std::floor(-best_possible + 1e-6));
    out.bound[k - 1] = std::max(bound, z[k - 1]);
  }
  out.option = std::move(cur.option);
  out.pair = std::move(cur.pair);
  for (int j = 0; j < 3; ++j) out.level[j] = z[j];
  return out;
}

}  // namespace leye
