#include "tide_calibration.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/placeholders.hpp"
#include "harmonic_analysis.hpp"
#include "ingest/projection.hpp"
#include "mesh/local_mesh.hpp"
#include "physics.hpp"
#include "shallow_water.hpp"
#include "tide_admittance.hpp"
#include "tide_constituents.hpp"

namespace beibu::hydro {

std::vector<CalibrationGauge> calibration_gauges(const TideGaugeFile& file) {
  std::vector<CalibrationGauge> out;
  Projection proj;
  for (const TideGauge& g : file.gauges) {
    CalibrationGauge c;
    c.id = g.id;
    c.name = g.name;
    c.lon = g.lon;
    c.lat = g.lat;
    proj.forward(g.lon, g.lat, c.x, c.y);
    c.fit = !g.validate;
    for (const HarmonicConstant& h : g.constituents) {
      const Constituent* k = lookup_constituent(h.name);
      if (!k || !find_constituent(k->name)) continue;
      c.z[k->name] = std::polar(h.amplitude, -h.phase * kPi / 180.0);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> analysis_constituents(double record_s) {
  std::vector<std::string> out;
  for (const char* c : {"K1", "O1", "M2", "S2", "N2", "Q1", "M4", "MS4"}) {
    std::vector<std::string> trial = out;
    trial.push_back(c);
    if (rayleigh_record_length(trial) <= record_s) out = trial;
  }
  return with_minor_diurnals(out, record_s);
}

std::map<std::string, std::vector<std::pair<std::string, Complex>>> gauge_inference(const CalibrationGauge& g,
                                                                                    double record_s) {
  // The gauge's own ratio of the minor to the parent constituent, else the equilibrium
  // tide's (phase unchanged).
  const std::vector<std::pair<std::string, std::string>> pairs = {{"K1", "P1"}, {"S2", "K2"}};
  std::map<std::string, std::vector<std::pair<std::string, Complex>>> tied;
  for (const auto& [parent, minor] : pairs) {
    if (rayleigh_record_length({parent, minor}) <= record_s) continue;  // separable: no inference
    Complex rho = equilibrium_amplitude(minor) / equilibrium_amplitude(parent);
    auto ip = g.z.find(parent), im = g.z.find(minor);
    if (ip != g.z.end() && im != g.z.end() && std::abs(ip->second) > 0) rho = im->second / ip->second;
    tied[parent].push_back({minor, rho});
  }
  return tied;
}

std::map<std::string, Complex> fit_gauge_record(
    const std::vector<double>& t, const std::vector<double>& y, const std::vector<std::string>& cons,
    const std::map<std::string, std::vector<std::pair<std::string, Complex>>>& tied, const std::string& start_utc,
    bool nodal) {
  const std::size_t K = cons.size(), n = 2 * K + 1, nt = t.size();
  if (nt != y.size() || nt < n) throw Failure("fit_gauge_record: record too short or times and values differ");
  const Astro a = astro_arguments(days_since_j2000(start_utc, "start time"));
  // E_c(t) = f e^{i(w t + V0 + u)} of each constituent and its tied minors (times rho);
  // eta = Re{sum Z_c E_c}: the columns are Re E (for Re Z) and -Im E (for Im Z).
  struct Term {
    double w, arg0, f;
    Complex rho;
  };
  std::vector<std::vector<Term>> terms(K);
  for (std::size_t k = 0; k < K; ++k) {
    std::vector<std::pair<std::string, Complex>> list = {{cons[k], 1.0}};
    auto it = tied.find(cons[k]);
    if (it != tied.end()) list.insert(list.end(), it->second.begin(), it->second.end());
    for (const auto& [name, rho] : list) {
      const Constituent* c = find_constituent(name);
      if (!c) throw InputError("", "constituent '" + name + "'", "unknown tidal constituent");
      double f = 1, u = 0;
      if (nodal) nodal_correction(*c, a, f, u);
      terms[k].push_back({angular_speed(*c), (equilibrium_argument(*c, a) + u) * kPi / 180.0, f, rho});
    }
  }
  std::vector<double> M(n * n, 0.0), r(n, 0.0), b(n);
  for (std::size_t i = 0; i < nt; ++i) {
    b[0] = 1.0;
    for (std::size_t k = 0; k < K; ++k) {
      Complex e = 0;
      for (const Term& tm : terms[k]) e += tm.rho * std::polar(tm.f, tm.w * t[i] + tm.arg0);
      b[1 + 2 * k] = e.real();
      b[2 + 2 * k] = -e.imag();
    }
    for (std::size_t p = 0; p < n; ++p) {
      r[p] += b[p] * y[i];
      for (std::size_t q = 0; q < n; ++q) M[p * n + q] += b[p] * b[q];
    }
  }
  // Gaussian elimination with partial pivoting (n is at most 17).
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t i = c + 1; i < n; ++i)
      if (std::fabs(M[i * n + c]) > std::fabs(M[piv * n + c])) piv = i;
    if (!(std::fabs(M[piv * n + c]) > 1e-12 * (1.0 + std::fabs(M[0]))))
      throw Failure("fit_gauge_record: the constituents cannot be separated by this record");
    if (piv != c) {
      for (std::size_t q = 0; q < n; ++q) std::swap(M[c * n + q], M[piv * n + q]);
      std::swap(r[c], r[piv]);
    }
    for (std::size_t i = c + 1; i < n; ++i) {
      const double m = M[i * n + c] / M[c * n + c];
      for (std::size_t q = c; q < n; ++q) M[i * n + q] -= m * M[c * n + q];
      r[i] -= m * r[c];
    }
  }
  std::vector<double> x(n);
  for (std::size_t c = n; c-- > 0;) {
    double s = r[c];
    for (std::size_t q = c + 1; q < n; ++q) s -= M[c * n + q] * x[q];
    x[c] = s / M[c * n + c];
  }
  std::map<std::string, Complex> out;
  for (std::size_t k = 0; k < K; ++k) out[cons[k]] = Complex(x[1 + 2 * k], x[2 + 2 * k]);
  return out;
}

GaugeConstants analyse_gauges(const std::vector<CalibrationGauge>& gauges, const std::vector<double>& t,
                              const std::vector<std::vector<double>>& eta, const std::string& start_utc, bool nodal) {
  if (t.size() < 2) throw Failure("analyse_gauges: empty record");
  const double record = t.back() - t.front();
  const std::vector<std::string> cons = analysis_constituents(record);
  GaugeConstants out;
  for (std::size_t g = 0; g < gauges.size(); ++g)
    out.push_back(fit_gauge_record(t, eta[g], cons, gauge_inference(gauges[g], record), start_utc, nodal));
  return out;
}

double rms_vector_misfit(const std::vector<CalibrationGauge>& gauges, const GaugeConstants& model,
                         const std::vector<std::string>& cons, bool fit) {
  double ss = 0;
  int n = 0;
  for (std::size_t g = 0; g < gauges.size(); ++g) {
    if (gauges[g].fit != fit) continue;
    for (const auto& c : cons) {
      auto io = gauges[g].z.find(c);
      auto im = model[g].find(c);
      if (io == gauges[g].z.end() || im == model[g].end()) continue;
      ss += std::norm(im->second - io->second);
      ++n;
    }
  }
  return n ? std::sqrt(ss / n) : NAN;
}

namespace {

// One boundary point's fitted constituents: where they live in the spec.
struct Param {
  std::size_t b, j;  // boundary, point
  std::string c;     // constituent
};

// Solves the dense SPD system A x = r (Cholesky); n is small (tens).
std::vector<double> solve_spd(std::vector<double> A, std::vector<double> r, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {
    double d = A[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= A[j * n + k] * A[j * n + k];
    if (!(d > 0)) throw Failure("tide calibration: the normal equations are singular");
    A[j * n + j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = A[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / A[j * n + j];
    }
  }
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t k = 0; k < p; ++k) r[p] -= A[p * n + k] * r[k];
    r[p] /= A[p * n + p];
  }
  for (std::size_t p = n; p-- > 0;) {
    for (std::size_t k = p + 1; k < n; ++k) r[p] -= A[k * n + p] * r[k];
    r[p] /= A[p * n + p];
  }
  return r;
}

// Adds the weighted observation rows J (m x n, row-major) with residuals r (model minus
// observed) to the normal equations A dp = rhs of the step dp.
void add_observations(const std::vector<double>& J, const std::vector<double>& r, double weight, std::size_t n,
                      std::vector<double>& A, std::vector<double>& rhs) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    const double* row = &J[i * n];
    for (std::size_t a = 0; a < n; ++a) {
      rhs[a] -= weight * row[a] * r[i];
      for (std::size_t b = 0; b < n; ++b) A[a * n + b] += weight * row[a] * row[b];
    }
  }
}

// Sets constituent c at point (b, j) to z and moves the minors that follow c (their
// ratio to c in `ratio`) with it.
void set_constant(TideSpec& s, const Param& p, Complex z,
                  const std::map<std::pair<std::size_t, std::size_t>,
                                 std::map<std::string, std::pair<std::string, Complex>>>& ratio) {
  TidePoint& pt = s.boundaries[p.b].points[p.j];
  pt.z[p.c] = z;
  auto it = ratio.find({p.b, p.j});
  if (it == ratio.end()) return;
  for (const auto& [minor, pr] : it->second)
    if (pr.first == p.c) pt.z[minor] = pr.second * z;
}

// Whether the boundary `name` is among those to calibrate (all when none are named).
bool calibrated(const CalibrationOptions& opt, const std::string& name) {
  return opt.boundaries.empty() ||
         std::find(opt.boundaries.begin(), opt.boundaries.end(), name) != opt.boundaries.end();
}

// The prior with every constituent to be calibrated at each point of the calibrated
// boundaries: a minor one the prior does not give starts from its admittance inference
// from the point's majors (2Q1 J1 OO1 ...) or, where there is none (M1, SIGMA1), from
// zero; a major one must be given, and an unknown name is an input error.
TideSpec with_start_values(const TideSpec& prior, const CalibrationOptions& opt,
                           const std::function<void(const std::string&)>& say) {
  const std::set<std::string> majors = {"K1", "O1", "P1", "Q1", "M2", "S2", "N2", "K2"};
  for (const auto& c : opt.constituents)
    if (!find_constituent(c)) throw InputError("", "constituent '" + c + "'", "unknown tidal constituent");
  TideSpec start = prior;
  for (OpenBoundarySpec& ob : start.boundaries) {
    if (!calibrated(opt, ob.name)) continue;
    for (std::size_t j = 0; j < ob.points.size(); ++j)
      for (const auto& c : opt.constituents) {
        auto& z = ob.points[j].z;
        if (z.count(c)) continue;
        if (majors.count(c))
          throw InputError(prior.file, "boundary '" + ob.name + "'",
                           "constituent " + c + " is to be calibrated but is not given at every point");
        const auto inferred = infer_minor_constituents(z);
        const auto it = inferred.find(c);
        z[c] = it != inferred.end() ? it->second : Complex(0.0);
        std::ostringstream os;
        os << "tide calibration: " << ob.name << " point " << j + 1 << ": " << c << " is not in the prior; starts at "
           << std::abs(z[c]) << " m ("
           << (it != inferred.end() ? "inferred from the point's majors by admittance" : "no inference for it") << ")";
        say(os.str());
      }
  }
  return start;
}

}  // namespace

