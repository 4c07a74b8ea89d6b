// `beibu allocate MATRIX.nc`: allowable loads per source group from a saved
// source-receptor matrix (a linear programme, GLPK), so every control zone meets
// its target class with a margin of safety. An infeasible target is a result, not
// an error: the report says which zones cannot be met and by how much (exit 0).
#include <cmath>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "numeric_option.hpp"
#include "scenarios/apportion/allocation.hpp"
#include "scenarios/apportion/apportion.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/report.hpp"

namespace beibu::cli {

namespace {
const std::string kData = BEIBU_DATA_DIR;

struct AllocateArgs {
  std::string matrix, out, constituent = "DIN", fairness = "max-total", target_from = "zones";
  std::string standard = kData + "/standards/gb3097-1997.yaml";
  double margin = 0.1, allow_increase = 0;
  std::vector<std::string> cost;
  bool exact = false;
};

std::string sci(double v) {
  std::ostringstream s;
  s.precision(2);
  s << v;
  return s.str();
}

// What no allocation can use, refused before the programme is set up: a receptor's
// target class that the standard does not have (the matrix reader checks the loads).
void check_matrix(const SourceReceptorMatrix& M, const std::string& path, const Standard& st) {
  const int classes = static_cast<int>(st.classes.size());
  for (std::size_t r = 0; r < M.nr(); ++r) {
    const int c = M.receptor_target_class[r] + 1;  // 1-based as stored, 0 = none
    if (c < 0 || c > classes)
      throw InputError(path, "variable 'receptor_target_class'",
                       "receptor '" + M.receptors[r] + "' has target class " + std::to_string(c) + ", but " + st.id +
                           " has classes 1 to " + std::to_string(classes) + " (0: no target)");
  }
}

void run(const AllocateArgs& a) {
  const SourceReceptorMatrix M = read_matrix(a.matrix);
  const int k = M.constituent_index(a.constituent);
  if (k < 0) throw InputError(a.matrix, "variable 'constituent_name'", "has no constituent '" + a.constituent + "'");
  const Standard st = load_standard(a.standard);
  const ParameterLimit* lim = st.find(a.constituent);
  if (!lim) throw InputError(a.standard, "", "has no limits for '" + a.constituent + "'");
  if (lim->kind != LimitKind::max && lim->kind != LimitKind::max_exclusive)
    throw InputError(a.standard, "",
                     "'" + a.constituent + "' has a lower limit; loads can only be allocated for upper limits");

  check_matrix(M, a.matrix, st);

  AllocationProblem p;
  p.fairness = parse_fairness(a.fairness);
  p.margin = a.margin;
  p.exact_arithmetic = a.exact;
  const std::size_t G = M.ng(), NR = M.nr(), K = static_cast<std::size_t>(k);
  p.sources = M.groups;
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < NR; ++r) {
    const bool zone = M.receptor_kind[r] == "zone", station = M.receptor_kind[r] == "station";
    const bool want = a.target_from == "zones" ? zone : a.target_from == "stations" ? station : (zone || station);
    if (!want || M.receptor_target_class[r] < 0) continue;
    if (M.receptor_target_class[r] >= static_cast<int>(lim->values.size())) continue;  // no limit for that class
    rows.push_back(r);
    p.receptors.push_back(M.receptors[r]);
    p.target.push_back(lim->values[static_cast<std::size_t>(M.receptor_target_class[r])]);
    p.background.push_back(std::max(0.0, M.background[K * NR + r]));
    for (std::size_t g = 0; g < G; ++g) p.R.push_back(std::max(0.0, M.R(K, r, g)));  // round-off below zero
  }
  if (rows.empty())
    throw InputError(a.matrix, "variable 'receptor_kind'", "no " + a.target_from + " with a target class");
  for (std::size_t g = 0; g < G; ++g) {
    p.current.push_back(M.current_load[K * G + g]);
    p.lower.push_back(M.floor_load[K * G + g]);
    p.upper.push_back(M.current_load[K * G + g] * (1 + a.allow_increase / 100));
  }
  p.cost.assign(G, 1.0);
  for (const auto& c : a.cost) {
    const auto eq = c.find('=');
    std::size_t g = G;
    for (std::size_t i = 0; i < G && eq != std::string::npos; ++i)
      if (M.groups[i] == c.substr(0, eq)) g = i;
    if (g == G) throw InputError("", "--cost", "expected GROUP=WEIGHT with a group of the matrix, got '" + c + "'");
    p.cost[g] =
        parse_number_arg(c.substr(eq + 1), "--cost", "the weight of '" + c.substr(0, eq) + "'", Range::non_negative());
  }

