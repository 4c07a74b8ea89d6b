// Minor constituents inferred by the admittance method (solver/hydro/tide_admittance.hpp).
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <map>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"
#include "solver/hydro/tidal_boundary.hpp"
#include "solver/hydro/tide_admittance.hpp"
#include "solver/hydro/tide_constituents.hpp"

using namespace beibu;
using namespace beibu::hydro;
using Catch::Detail::Approx;
using Complex = std::complex<double>;

namespace {
double speed(const std::string& n) {
  return find_constituent(n)->speed_deg_per_hour;
}
}  // namespace

TEST_CASE("equilibrium amplitudes keep Doodson's ratios", "[hydro][unit]") {
  // Pugh (1987) Tidal Waves and Datums, table 4.1, Doodson's coefficients (K2 and K1
  // lunar + solar): M2 0.9081, S2 0.4229, N2 0.1739, K2 0.1150, K1 0.5305, O1 0.3771, P1 0.1755.
  const auto H = equilibrium_amplitude;
  CHECK(H("S2") / H("M2") == Approx(0.4229 / 0.9081).epsilon(0.005));
  CHECK(H("N2") / H("M2") == Approx(0.1739 / 0.9081).epsilon(0.005));
  CHECK(H("K2") / H("S2") == Approx(0.1150 / 0.4229).epsilon(0.005));
  CHECK(H("O1") / H("K1") == Approx(0.3771 / 0.5305).epsilon(0.005));
  CHECK(H("P1") / H("K1") == Approx(0.1755 / 0.5305).epsilon(0.005));
  CHECK(H("XX9") == 0.0);
  for (const auto& m : inferable_minor_constituents()) {
    INFO(m);
    CHECK(find_constituent(m) != nullptr);
    CHECK(equilibrium_amplitude(m) > 0);
  }
}

TEST_CASE("an admittance linear in frequency is reproduced at every minor", "[hydro][unit]") {
  // Z(w) = a + b w per species (complex a, b): the inference is exact for it, inside
  // the majors' range and beyond it.
  const std::map<int, std::pair<Complex, Complex>> law = {
      {1, {Complex(0.9, -2.1), Complex(0.05, 0.11)}},
      {2, {Complex(-1.4, 0.6), Complex(0.07, -0.02)}},
  };
  auto species_of = [](const std::string& n) { return find_constituent(n)->doodson[0]; };
  std::map<std::string, Complex> z;
  for (const std::string n : {"Q1", "O1", "K1", "N2", "M2", "S2"}) {
    const auto& [a, b] = law.at(species_of(n));
    z[n] = (a + b * speed(n)) * equilibrium_amplitude(n);
  }
  const auto minors = infer_minor_constituents(z);
  REQUIRE(minors.size() == inferable_minor_constituents().size());
  for (const auto& [n, zm] : minors) {
    INFO(n);
    const auto& [a, b] = law.at(species_of(n));
    const Complex expect = (a + b * speed(n)) * equilibrium_amplitude(n);
    CHECK(std::abs(zm - expect) < 1e-12 * std::abs(expect) + 1e-15);
  }
}

TEST_CASE("inference needs two majors of a species and keeps listed minors", "[hydro][unit]") {
  // Only M2 and S2 semidiurnal, one diurnal: diurnal minors are not inferred.
  std::map<std::string, Complex> z = {{"M2", {0.3, 0.1}}, {"S2", {0.1, 0.05}}, {"K1", {0.4, -0.2}}, {"L2", {0.01, 0}}};
  const auto m = infer_minor_constituents(z);
  CHECK(m.count("J1") == 0);
  CHECK(m.count("L2") == 0);  // listed: not replaced
  CHECK(m.count("T2") == 1);
  CHECK(m.count("2N2") == 1);  // extrapolated below M2 from M2 and S2
  // Equal phase lag and amplitude in the equilibrium ratio when the admittance is flat.
  std::map<std::string, Complex> flat = {{"O1", std::polar(0.5, -1.0)},
                                         {"K1", std::polar(0.5 * 0.36878 / 0.26221, -1.0)}};
  const auto j1 = infer_minor_constituents(flat).at("J1");
  CHECK(std::abs(j1) == Approx(0.5 * equilibrium_amplitude("J1") / equilibrium_amplitude("O1")).epsilon(1e-9));
  CHECK(std::arg(j1) == Approx(-1.0).epsilon(1e-12));
}

TEST_CASE("tides files switch the inference on by a checked key", "[hydro][unit]") {
  const std::string body =
      "boundaries:\n  south:\n    type: clamped\n    points:\n      - {x: 0, y: 0, constituents: {M2: {amplitude: 0.3, "
      "phase: 100}, S2: {amplitude: 0.1, phase: 130}}}\n";
  const std::vector<std::string> names = {"south"};
  CHECK_FALSE(read_tide_spec(Config::load_string(body, "t.yaml"), names).infer_minor);
  CHECK(read_tide_spec(Config::load_string("infer_minor: true\n" + body, "t.yaml"), names).infer_minor);
  try {
    read_tide_spec(Config::load_string("infer_minor: maybe\n" + body, "t.yaml"), names);
    FAIL("a non-boolean infer_minor was accepted");
  } catch (const InputError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("infer_minor"));
  }
}