// About 165 lines, on purpose: the Gauss-Newton iteration reads as one piece (the
// parameters, the observations, the finite-difference Jacobian from one model run per
// boundary point and one for Manning's n, the regularised step, its acceptance and the
// report); its state is shared by every step, and its parts that stand alone (the
// model runs, `analyse_gauges`, `add_observations`, `solve_spd`, `set_constant`) are
// already separate.
CalibrationResult calibrate_tides(const TideSpec& prior, const std::vector<CalibrationGauge>& gauges,
                                  const GaugeRunner& run, const CalibrationOptions& opt,
                                  const std::function<void(const std::string&)>& log) {
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  // Minor constituents at each point follow the parent of their species with the
  // prior's ratio (diurnal: K1, O1; semidiurnal: M2, S2 as listed in opt).
  // A minor constituent follows the nearest fitted one up this chain (K2 -> S2 -> M2:
  // with S2 not fitted, it and K2 follow M2).
  const std::map<std::string, std::string> up = {{"P1", "K1"}, {"Q1", "O1"}, {"N2", "M2"}, {"K2", "S2"}, {"S2", "M2"}};
  auto fitted = [&](const std::string& c) {
    return std::find(opt.constituents.begin(), opt.constituents.end(), c) != opt.constituents.end();
  };
  std::map<std::string, std::string> parent_of;
  for (const auto& [minor, first] : up) {
    std::string p = first;
    while (!fitted(p) && up.count(p)) p = up.at(p);
    if (fitted(p) && !fitted(minor)) parent_of[minor] = p;
  }
  const TideSpec start = with_start_values(prior, opt, say);
  std::vector<Param> params;
  std::map<std::pair<std::size_t, std::size_t>, std::map<std::string, std::pair<std::string, Complex>>> ratio;
  for (std::size_t b = 0; b < start.boundaries.size(); ++b) {
    const OpenBoundarySpec& ob = start.boundaries[b];
    if (!calibrated(opt, ob.name)) continue;
    for (std::size_t j = 0; j < ob.points.size(); ++j) {
      for (const auto& c : opt.constituents) params.push_back({b, j, c});
      for (const auto& [minor, parent] : parent_of) {
        auto im = ob.points[j].z.find(minor), ip = ob.points[j].z.find(parent);
        if (im == ob.points[j].z.end() || ip == ob.points[j].z.end()) continue;
        const Complex rho = std::abs(ip->second) > 0 ? im->second / ip->second : Complex(0.0);
        ratio[{b, j}][minor] = {parent, rho};
      }
    }
  }
  if (params.empty()) throw InputError(prior.file, "", "no boundary points to calibrate");
  // Unknowns: Re and Im of each boundary constant, then ln(Manning factor) if fitted.
  const std::size_t np = params.size(), n = 2 * np + (opt.fit_manning ? 1 : 0), kman = 2 * np;
  std::vector<Complex> p0(np);
  for (std::size_t k = 0; k < np; ++k) p0[k] = start.boundaries[params[k].b].points[params[k].j].z.at(params[k].c);

  // Observations: fit gauges x fitted constituents they list.
  struct Obs {
    std::size_t g;
    std::string c;
  };
  std::vector<Obs> obs;
  for (std::size_t g = 0; g < gauges.size(); ++g)
    if (gauges[g].fit)
      for (const auto& c : opt.constituents)
        if (gauges[g].z.count(c)) obs.push_back({g, c});
  if (obs.empty()) throw InputError("", "tide gauges", "no gauge with use: fit lists the constituents to calibrate");

  CalibrationResult res;
  res.spec = start;
  double x = 0;  // ln of the Manning factor
  auto analyse = [&](const TideSpec& s, double ln_factor) {
    std::vector<double> t;
    std::vector<std::vector<double>> eta;
    run(s, std::exp(ln_factor), t, eta);
    ++res.runs;
    return analyse_gauges(gauges, t, eta, opt.start_utc, opt.nodal);
  };
  auto record = [&](const GaugeConstants& m) {
    CalibrationIteration it;
    it.model = m;
    it.manning_factor = std::exp(x);
    it.misfit_fit = rms_vector_misfit(gauges, m, opt.constituents, true);
    it.misfit_validate = rms_vector_misfit(gauges, m, opt.constituents, false);
    res.history.push_back(it);
    std::ostringstream os;
    os << "tide calibration: run " << res.runs << ", RMS vector misfit " << it.misfit_fit << " m at the fit gauges";
    if (std::isfinite(it.misfit_validate)) os << ", " << it.misfit_validate << " m at the validation gauges";
    if (opt.fit_manning) os << "; Manning factor " << it.manning_factor;
    say(os.str());
  };

  std::vector<Complex> p = p0;
  GaugeConstants base = analyse(res.spec, x);
  for (const auto& c : opt.constituents)
    if (!gauges.empty() && !base.front().count(c))
      throw InputError("", "constituent '" + c + "'", "the record is too short to separate it from its neighbours");
  record(base);
  for (int iter = 0; iter < opt.iterations; ++iter) {
    // Jacobian columns: d Z_g,c / d Re p_k and d / d Im p_k.
    const std::size_t m = 2 * obs.size();
    std::vector<double> J(m * n, 0.0);
    std::set<std::pair<std::size_t, std::size_t>> points;
    for (const Param& q : params) points.insert({q.b, q.j});
    for (const auto& [b, j] : points) {
      for (int part = 0; part < (opt.complex_jacobian ? 1 : 2); ++part) {
        TideSpec s = res.spec;
        const Complex d = part == 0 ? Complex(opt.delta, 0) : Complex(0, opt.delta);
        for (std::size_t k = 0; k < np; ++k)
          if (params[k].b == b && params[k].j == j) set_constant(s, params[k], p[k] + d, ratio);
        const GaugeConstants pert = analyse(s, x);
        for (std::size_t k = 0; k < np; ++k) {
          if (params[k].b != b || params[k].j != j) continue;
          for (std::size_t o = 0; o < obs.size(); ++o) {
            if (obs[o].c != params[k].c) continue;  // cross-constituent terms are second order
            const Complex dz = (pert[obs[o].g].at(obs[o].c) - base[obs[o].g].at(obs[o].c)) / opt.delta;
            J[(2 * o) * n + 2 * k + part] = dz.real();
            J[(2 * o + 1) * n + 2 * k + part] = dz.imag();
            if (opt.complex_jacobian) {  // a linear response to i delta is i times that to delta
              J[(2 * o) * n + 2 * k + 1] = -dz.imag();
              J[(2 * o + 1) * n + 2 * k + 1] = dz.real();
            }
          }
        }
      }
    }
    if (opt.fit_manning) {  // every constituent at every gauge responds to friction
      const GaugeConstants pert = analyse(res.spec, x + opt.manning_delta);
      for (std::size_t o = 0; o < obs.size(); ++o) {
        const Complex dz = (pert[obs[o].g].at(obs[o].c) - base[obs[o].g].at(obs[o].c)) / opt.manning_delta;
        J[(2 * o) * n + kman] = dz.real();
        J[(2 * o + 1) * n + kman] = dz.imag();
      }
    }
    // Normal equations of the weighted, regularised problem for the step dp.
    std::vector<double> A(n * n, 0.0), rhs(n, 0.0), r(m);
    for (std::size_t o = 0; o < obs.size(); ++o) {
      const Complex res_o = base[obs[o].g].at(obs[o].c) - gauges[obs[o].g].z.at(obs[o].c);
      r[2 * o] = res_o.real();
      r[2 * o + 1] = res_o.imag();
    }
    add_observations(J, r, 1.0 / (opt.obs_sigma * opt.obs_sigma), n, A, rhs);
    if (opt.fit_manning) {
      A[kman * n + kman] += 1.0 / (opt.manning_sigma * opt.manning_sigma);
      rhs[kman] -= x / (opt.manning_sigma * opt.manning_sigma);
    }
    for (std::size_t k = 0; k < np; ++k) {
      const double s = opt.prior_rel * std::abs(p0[k]) + opt.prior_abs;
      const double wp = 1.0 / (s * s);
      const Complex dev = p[k] - p0[k];
      A[(2 * k) * n + 2 * k] += wp;
      A[(2 * k + 1) * n + 2 * k + 1] += wp;
      rhs[2 * k] -= wp * dev.real();
      rhs[2 * k + 1] -= wp * dev.imag();
    }
    std::vector<double> dp = solve_spd(A, rhs, n);
    // Trust region in units of the prior sigma: the response is linear only near the
    // base run, and with few gauges the boundary points' responses are nearly collinear,
    // so an unlimited step can swing two points in opposite directions.
    double worst = 0;
    for (std::size_t k = 0; k < np; ++k)
      worst = std::max(worst, std::hypot(dp[2 * k], dp[2 * k + 1]) / (opt.prior_rel * std::abs(p0[k]) + opt.prior_abs));
    if (opt.fit_manning) worst = std::max(worst, std::fabs(dp[kman]) / opt.manning_sigma);
    if (worst > opt.max_step) {
      for (double& v : dp) v *= opt.max_step / worst;
      say("tide calibration: step scaled by " + std::to_string(opt.max_step / worst) + " (trust region)");
    }
    for (std::size_t k = 0; k < np; ++k) {
      p[k] += Complex(dp[2 * k], dp[2 * k + 1]);
      set_constant(res.spec, params[k], p[k], ratio);
    }
    if (opt.fit_manning) x += dp[kman];
    base = analyse(res.spec, x);
    record(base);
  }
  res.manning_factor = std::exp(x);
  return res;
}

