#pragma once
// Allowable loads: a linear programme over the source-receptor matrix.
// Transport is linear in the loads, so receptor j's concentration is
//   c_j = b_j + sum_i R_ji x_i
// with x_i the load of source i (g/s) and b_j the part no source controls
// (open boundaries, natural background). Every receptor must stay below its
// target limit less a margin of safety: c_j <= (1 - mos) T_j.
#include <string>
#include <vector>

#include "scenarios/apportion/optimality_certificate.hpp"

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
  bool exact_arithmetic = false;  // LP rules: GLPK's rational simplex (glp_exact) from the start
};

// Responses whose largest possible contribution R_jg x ceiling_g is below this fraction of
// the receptor's largest one are treated as zero in the programme given to the solver (the
// limit is lowered by their contribution at the ceilings, so the answer still meets every
// limit with the full matrix); the certificate is computed with the full matrix.
constexpr double kZeroResponse = 1e-12;
// Relative tolerance of the optimality certificate (optimality_certificate.hpp).
constexpr double kCertificateTolerance = 1e-9;

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

  // How the answer was found and checked.
  std::string method;                    // the solver and settings that produced `allowed`
  std::size_t responses_zeroed = 0;      // responses treated as zero (kZeroResponse)
  LpCertificate certificate;             // LP rules: the full certificate; the other rules: primal feasibility only
  bool optimal = false;                  // LP rules: certified optimal (else allocate throws Failure)
  std::vector<double> shadow_price;      // per receptor: d(objective)/d(limit), objective units per (g/m3)
  std::vector<double> reduced_cost;      // per source: d(objective)/d(bound), objective units per (g/s)
  double objective = 0, dual_bound = 0;  // c^T x, and the bound no allocation can exceed (LP rules)
};

// Solves with GLPK's simplex (max-total, cost-optimal) or by bisection (equal-cut,
// proportional), then certifies the answer from the problem data alone. Throws
// InputError for inconsistent sizes or bounds, Failure when no certificate holds
// (never a silently wrong allocation).
AllocationResult allocate(const AllocationProblem& p);

// The allocation's programme, max c^T x subject to R x <= (1 - margin) T - b,
// lower <= x <= upper, as certify_lp reads it (c = 1, or the costs for cost-optimal).
LinearProgram allocation_lp(const AllocationProblem& p);

// Evaluates receptor concentrations for a load combination (c = b + R x; see
// load_combination.hpp). The second form reuses `out`'s storage: evaluating many
// combinations then allocates nothing. InputError if the sizes do not match.
std::vector<double> evaluate_loads(const AllocationProblem& p, const std::vector<double>& loads);
void evaluate_loads(const AllocationProblem& p, const std::vector<double>& loads, std::vector<double>& out);

}  // namespace beibu
