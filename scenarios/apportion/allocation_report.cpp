#include "scenarios/apportion/allocation_report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/spec/scenario.hpp"

namespace beibu {

namespace {

std::string sci(double v) {
  std::ostringstream s;
  s.precision(2);
  s << v;
  return s.str();
}

// What no allocation can use, refused before the programme is set up: a receptor's
// target class that the standard does not have (the matrix reader checks the loads).
void check_target_classes(const SourceReceptorMatrix& M, const std::string& path, const Standard& st) {
  const int classes = static_cast<int>(st.classes.size());
  for (std::size_t r = 0; r < M.nr(); ++r) {
    const int c = M.receptor_target_class[r] + 1;  // 1-based as stored, 0 = none
    if (c < 0 || c > classes)
      throw InputError(path, "variable 'receptor_target_class'",
                       "receptor '" + M.receptors[r] + "' has target class " + std::to_string(c) + ", but " + st.id +
                           " has classes 1 to " + std::to_string(classes) + " (0: no target)");
  }
}

// The standard's upper limits of the constituent.
const ParameterLimit& upper_limit(const Standard& st, const std::string& standard_file, const std::string& name) {
  const ParameterLimit* lim = st.find(name);
  if (!lim) throw InputError(standard_file, "", "has no limits for '" + name + "'");
  if (lim->kind != LimitKind::max && lim->kind != LimitKind::max_exclusive)
    throw InputError(standard_file, "",
                     "'" + name + "' has a lower limit; loads can only be allocated for upper limits");
  return *lim;
}

// Shadow price: how much the objective (t/yr) grows per 0.01 mg/L more at the receptor.
double shadow_price_t(const AllocationResult& res, std::size_t j) {
  return res.shadow_price[j] * 0.01 * kTonnePerYear;
}

Table receptor_table(const SourceReceptorMatrix& M, const Standard& st, const MatrixProgramme& mp,
                     const AllocationResult& res) {
  const AllocationProblem& p = mp.problem;
  const auto today = evaluate_loads(p, p.current);
  Table rt{{"receptor", "target class", "limit (mg/L)", "limit less margin (mg/L)", "today (mg/L)", "allocated (mg/L)",
            "binding", "shadow price (t/yr per 0.01 mg/L)"},
           {}};
  for (std::size_t j = 0; j < p.receptors.size(); ++j) {
    const double lm = (1 - p.margin) * p.target[j];
    rt.rows.push_back({p.receptors[j], st.class_name(M.receptor_target_class[mp.rows[j]]),
                       format_significant(p.target[j]), format_significant(lm), format_significant(today[j], 6),
                       res.feasible ? format_significant(res.concentration[j], 6) : "",
                       res.feasible ? (res.binding[j] ? "yes" : "no") : "",
                       res.optimal ? format_significant(shadow_price_t(res, j), 6) : ""});
  }
  return rt;
}

Table group_table(const SourceReceptorMatrix& M, const AllocationProblem& p, const AllocationResult& res) {
  const LinearProgram lp = allocation_lp(p);
  auto at_bound = [&](std::size_t g) -> std::string {
    const double x = res.allowed[g], tol = 1e-9 * std::max(lp.hi[g], 1e-300);
    if (lp.lo[g] == lp.hi[g]) return "fixed";
    if (x >= lp.hi[g] - tol) return "ceiling";
    if (x <= lp.lo[g] + tol) return "floor";
    return "";
  };
  // c - R^T y of a group between its bounds is 0 up to round-off of the sum: shown as 0.
  double cmax = 0;
  for (double v : lp.c) cmax = std::max(cmax, std::fabs(v));
  auto reduced_cost = [&](std::size_t g) {
    const double d = res.reduced_cost[g];
    return std::fabs(d) <= 1e-12 * cmax ? 0.0 : d;
  };
  Table at{{"group", "jurisdiction", "sector", "current (t/yr)", "floor (t/yr)", "allowed (t/yr)", "cut %", "at bound",
            "reduced cost"},
           {}};
  for (std::size_t g = 0; g < M.ng(); ++g)
    at.rows.push_back(
        {M.groups[g], M.group_jurisdiction[g], M.group_sector[g], format_significant(p.current[g] * kTonnePerYear, 6),
         format_significant(p.lower[g] * kTonnePerYear, 6), format_significant(res.allowed[g] * kTonnePerYear, 6),
         format_significant(100 * res.reduction[g], 4), at_bound(g),
         res.optimal ? format_significant(reduced_cost(g), 6) : ""});
  return at;
}

std::string objective_text(const AllocationProblem& p) {
  return p.fairness == Fairness::cost_optimal ? "the cost-weighted total (sum of weight x allowed)" : "the total";
}

// The binding receptors and their shadow prices (certified optimum only).
void report_limits(std::ostringstream& md, const AllocationProblem& p, const AllocationResult& res) {
  const std::string objective = objective_text(p);
  md << "\n## What limits the allocation\n\n"
     << "Shadow price of a receptor: how many t/yr " << objective
     << " could grow if its limit were 0.01 mg/L higher (the rate at the optimum, exact while the same "
        "receptors stay binding). Reduced cost of a group: the rate (t/yr per t/yr) at which "
     << objective
     << " changes as the group's bound moves up: at its ceiling, what each t/yr more ceiling would add; at its "
        "floor (negative), what each t/yr lower floor would add, negated; 0 between its bounds.\n\n";
  Table bt{{"binding receptor", "allocated (mg/L)", "shadow price (t/yr per 0.01 mg/L)"}, {}};
  for (std::size_t j = 0; j < p.receptors.size(); ++j)
    if (res.binding[j] || res.shadow_price[j] > 0)
      bt.rows.push_back(
          {p.receptors[j], format_significant(res.concentration[j], 6), format_significant(shadow_price_t(res, j), 6)});
  if (bt.rows.empty())
    md << "No receptor is binding: every group is at its ceiling.\n";
  else
    md_table(md, bt);
}

void report_certificate(std::ostringstream& md, const AllocationRequest& a, const AllocationProblem& p,
                        const AllocationResult& res) {
  md << "\n## Certificate\n\n"
     << "Solver: " << res.method << ". Responses treated as zero: " << res.responses_zeroed
     << " (largest possible contribution, response x ceiling, below " << sci(kZeroResponse)
     << " of the receptor's largest; its limit lowered by their contribution at the ceilings).\n\n";
  const LpCertificate& c = res.certificate;
  if (res.optimal) {
    md << "Checked from the matrix, independently of the solver, to a relative tolerance of " << sci(c.tolerance)
       << ":\n\n"
       << "| check | measured |\n|---|---|\n"
       << "| primal feasibility: every receptor within its limit less margin, every group within its bounds | "
       << sci(c.primal_infeasibility) << " |\n"
       << "| dual feasibility: every shadow price >= 0 | " << sci(c.dual_infeasibility) << " |\n"
       << "| complementary slackness: duality gap / objective | " << sci(c.complementarity) << " |\n\n"
       << "With these shadow prices no allocation within the bounds that meets every limit reaches more than "
       << format_significant(c.dual_bound * kTonnePerYear, 9) << " t/yr of " << objective_text(p)
       << "; this one reaches " << format_significant(c.objective * kTonnePerYear, 9) << " t/yr: it is the optimum.\n";
  } else {
    md << "The " << a.fairness << " rule is not an optimum of the linear programme; its certificate is "
       << "feasibility alone: every receptor within its limit less margin and every group within its bounds, "
          "measured "
       << sci(c.primal_infeasibility) << " relative (tolerance " << sci(c.tolerance)
       << "). The max-total rule gives the largest total.\n";
  }
}

// Which receptors no allocation can bring within their limits, and why; infeasible.csv.
void report_infeasible(std::ostringstream& md, const std::string& out, const AllocationRequest& a,
                       const AllocationResult& res) {
  Table it{{"receptor", "limit less margin (mg/L)", "best possible (mg/L)", "excess (mg/L)", "largest floors"}, {}};
  md << "## Why no allocation meets the targets\n\n"
     << "Certificate of infeasibility: responses are >= 0, so no allocation within the bounds gives any "
        "receptor less than every group at its floor does; for the receptors below even that exceeds the "
        "limit less margin.\n\n";
  for (const auto& d : res.infeasible) {
    std::string why;
    for (std::size_t i = 0; i < d.floor_contributions.size() && i < 4; ++i)
      why +=
          (i ? "; " : "") + d.floor_contributions[i].first + " " + format_significant(d.floor_contributions[i].second);
    it.rows.push_back({d.receptor, format_significant(d.target), format_significant(d.best_possible, 6),
                       format_significant(d.excess, 6), why});
    md << "- **" << d.receptor << "** needs " << a.constituent << " below " << format_significant(d.target)
       << " mg/L, but even with every group at its floor (natural background, open boundaries) it is "
       << format_significant(d.best_possible, 6) << " mg/L: " << format_significant(d.excess, 6)
       << " mg/L too much. Largest parts: " << why << ".\n";
  }
  if (!res.infeasible.empty()) {
    write_csv(out + "/infeasible.csv", it);
    md << "\n";
    md_table(md, it);
  }
}

}  // namespace

MatrixProgramme allocation_programme(const SourceReceptorMatrix& M, const AllocationRequest& a) {
  const int k = M.constituent_index(a.constituent);
  if (k < 0) throw InputError(a.matrix, "variable 'constituent_name'", "has no constituent '" + a.constituent + "'");
  MatrixProgramme mp;
  mp.standard = load_standard(a.standard);
  const ParameterLimit& lim = upper_limit(mp.standard, a.standard, a.constituent);
  check_target_classes(M, a.matrix, mp.standard);

  AllocationProblem& p = mp.problem;
  p.fairness = parse_fairness(a.fairness);
  p.margin = a.margin;
  p.exact_arithmetic = a.exact;
  const std::size_t G = M.ng(), NR = M.nr(), K = static_cast<std::size_t>(k);
  p.sources = M.groups;
  for (std::size_t r = 0; r < NR; ++r) {
    const bool zone = M.receptor_kind[r] == "zone", station = M.receptor_kind[r] == "station";
    const bool want = a.target_from == "zones" ? zone : a.target_from == "stations" ? station : (zone || station);
    if (!want || M.receptor_target_class[r] < 0) continue;
    if (M.receptor_target_class[r] >= static_cast<int>(lim.values.size())) continue;  // no limit for that class
    mp.rows.push_back(r);
    p.receptors.push_back(M.receptors[r]);
    p.target.push_back(lim.values[static_cast<std::size_t>(M.receptor_target_class[r])]);
    p.background.push_back(std::max(0.0, M.background[K * NR + r]));
    for (std::size_t g = 0; g < G; ++g) p.R.push_back(std::max(0.0, M.R(K, r, g)));  // round-off below zero
  }
  if (mp.rows.empty())
    throw InputError(a.matrix, "variable 'receptor_kind'", "no " + a.target_from + " with a target class");
  for (std::size_t g = 0; g < G; ++g) {
    p.current.push_back(M.current_load[K * G + g]);
    p.lower.push_back(M.floor_load[K * G + g]);
    p.upper.push_back(M.current_load[K * G + g] * (1 + a.allow_increase / 100));
  }
  p.cost.assign(G, 1.0);
  for (const CostWeight& c : a.cost) {
    const auto it = std::find(M.groups.begin(), M.groups.end(), c.group);
    if (it == M.groups.end())
      throw InputError("", "--cost", "expected GROUP=WEIGHT with a group of the matrix, got '" + c.text + "'");
    p.cost[static_cast<std::size_t>(it - M.groups.begin())] = c.weight;
  }
  return mp;
}

void write_allocation_report(const std::string& out, const SourceReceptorMatrix& M, const AllocationRequest& a,
                             const MatrixProgramme& mp, const AllocationResult& res) {
  const AllocationProblem& p = mp.problem;
  const Standard& st = mp.standard;
  std::ostringstream md;
  md << "# Allowable loads of " << a.constituent << "\n\n"
     << "Matrix: `" << a.matrix << "` (scenario " << M.attributes.at("scenario_file") << ", period "
     << M.attributes.at("period") << ", groups by " << M.attributes.at("tag_by") << ").\n"
     << "Standard: " << st.id << "; receptors: " << a.target_from << " at their target class; margin of safety "
     << 100 * a.margin << " %; fairness rule: " << a.fairness << "; increase allowed: " << a.allow_increase << " %.\n";
  const auto water = M.attributes.find("hydrodynamics");
  const auto trust = M.attributes.find("tides_uncertainty");
  if (water != M.attributes.end() && !water->second.empty())
    md << "The answer is as good as the model's water: see \"The water behind these numbers\" below.\n";
  md << "\n**Status: " << (res.feasible ? "feasible" : "infeasible") << "** (" << res.message << ")\n\n";
  const Table rt = receptor_table(M, st, mp, res);
  write_csv(out + "/receptors.csv", rt);
  if (res.feasible) {
    const Table at = group_table(M, p, res);
    write_csv(out + "/allocation.csv", at);
    md << "Total allowed " << format_significant(res.total_allowed * kTonnePerYear, 6) << " t/yr of today's "
       << format_significant(res.total_current * kTonnePerYear, 6) << " t/yr.\n\n## Allowed loads\n\n";
    md_table(md, at);
    if (res.optimal) report_limits(md, p, res);
    report_certificate(md, a, p, res);
  } else {
    report_infeasible(md, out, a, res);
  }
  md << "\n## Receptors\n\n";
  md_table(md, rt);
  if (water != M.attributes.end() && !water->second.empty()) {
    md << "\n## The water behind these numbers\n\nWater: " << water->second << "\n";
    if (trust != M.attributes.end()) md << "\nHow far to trust the tidal forcing: " << trust->second << "\n";
  }
  write_text(out + "/allocation.md", md.str());
}

}  // namespace beibu