namespace {
// The sentences of calibration_uncertainty() in one language; {1} {2} {3} are filled in.
struct UncertaintyWords {
  const char *sep, *none, *no_gauge, *fitted, *kept, *no_validation, *validation, *end;
};
const UncertaintyWords kUncertaintyEn{
    ", ",
    "none",
    "no gauge",
    "The calibrated constants are EFFECTIVE values for this model (its mesh, bathymetry and Manning n), not "
    "estimates of the real tide at the boundary. Fitted here: {1}, to {2} (RMS vector misfit {3} m after the fit)",
    "; kept at the prior's constants, which no gauge of this fit constrains: {1}",
    ". No validation gauge: nothing here measures the error away from the fit gauges",
    ". Validation gauges, never fitted: {1} (RMS vector misfit {2} m): their error measures the tide away from the "
    "fit gauges",
    ". APPROXIMATE away from the gauges."};
const UncertaintyWords kUncertaintyZh{
    "、",
    "无",
    "（无）",
    "率定所得的调和常数是本模型（其网格、水深和曼宁系数）的等效值，并非开边界处真实潮汐的估计。本次率定的开边界：{1}，"
    "拟合至验潮站 {2}（拟合后均方根矢量误差 {3} 米）",
    "；保持先验常数、不受本次拟合任何验潮站约束的开边界：{1}",
    "。无验证站：无从衡量拟合验潮站以外的误差",
    "。验证站（从不参与拟合）：{1}（均方根矢量误差 {2} 米），其误差反映拟合验潮站以外的潮汐精度",
    "。远离验潮站处的潮汐为近似值。"};

std::string metres(double v) {
  std::ostringstream os;
  os.precision(3);
  os << std::fixed << v;
  return os.str();
}
}  // namespace

