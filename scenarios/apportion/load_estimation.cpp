#include "scenarios/apportion/load_estimation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.hpp"
#include "scenarios/apportion/inverse.hpp"

namespace beibu {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string joined(const std::vector<std::string>& names, std::size_t max = 12) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > max) s += ", ... (" + std::to_string(names.size()) + " in all)";
  return s;
}

// Scale of the prior's deviation per group: its current load, or where that is
// zero the mean of the positive current loads (1 g/s if there is none).
std::vector<double> prior_scales(const std::vector<double>& current) {
  double sum = 0;
  std::size_t n = 0;
  for (double c : current)
    if (c > 0) sum += c, ++n;
  const double fallback = n ? sum / static_cast<double>(n) : 1.0;
  std::vector<double> s(current.size());
  for (std::size_t g = 0; g < current.size(); ++g) s[g] = current[g] > 0 ? current[g] : fallback;
  return s;
}

}  // namespace

double observation_sigma(const ObservedMean& o, const EstimateOptions& opt) {
  if (!std::isnan(o.uncertainty)) return o.uncertainty;
  return std::max(opt.relative_uncertainty * o.value, opt.uncertainty_floor);
}

LoadEstimation estimate_group_loads(const SourceReceptorMatrix& m, const std::string& matrix_file,
                                    const std::vector<ObservedMean>& obs, const std::string& obs_file,
                                    const EstimateOptions& opt) {
  std::map<std::string, std::size_t> station_receptor;
  std::vector<std::string> station_names;
  for (std::size_t r = 0; r < m.nr(); ++r)
    if (m.receptor_kind[r] == "station") {
      station_receptor.emplace(m.receptors[r], r);
      station_names.push_back(m.receptors[r]);
    }
  if (station_receptor.empty())
    throw InputError(matrix_file, "variable 'receptor_kind'",
                     "has no station receptors (make the matrix from a scenario with stations)");

  // Check every row before fitting anything; keep the constituents in first-seen order.
  std::vector<std::string> constituents;
  std::vector<std::size_t> receptor_of(obs.size());
  for (std::size_t k = 0; k < obs.size(); ++k) {
    const ObservedMean& o = obs[k];
    const std::string where = "line " + std::to_string(o.line);
    const auto it = station_receptor.find(o.station);
    if (it == station_receptor.end())
      throw InputError(obs_file, where,
                       "unknown station '" + o.station + "' (the matrix's stations: " + joined(station_names) + ")");
    receptor_of[k] = it->second;
    if (m.constituent_index(o.constituent) < 0)
      throw InputError(obs_file, where,
                       o.constituent + " is not a constituent of the matrix (it has " + joined(m.constituents) + ")");
    if (std::find(constituents.begin(), constituents.end(), o.constituent) == constituents.end())
      constituents.push_back(o.constituent);
  }

  LoadEstimation out;
  out.fits.resize(obs.size());
  const std::size_t G = m.ng(), NR = m.nr();
  for (const std::string& name : constituents) {
    const std::size_t K = static_cast<std::size_t>(m.constituent_index(name));
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < obs.size(); ++k)
      if (obs[k].constituent == name) rows.push_back(k);
    // Responses and background below zero are round-off (docs/apportionment.md): clamped as `allocate` does.
    auto response = [&](std::size_t k, std::size_t g) { return std::max(0.0, m.R(K, receptor_of[k], g)); };
    auto background = [&](std::size_t k) { return std::max(0.0, m.background[K * NR + receptor_of[k]]); };

    const std::vector<double> current(m.current_load.begin() + static_cast<long>(K * G),
                                      m.current_load.begin() + static_cast<long>((K + 1) * G));
    const std::vector<double> scale = prior_scales(current);
    std::vector<double> prior = opt.prior_current ? current : std::vector<double>(G, 0.0);
    for (double& p : prior) p = std::max(0.0, p);

    // Unknowns: the groups that reach at least one observed station; the others keep the prior.
    std::vector<std::size_t> unknown;
    for (std::size_t g = 0; g < G; ++g)
      for (std::size_t k : rows)
        if (response(k, g) > 0) {
          unknown.push_back(g);
          break;
        }
    if (unknown.empty())
      throw InputError(obs_file, "line " + std::to_string(obs[rows.front()].line),
                       "no source group of the matrix reaches the stations where " + name + " is observed");

    InverseProblem p;
    for (std::size_t g : unknown) {
      p.sources.push_back(m.groups[g]);
      p.prior.push_back(prior[g]);
      p.prior_scale.push_back(scale[g]);
    }
    p.lambda = opt.regularisation;
    for (std::size_t k : rows) {
      for (std::size_t g : unknown) p.R.push_back(response(k, g));
      p.background.push_back(background(k));
      p.observed.push_back(obs[k].value);
      p.sigma.push_back(observation_sigma(obs[k], opt));
    }
    const InverseResult res = [&] {
      try {
        return estimate_loads(p);
      } catch (const Failure& e) {
        throw Failure(name + " (" + matrix_file + "): " + e.what() + "; no estimate written");
      }
    }();

    std::vector<double> estimate(prior);
    for (std::size_t u = 0; u < unknown.size(); ++u) estimate[unknown[u]] = res.load[u];
    ConstituentSummary sum{name, rows.size(), unknown.size(), 0, res.chi2, 0, res.iterations, res.certificate};
    for (std::size_t g = 0; g < G; ++g) {
      GroupEstimate e{name, m.groups[g], prior[g], estimate[g], kNaN, LoadStatus::unseen};
      const auto u = std::find(unknown.begin(), unknown.end(), g);
      if (u != unknown.end()) {
        const std::size_t i = static_cast<std::size_t>(u - unknown.begin());
        e.status = res.at_bound[i] ? LoadStatus::at_bound : LoadStatus::free;
        if (!res.at_bound[i]) e.std_error = res.std_error[i], ++sum.free;
      }
      out.loads.push_back(e);
    }
    for (std::size_t k : rows) {
      StationFit f{obs[k].station, name,         obs[k].line, obs[k].value, observation_sigma(obs[k], opt),
                   background(k),  background(k)};
      for (std::size_t g = 0; g < G; ++g) {
        f.prior_fit += response(k, g) * prior[g];
        f.fitted += response(k, g) * estimate[g];
      }
      sum.prior_chi2 += std::pow((f.prior_fit - f.observed) / f.sigma, 2);
      out.fits[k] = f;
    }
    out.summary.push_back(sum);
  }
  return out;
}

}  // namespace beibu
