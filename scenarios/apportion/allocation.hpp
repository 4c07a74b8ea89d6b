#pragma once
// Allowable loads: a linear programme over the source-receptor matrix.
// Transport is linear in the loads, so receptor j's concentration is
//   c_j = b_j + sum_i R_ji x_i
// with x_i the load of source i (g/s) and b_j the part no source controls
// (open boundaries, natural background). Every receptor must stay below its
// target limit less a margin of safety: c_j <= (1 - mos) T_j.
#include <string>
#include <vector>

namespace beibu {

enum class Fairness {
  max_total,     // maximise the total allowable load (no fairness constraint)
  cost_optimal,  // minimise the weighted reduction cost sum w_i (L_i - x_i)
  equal_cut,     // every source cut by the same fraction r
  proportional   // cuts proportional to each source's share of the pressure on violated receptors
};
Fairness parse_fairness(const std::string& name);  // max-total, cost-optimal, equal-cut, proportional

struct AllocationProblem {
  std::vector<std::string> sources, receptors;
  std::vector<double> R;           // receptors x sources, row-major ((g/m3) per (g/s))
  std::vector<double> background;  // per receptor (g/m3)
  std::vector<double> target;      // per receptor limit (g/m3)
  double margin = 0.1;             // margin of safety (fraction of the limit)
  std::vector<double> current;     // per source, today's load (g/s)
  std::vector<double> lower;       // per source floor (natural background load; 0 if none)
  std::vector<double> upper;       // per source ceiling (default: current = no increase)
  std::vector<double> cost;        // per source weight of a unit reduction (cost_optimal; default 1)
  Fairness fairness = Fairness::max_total;
};

struct ReceptorDiagnosis {
  std::string receptor;
  double target = 0, best_possible = 0, excess = 0;  // best = b + R * lower (all sources at their floors)
  std::vector<std::pair<std::string, double>> floor_contributions;  // sources contributing most at their floors
};

struct AllocationResult {
  bool feasible = false;
  std::vector<double> allowed;        // per source (g/s)
  std::vector<double> reduction;      // per source, fraction of current
  std::vector<double> concentration;  // per receptor with the allowed loads
  std::vector<bool> binding;          // per receptor: at its limit
  double total_allowed = 0, total_current = 0;
  std::vector<ReceptorDiagnosis> infeasible;  // when not feasible: receptors that cannot meet their targets
  std::string message;
};

// Solves with GLPK's simplex. Throws InputError for inconsistent sizes or bounds.
AllocationResult allocate(const AllocationProblem& p);

// Evaluates receptor concentrations for a load combination (c = b + R x; see
// load_combination.hpp). The second form reuses `out`'s storage: evaluating many
// combinations then allocates nothing. InputError if the sizes do not match.
std::vector<double> evaluate_loads(const AllocationProblem& p, const std::vector<double>& loads);
void evaluate_loads(const AllocationProblem& p, const std::vector<double>& loads, std::vector<double>& out);

}  // namespace beibu