std::string calibration_uncertainty(const TideSpec& spec, const std::vector<CalibrationGauge>& gauges,
                                    const CalibrationOptions& opt, const CalibrationResult& res,
                                    const std::string& lang) {
  const UncertaintyWords& w = lang == "zh" ? kUncertaintyZh : kUncertaintyEn;
  const auto add = [&w](std::string& list, const std::string& item) { list += (list.empty() ? "" : w.sep) + item; };
  std::string fitted, kept, fit_gauges, validation_gauges;
  for (const auto& b : spec.boundaries)
    if (!b.points.empty()) add(calibrated(opt, b.name) ? fitted : kept, b.name);
  for (const auto& g : gauges) add(g.fit ? fit_gauges : validation_gauges, g.name);
  const CalibrationIteration& last = res.history.back();
  std::string text = fill_placeholders(
      w.fitted,
      {fitted.empty() ? w.none : fitted, fit_gauges.empty() ? w.no_gauge : fit_gauges, metres(last.misfit_fit)},
      "calibration_uncertainty");
  if (!kept.empty()) text += fill_placeholders(w.kept, {kept}, "calibration_uncertainty");
  text += validation_gauges.empty() ? std::string(w.no_validation)
                                    : fill_placeholders(w.validation, {validation_gauges, metres(last.misfit_validate)},
                                                        "calibration_uncertainty");
  return text + w.end;
}

}  // namespace beibu::hydro