  const AllocationResult res = allocate(p);
  const std::string out = a.out.empty() ? "out/allocation" : a.out;
  open_output_dir(out);
  run_on_root(PETSC_COMM_WORLD, [&] {
    const auto today = evaluate_loads(p, p.current);
    std::ostringstream md;
    md << "# Allowable loads of " << a.constituent << "\n\n"
       << "Matrix: `" << a.matrix << "` (scenario " << M.attributes.at("scenario_file") << ", period "
       << M.attributes.at("period") << ", groups by " << M.attributes.at("tag_by") << ").\n"
       << "Standard: " << st.id << "; receptors: " << a.target_from << " at their target class; margin of safety "
       << 100 * a.margin << " %; fairness rule: " << a.fairness << "; increase allowed: " << a.allow_increase
       << " %.\n\n**Status: " << (res.feasible ? "feasible" : "infeasible") << "** (" << res.message << ")\n\n";
    // Shadow price: how much the objective (t/yr) grows per 0.01 mg/L more at the receptor.
    auto price = [&](std::size_t j) { return res.shadow_price[j] * 0.01 * kTonnePerYear; };
    Table rt{{"receptor", "target class", "limit (mg/L)", "limit less margin (mg/L)", "today (mg/L)",
              "allocated (mg/L)", "binding", "shadow price (t/yr per 0.01 mg/L)"},
             {}};
    for (std::size_t j = 0; j < p.receptors.size(); ++j) {
      const double lm = (1 - p.margin) * p.target[j];
      rt.rows.push_back({p.receptors[j], st.class_name(M.receptor_target_class[rows[j]]),
                         format_significant(p.target[j]), format_significant(lm), format_significant(today[j], 6),
                         res.feasible ? format_significant(res.concentration[j], 6) : "",
                         res.feasible ? (res.binding[j] ? "yes" : "no") : "",
                         res.optimal ? format_significant(price(j), 6) : ""});
    }
    write_csv(out + "/receptors.csv", rt);
    if (res.feasible) {
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
      Table at{{"group", "jurisdiction", "sector", "current (t/yr)", "floor (t/yr)", "allowed (t/yr)", "cut %",
                "at bound", "reduced cost"},
               {}};
      for (std::size_t g = 0; g < G; ++g)
        at.rows.push_back(
            {M.groups[g], M.group_jurisdiction[g], M.group_sector[g],
             format_significant(p.current[g] * kTonnePerYear, 6), format_significant(p.lower[g] * kTonnePerYear, 6),
             format_significant(res.allowed[g] * kTonnePerYear, 6), format_significant(100 * res.reduction[g], 4),
             at_bound(g), res.optimal ? format_significant(reduced_cost(g), 6) : ""});
      write_csv(out + "/allocation.csv", at);
      md << "Total allowed " << format_significant(res.total_allowed * kTonnePerYear, 6) << " t/yr of today's "
         << format_significant(res.total_current * kTonnePerYear, 6) << " t/yr.\n\n## Allowed loads\n\n";
      md_table(md, at);
      const std::string objective =
          p.fairness == Fairness::cost_optimal ? "the cost-weighted total (sum of weight x allowed)" : "the total";
      if (res.optimal) {
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
                {p.receptors[j], format_significant(res.concentration[j], 6), format_significant(price(j), 6)});
        if (bt.rows.empty())
          md << "No receptor is binding: every group is at its ceiling.\n";
        else
          md_table(md, bt);
      }
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
           << format_significant(c.dual_bound * kTonnePerYear, 9) << " t/yr of " << objective << "; this one reaches "
           << format_significant(c.objective * kTonnePerYear, 9) << " t/yr: it is the optimum.\n";
      } else {
        md << "The " << a.fairness << " rule is not an optimum of the linear programme; its certificate is "
           << "feasibility alone: every receptor within its limit less margin and every group within its bounds, "
              "measured "
           << sci(c.primal_infeasibility) << " relative (tolerance " << sci(c.tolerance)
           << "). The max-total rule gives the largest total.\n";
      }
    } else {
      Table it{{"receptor", "limit less margin (mg/L)", "best possible (mg/L)", "excess (mg/L)", "largest floors"}, {}};
      md << "## Why no allocation meets the targets\n\n"
         << "Certificate of infeasibility: responses are >= 0, so no allocation within the bounds gives any "
            "receptor less than every group at its floor does; for the receptors below even that exceeds the "
            "limit less margin.\n\n";
      for (const auto& d : res.infeasible) {
        std::string why;
        for (std::size_t i = 0; i < d.floor_contributions.size() && i < 4; ++i)
          why += (i ? "; " : "") + d.floor_contributions[i].first + " " +
                 format_significant(d.floor_contributions[i].second);
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
    md << "\n## Receptors\n\n";
    md_table(md, rt);
    write_text(out + "/allocation.md", md.str());
    if (res.feasible)
      BLOG(info) << (res.optimal ? "certified optimal: total allowed " : "feasible: total allowed ")
                 << res.total_allowed * kTonnePerYear << " t/yr of " << res.total_current * kTonnePerYear
                 << " t/yr today; table in " << out << "/allocation.csv";
    else
      BLOG(warning) << "infeasible: " << res.message << "; see " << out << "/allocation.md";
  });
}
}  // namespace

