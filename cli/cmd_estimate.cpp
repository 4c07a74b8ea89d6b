// `beibu estimate --matrix MATRIX.nc --observations OBS.csv`: the loads of a
// source-receptor matrix's groups that best explain period means observed at its
// stations (bounded, regularised weighted least squares; docs/apportionment.md),
// with standard errors, and each station's fit.
#include <cmath>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/petsc_env.hpp"
#include "numeric_option.hpp"
#include "scenarios/apportion/apportion.hpp"
#include "scenarios/apportion/load_estimation.hpp"
#include "scenarios/apportion/observed_means.hpp"
#include "scenarios/products/report.hpp"

namespace beibu::cli {

namespace {

struct EstimateArgs {
  std::string matrix, observations, out, prior = "current";
  EstimateOptions opt;
};

std::string fmt(double v, int digits = 4) {
  return std::isnan(v) ? "" : format_significant(v, digits);
}

const char* status_text(LoadStatus s) {
  switch (s) {
    case LoadStatus::free:
      return "estimated";
    case LoadStatus::at_bound:
      return "at zero";
    case LoadStatus::unseen:
      return "not seen (prior kept)";
  }
  return "";
}

Table loads_table(const SourceReceptorMatrix& M, const LoadEstimation& e) {
  Table t{{"constituent", "group", "jurisdiction", "sector", "prior (t/yr)", "estimate (t/yr)", "std error (t/yr)",
           "estimate / prior", "status"},
          {}};
  for (std::size_t i = 0; i < e.loads.size(); ++i) {
    const GroupEstimate& l = e.loads[i];
    const std::size_t g = i % M.ng();  // per constituent, every group in matrix order
    t.rows.push_back({l.constituent, l.group, M.group_jurisdiction[g], M.group_sector[g],
                      fmt(l.prior * kTonnePerYear, 6), fmt(l.estimate * kTonnePerYear, 6),
                      fmt(l.std_error * kTonnePerYear, 4), l.prior > 0 ? fmt(l.estimate / l.prior, 4) : "",
                      status_text(l.status)});
  }
  return t;
}

Table residuals_table(const LoadEstimation& e) {
  Table t{{"station", "constituent", "line", "observed (mg/L)", "uncertainty (mg/L)", "prior fit (mg/L)",
           "fitted (mg/L)", "residual (mg/L)", "residual / uncertainty"},
          {}};
  for (const StationFit& f : e.fits)
    t.rows.push_back({f.station, f.constituent, std::to_string(f.line), fmt(f.observed, 6), fmt(f.sigma, 4),
                      fmt(f.prior_fit, 6), fmt(f.fitted, 6), fmt(f.observed - f.fitted, 4),
                      fmt((f.observed - f.fitted) / f.sigma, 3)});
  return t;
}

void run(const EstimateArgs& a) {
  // Everything is read and checked before the output directory exists: bad input writes nothing.
  const SourceReceptorMatrix M = read_matrix(a.matrix);
  const std::vector<ObservedMean> obs = read_observed_means(a.observations);
  EstimateOptions opt = a.opt;
  opt.prior_current = a.prior == "current";
  const LoadEstimation e = estimate_group_loads(M, a.matrix, obs, a.observations, opt);

  const std::string out = a.out.empty() ? "out/estimate" : a.out;
  open_output_dir(out);
  run_on_root(PETSC_COMM_WORLD, [&] {
    const Table lt = loads_table(M, e), rt = residuals_table(e);
    write_csv(out + "/loads.csv", lt);
    write_csv(out + "/residuals.csv", rt);
    std::ostringstream md;
    md << "# Loads estimated from station observations\n\n"
       << "Matrix: `" << a.matrix << "` (scenario " << M.attributes.at("scenario_file") << ", period "
       << M.attributes.at("period") << ", groups by " << M.attributes.at("tag_by") << ").\n"
       << "Observations: `" << a.observations << "` (" << obs.size() << " period means).\n"
       << "Prior: " << (opt.prior_current ? "the matrix's current loads" : "zero") << "; regularisation "
       << opt.regularisation << " (a prior trusted to a fraction f is 1/f^2); observations without an "
       << "uncertainty: " << 100 * opt.relative_uncertainty << " % of the value, at least " << opt.uncertainty_floor
       << " mg/L. Loads are bounded below by zero; standard errors (one sigma) come from the curvature of the "
          "fit over the loads not at a bound.\n\n## Fit per constituent\n\n";
    Table st{{"constituent", "observations", "groups seen", "groups estimated", "chi2 (prior)", "chi2 (estimate)",
              "chi2 / observation", "KKT: stationarity", "KKT: sign at bounds", "KKT: bounds"},
             {}};
    auto sci = [](double v) {
      std::ostringstream s;
      s.precision(2);
      s << v;
      return s.str();
    };
    for (const auto& s : e.summary)
      st.rows.push_back({s.constituent, std::to_string(s.observations), std::to_string(s.unknowns),
                         std::to_string(s.free), fmt(s.prior_chi2), fmt(s.chi2),
                         fmt(s.chi2 / static_cast<double>(s.observations), 3), sci(s.certificate.stationarity),
                         sci(s.certificate.sign_violation), sci(s.certificate.bound_violation)});
    md_table(md, st);
    md << "\nCertificate: each fit is the minimum, checked from the matrix and observations independently of the "
          "iteration that found it (KKT conditions of the bounded least squares): the gradient is zero at every "
          "load inside its bounds (stationarity) and points out of the bounds at every load on one (sign at "
          "bounds), each relative to the size of the terms that form it; tolerance "
       << sci(kKktTolerance) << ". A fit that fails it stops `estimate` with exit 1 and writes nothing.\n";
    bool few = false;
    for (const auto& s : e.summary) few = few || s.observations < s.unknowns;
    if (few)
      md << "\nFewer stations than groups: the observations cannot separate every group, so the estimate leans on "
            "the prior (and is not unique without regularisation); the standard errors say how far.\n";
    md << "\n## Estimated loads\n\n";
    md_table(md, lt);
    md << "\n## Residuals per station (observed - fitted)\n\n";
    md_table(md, rt);
    write_text(out + "/estimate.md", md.str());
    for (const auto& s : e.summary)
      BLOG(info) << s.constituent << ": " << s.free << " of " << s.unknowns << " groups estimated from "
                 << s.observations << " stations, chi2 " << s.prior_chi2 << " (prior) -> " << s.chi2;
    BLOG(info) << "estimated loads in " << out << "/loads.csv, residuals in " << out << "/residuals.csv";
  });
}
}  // namespace

Command add_estimate_command(CLI::App& parent) {
  auto args = std::make_shared<EstimateArgs>();
  Command c;
  c.app = parent.add_subcommand(
      "estimate", "Estimate the loads of a source-receptor matrix's groups from period means observed at stations");
  c.app->add_option("-m,--matrix", args->matrix, "matrix.nc written by `beibu apportion`")->required();
  c.app
      ->add_option("--obs,--observations", args->observations,
                   "CSV of period means: station_id,parameter,value,unit[,uncertainty]")
      ->required();
  c.app->add_option("-o,--output", args->out, "Output directory (default out/estimate)");
  c.app->add_option("--prior", args->prior, "Prior loads: the matrix's current loads, or zero")
      ->check(CLI::IsMember({"current", "zero"}))
      ->capture_default_str();
  add_number(c.app, "--regularisation", args->opt.regularisation,
             "Weight of the prior relative to the observations (1/f^2 for a prior trusted to a fraction f)",
             Range::non_negative(1e12))
      ->capture_default_str();
  add_number(c.app, "--uncertainty", args->opt.relative_uncertainty,
             "Uncertainty of a mean given without one, a fraction of the value", Range::positive(100))
      ->capture_default_str();
  add_number(c.app, "--uncertainty-floor", args->opt.uncertainty_floor,
             "Smallest uncertainty given to a mean without one (mg/L)", Range::positive(1e6))
      ->capture_default_str();
  c.run = [args] { run(*args); };
  return c;
}

}  // namespace beibu::cli