namespace beibu::hydro {

namespace {
// Owned local index of the cell nearest (x, y) on the rank that has it, -1 elsewhere
// (ties between ranks go to the lower rank).
int nearest_owned_cell(const LocalMesh& m, double x, double y, double& dist) {
  double best = 1e300;
  int lc = -1;
  for (int c = 0; c < m.n_owned; ++c) {
    const double d = std::hypot(m.cx[c] - x, m.cy[c] - y);
    if (d < best) best = d, lc = c;
  }
  struct {
    double d;
    int rank;
  } in{best, 0}, out{};
  MPI_Comm_rank(m.comm, &in.rank);
  MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MINLOC, m.comm);
  dist = out.d;
  return out.rank == in.rank ? lc : -1;
}
}  // namespace

std::vector<GaugeCell> gauge_cells(const LocalMesh& m, const std::vector<CalibrationGauge>& gauges) {
  std::vector<GaugeCell> out(gauges.size());
  for (std::size_t g = 0; g < gauges.size(); ++g) {
    double d = 0;
    const int c = nearest_owned_cell(m, gauges[g].x, gauges[g].y, d);
    double v[3] = {0, 0, 0}, s[3];
    if (c >= 0) v[0] = m.lon[c], v[1] = m.lat[c], v[2] = m.depth[c];
    MPI_Allreduce(v, s, 3, MPI_DOUBLE, MPI_SUM, m.comm);
    out[g] = {s[0], s[1], s[2], d};
  }
  return out;
}

