// `beibu allocate MATRIX.nc`: allowable loads per source group from a saved
// source-receptor matrix (a linear programme, GLPK), so every control zone meets
// its target class with a margin of safety. An infeasible target is a result, not
// an error: the report says which zones cannot be met and by how much (exit 0).
// The programme and its report are scenarios/apportion/allocation_report.hpp's.
#include <memory>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "numeric_option.hpp"
#include "scenarios/apportion/allocation.hpp"
#include "scenarios/apportion/allocation_report.hpp"
#include "scenarios/apportion/apportion.hpp"
#include "scenarios/spec/scenario.hpp"

namespace beibu::cli {

namespace {
const std::string kData = BEIBU_DATA_DIR;

struct AllocateArgs {
  AllocationRequest request;
  std::string out;
  std::vector<std::string> cost;
};

// --cost GROUP=WEIGHT, each weight a number >= 0 (the groups are the matrix's, checked with it).
std::vector<CostWeight> parse_costs(const std::vector<std::string>& args) {
  std::vector<CostWeight> out;
  for (const auto& c : args) {
    const auto eq = c.find('=');
    if (eq == std::string::npos)
      throw InputError("", "--cost", "expected GROUP=WEIGHT with a group of the matrix, got '" + c + "'");
    out.push_back({c.substr(0, eq), c,
                   parse_number_arg(c.substr(eq + 1), "--cost", "the weight of '" + c.substr(0, eq) + "'",
                                    Range::non_negative())});
  }
  return out;
}

void run(AllocateArgs args) {
  AllocationRequest& a = args.request;
  a.cost = parse_costs(args.cost);
  const SourceReceptorMatrix M = read_matrix(a.matrix);
  const MatrixProgramme mp = allocation_programme(M, a);
  const AllocationResult res = allocate(mp.problem);
  const std::string out = args.out.empty() ? "out/allocation" : args.out;
  open_output_dir(out);
  run_on_root(PETSC_COMM_WORLD, [&] {
    write_allocation_report(out, M, a, mp, res);
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
  args->request.standard = kData + "/standards/gb3097-1997.yaml";
  Command c;
  c.app = parent.add_subcommand("allocate",
                                "Allowable loads per source group from a source-receptor matrix (linear programme)");
  c.app->add_option("matrix", args->request.matrix, "matrix.nc written by `beibu apportion`")->required();
  c.app->add_option("-o,--output", args->out, "Output directory (default out/allocation)");
  c.app->add_option("--constituent", args->request.constituent, "Constituent to allocate")->capture_default_str();
  c.app->add_option("--fairness", args->request.fairness, "max-total, cost-optimal, equal-cut or proportional")
      ->check(CLI::IsMember({"max-total", "cost-optimal", "equal-cut", "proportional"}))
      ->capture_default_str();
  add_number(c.app, "--margin", args->request.margin, "Margin of safety, a fraction of the limit",
             Range::closed(0, 0.99))
      ->capture_default_str();
  c.app->add_option("--target-from", args->request.target_from, "Receptors that must meet their target class")
      ->check(CLI::IsMember({"zones", "stations", "zones+stations"}))
      ->capture_default_str();
  add_number(c.app, "--allow-increase", args->request.allow_increase,
             "Let each group's load grow up to this percent above today's (default: no increase)",
             Range::non_negative(1e4));
  c.app->add_option("--cost", args->cost, "Cost weight of a unit cut, GROUP=WEIGHT (cost-optimal; default 1)");
  c.app->add_flag("--exact", args->request.exact,
                  "max-total, cost-optimal: solve with GLPK's rational-arithmetic simplex (slower; a cross-check)");
  c.app->add_option("--standard", args->request.standard, "Standard (data/standards/*.yaml)")->capture_default_str();
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