Command add_allocate_command(CLI::App& parent) {
  auto args = std::make_shared<AllocateArgs>();
  Command c;
  c.app = parent.add_subcommand("allocate",
                                "Allowable loads per source group from a source-receptor matrix (linear programme)");
  c.app->add_option("matrix", args->matrix, "matrix.nc written by `beibu apportion`")->required();
  c.app->add_option("-o,--output", args->out, "Output directory (default out/allocation)");
  c.app->add_option("--constituent", args->constituent, "Constituent to allocate")->capture_default_str();
  c.app->add_option("--fairness", args->fairness, "max-total, cost-optimal, equal-cut or proportional")
      ->check(CLI::IsMember({"max-total", "cost-optimal", "equal-cut", "proportional"}))
      ->capture_default_str();
  add_number(c.app, "--margin", args->margin, "Margin of safety, a fraction of the limit", Range::closed(0, 0.99))
      ->capture_default_str();
  c.app->add_option("--target-from", args->target_from, "Receptors that must meet their target class")
      ->check(CLI::IsMember({"zones", "stations", "zones+stations"}))
      ->capture_default_str();
  add_number(c.app, "--allow-increase", args->allow_increase,
             "Let each group's load grow up to this percent above today's (default: no increase)",
             Range::non_negative(1e4));
  c.app->add_option("--cost", args->cost, "Cost weight of a unit cut, GROUP=WEIGHT (cost-optimal; default 1)");
  c.app->add_flag("--exact", args->exact,
                  "max-total, cost-optimal: solve with GLPK's rational-arithmetic simplex (slower; a cross-check)");
  c.app->add_option("--standard", args->standard, "Standard (data/standards/*.yaml)")->capture_default_str();
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