GaugeRunner model_gauge_runner(const LocalMesh& m, const std::vector<std::string>& names, const HydroOptions& opt,
                               const std::vector<double>& manning, const std::vector<CalibrationGauge>& gauges,
                               double spinup_s, double record_s, double sample_s) {
  std::vector<int> cell(gauges.size());
  for (std::size_t g = 0; g < gauges.size(); ++g) {
    double d = 0;
    cell[g] = nearest_owned_cell(m, gauges[g].x, gauges[g].y, d);
  }
  return [&m, &names, &opt, manning, cell, spinup_s, record_s, sample_s](
             const TideSpec& spec, double factor, std::vector<double>& t, std::vector<std::vector<double>>& eta) {
    HydroOptions o = opt;
    o.manning *= factor;
    ShallowWaterModel model(m, names, o);
    model.set_tides(spec);
    if (!manning.empty()) {
      std::vector<double> n = manning;
      for (double& v : n) v *= factor;
      model.set_manning(n);
    }
    const std::size_t ng = cell.size();
    t.clear();
    eta.assign(ng, {});
    const long every = std::max(1L, std::lround(sample_s / opt.dt));
    const long first = std::lround(spinup_s / opt.dt), last = first + std::lround(record_s / opt.dt);
    std::vector<double> loc(ng), glob(ng);
    for (long i = 1; i <= last; ++i) {
      model.step();
      if (i < first || (i - first) % every != 0) continue;
      for (std::size_t g = 0; g < ng; ++g) loc[g] = cell[g] >= 0 ? model.eta()[cell[g]] : 0.0;
      MPI_Allreduce(loc.data(), glob.data(), static_cast<int>(ng), MPI_DOUBLE, MPI_SUM, m.comm);
      t.push_back(model.time());
      for (std::size_t g = 0; g < ng; ++g) eta[g].push_back(glob[g]);
    }
  };
}

}  // namespace beibu::hydro
