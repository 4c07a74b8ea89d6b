#include "tide_admittance.hpp"

#include <algorithm>
#include <array>

#include "tide_constituents.hpp"

namespace beibu::hydro {

namespace {

struct Equilibrium {
  const char* name;
  double h;  // m, |H| of the degree-2 potential
};
// Magnitudes only: the sign of each term is in the table's 90-degree multiples.
constexpr std::array<Equilibrium, 20> kEquilibrium = {{
    {"2Q1", 0.00664},     {"SIGMA1", 0.00802}, {"Q1", 0.05020}, {"RHO1", 0.00953}, {"O1", 0.26221},
    {"M1", 0.02062},      {"P1", 0.12203},     {"K1", 0.36878}, {"J1", 0.02062},   {"OO1", 0.01129},
    {"2N2", 0.01601},     {"MU2", 0.01932},    {"N2", 0.12099}, {"NU2", 0.02298},  {"M2", 0.63192},
    {"LAMBDA2", 0.00466}, {"L2", 0.01786},     {"T2", 0.01720}, {"S2", 0.29400},   {"K2", 0.07996},
}};

// SIGMA1 and M1 are left out: at the gulf's four gauges their catalogue constants
// (TICON-4) differ from the inference from the same gauge's majors by a phase that is
// nearly the same everywhere (about 140 and 80 degrees), a difference of convention
// (M1's two lines, its nodal u) rather than of the sea.
struct Species {
  std::vector<std::string> majors;  // in increasing frequency
  std::vector<std::string> minors;
};
const std::vector<Species>& species() {
  static const std::vector<Species> s = {
      {{"Q1", "O1", "K1"}, {"2Q1", "RHO1", "J1", "OO1"}},
      {{"N2", "M2", "S2"}, {"2N2", "MU2", "NU2", "LAMBDA2", "L2", "T2"}},
  };
  return s;
}

double speed(const std::string& name) {
  return find_constituent(name)->speed_deg_per_hour;
}

}  // namespace

double equilibrium_amplitude(const std::string& name) {
  for (const auto& e : kEquilibrium)
    if (name == e.name) return e.h;
  return 0.0;
}

const std::vector<std::string>& inferable_minor_constituents() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    for (const auto& s : species()) v.insert(v.end(), s.minors.begin(), s.minors.end());
    return v;
  }();
  return all;
}

std::map<std::string, std::complex<double>> infer_minor_constituents(
    const std::map<std::string, std::complex<double>>& z) {
  std::map<std::string, std::complex<double>> out;
  for (const Species& sp : species()) {
    // (frequency, admittance) at the majors present, in increasing frequency.
    std::vector<std::pair<double, std::complex<double>>> known;
    for (const auto& m : sp.majors)
      if (auto it = z.find(m); it != z.end()) known.push_back({speed(m), it->second / equilibrium_amplitude(m)});
    if (known.size() < 2) continue;
    for (const auto& name : sp.minors) {
      if (z.count(name)) continue;
      const double w = speed(name);
      // The pair of neighbouring majors that brackets w, or the outermost pair.
      std::size_t i = 0;
      while (i + 2 < known.size() && w > known[i + 1].first) ++i;
      const auto& [w0, z0] = known[i];
      const auto& [w1, z1] = known[i + 1];
      const std::complex<double> admittance = z0 + (z1 - z0) * ((w - w0) / (w1 - w0));
      out[name] = admittance * equilibrium_amplitude(name);
    }
  }
  return out;
}

}  // namespace beibu::hydro
