// Tide gauges: the constituent table against the IHO list, the predictor against an
// independent implementation (@neaps/tide-predictor, tests/data/tides/neaps_reference.csv),
// the gauge-file reader's errors, and the comparison on synthetic model records whose
// answer is known by construction.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/projection.hpp"
#include "mesh/mesh.hpp"
#include "solver/hydro/gauge_comparison.hpp"
#include "solver/hydro/physics.hpp"
#include "solver/hydro/tidal_maps.hpp"
#include "solver/hydro/tide_constituents.hpp"
#include "solver/hydro/tide_gauges.hpp"
#include "solver/hydro/tide_prediction.hpp"
#include "solver/transport/providers/stored_flow.hpp"

using namespace beibu;
using namespace beibu::hydro;
using Catch::Detail::Approx;

namespace {
const std::string kGauges = std::string(BEIBU_DATA_DIR) + "/beibu/tide_gauges.yaml";
const std::string kReference = std::string(BEIBU_TEST_DATA) + "/tides/neaps_reference.csv";
}  // namespace

TEST_CASE("constituent speeds from the Doodson numbers match the IHO list", "[hydro]") {
  // Speeds (deg/h) as printed in the IHO TWCWG Constituent List (2017).
  const std::map<std::string, double> iho = {
      {"Sa", 0.0410686},    {"Ssa", 0.0821373},   {"Mm", 0.5443747},       {"MSf", 1.0158958},     {"Mf", 1.0980330},
      {"Mtm", 1.6424078},   {"MSqm", 2.1139287},  {"2Q1", 12.8542862},     {"SIGMA1", 12.9271398}, {"Q1", 13.3986609},
      {"RHO1", 13.4715145}, {"O1", 13.9430356},   {"M1", 14.4966939},      {"P1", 14.9589314},     {"S1", 15.0},
      {"K1", 15.0410686},   {"J1", 15.5854433},   {"OO1", 16.1391017},     {"EPS2", 27.4238338},   {"2N2", 27.8953548},
      {"MU2", 27.9682085},  {"N2", 28.4397295},   {"NU2", 28.5125832},     {"MA2", 28.943036},     {"M2", 28.9841042},
      {"MB2", 29.025173},   {"MKS2", 29.0662415}, {"LAMBDA2", 29.4556253}, {"L2", 29.5284789},     {"T2", 29.9589333},
      {"S2", 30.0},         {"R2", 30.0410667},   {"K2", 30.0821373},      {"2SM2", 31.0158958},   {"M3", 43.4761564},
      {"S3", 45.0},         {"N4", 56.8794591},   {"MN4", 57.4238338},     {"M4", 57.9682085},     {"MS4", 58.9841042},
      {"S4", 60.0},         {"2MO5", 71.911244},  {"2MK5", 73.009277},     {"M6", 86.9523127},     {"2MS6", 87.9682085},
      {"M8", 115.936417},
  };
  REQUIRE(tidal_constituents().size() == iho.size());
  for (const Constituent& c : tidal_constituents()) {
    INFO(c.name);
    REQUIRE(iho.count(c.name));
    CHECK(c.speed_deg_per_hour == Approx(iho.at(c.name)).margin(2e-6));
  }
  // Spellings of other catalogues.
  CHECK(lookup_constituent("MF") == find_constituent("Mf"));
  CHECK(find_constituent("MF") == nullptr);  // the boundary file keeps the table's spelling
  CHECK(lookup_constituent("SGM")->name == "SIGMA1");
  CHECK(lookup_constituent("EP2")->name == "EPS2");
  CHECK(lookup_constituent("MTM")->name == "Mtm");
  CHECK(lookup_constituent("T3") == nullptr);
  CHECK(is_unpredicted_constituent("T3"));
  CHECK_FALSE(is_unpredicted_constituent("X9"));
}

TEST_CASE("nodal corrections take the IHO Annex A values at the extremes of the node", "[hydro]") {
  // N = 0: f and u from the Annex A series by hand; u = 0 there for the N-only formulas.
  Astro a{};
  a.N = 0;
  a.p = 90;  // cos 2p = -1
  double f, u;
  nodal_correction(*find_constituent("O1"), a, f, u);
  CHECK(f == Approx(1.0176 + 0.1871 - 0.0147).margin(1e-12));
  CHECK(u == Approx(0).margin(1e-12));
  nodal_correction(*find_constituent("K2"), a, f, u);
  CHECK(f == Approx(1.0246 + 0.2863 + 0.0083 - 0.0015).margin(1e-12));
  nodal_correction(*find_constituent("Mm"), a, f, u);
  CHECK(f == Approx(1 - 0.1311 - 0.0538 - 0.0205).margin(1e-12));
  // Compounds: MN4 = M2 + N2 -> f_M2^2; MKS2 = M2 + K2 - S2.
  double fm2, um2, fk2, uk2;
  a.N = 90;
  nodal_correction(*find_constituent("M2"), a, fm2, um2);
  CHECK(um2 == Approx(-2.14));
  nodal_correction(*find_constituent("K2"), a, fk2, uk2);
  nodal_correction(*find_constituent("MN4"), a, f, u);
  CHECK(f == Approx(fm2 * fm2));
  CHECK(u == Approx(2 * um2));
  nodal_correction(*find_constituent("MKS2"), a, f, u);
  CHECK(f == Approx(fm2 * fk2));
  CHECK(u == Approx(um2 + uk2));
  nodal_correction(*find_constituent("MSf"), a, f, u);
  CHECK(u == Approx(-um2));
}

TEST_CASE("the predictor agrees with @neaps/tide-predictor at the gulf's gauges to millimetres", "[hydro]") {
  std::ifstream in(kReference);
  REQUIRE(in);
  std::string line, header;
  std::string sha;
  while (std::getline(in, line) && line.rfind("#", 0) == 0) {
    const auto p = line.find("sha256 ");
    if (p != std::string::npos) sha = line.substr(p + 7, 64);
  }
  INFO(
      "tests/data/tides/neaps_reference.csv was made from another tide_gauges.yaml: run "
      "tests/data/tides/make-reference");
  REQUIRE(sha == sha256_file(kGauges));
  header = line;
  std::vector<std::string> cols;
  {
    std::stringstream ss(header);
    for (std::string c; std::getline(ss, c, ',');) cols.push_back(c);
  }
  const TideGaugeFile gauges = load_tide_gauges(kGauges);
  REQUIRE(cols.size() == gauges.gauges.size() + 1);
  std::vector<TidePredictor> preds;
  for (std::size_t k = 1; k < cols.size(); ++k)
    for (const TideGauge& g : gauges.gauges)
      if (g.id == cols[k]) preds.emplace_back(g.constituents);
  REQUIRE(preds.size() == gauges.gauges.size());
  std::vector<double> worst(preds.size(), 0.0), ss(preds.size(), 0.0);
  long n = 0;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string t;
    std::getline(row, t, ',');
    const double d = days_since_j2000(t, "reference time");
    for (std::size_t k = 0; k < preds.size(); ++k) {
      std::string v;
      std::getline(row, v, ',');
      const double e = preds[k].at(d) - std::stod(v);
      worst[k] = std::max(worst[k], std::fabs(e));
      ss[k] += e * e;
    }
    ++n;
  }
  REQUIRE(n == 2 * (30 * 12 + 1));
  for (std::size_t k = 0; k < preds.size(); ++k) {
    std::printf("predictor vs @neaps/tide-predictor at %s: max |difference| %.2f mm, RMS %.2f mm (tol 1 mm, 0.3 mm)\n",
                cols[k + 1].c_str(), 1000 * worst[k], 1000 * std::sqrt(ss[k] / n));
    CHECK(worst[k] < 0.001);
    CHECK(std::sqrt(ss[k] / n) < 0.0003);
    // The four TICON-4 names without an IHO definition are reported, not predicted.
    CHECK(preds[k].unpredicted().size() == 4);
  }
}

namespace {

std::string gauge_error(const std::string& yaml) {
  try {
    read_tide_gauges(Config::load_string(yaml, "bad_gauges.yaml"));
  } catch (const InputError& e) {
    CHECK(e.file() == "bad_gauges.yaml");
    return e.what();
  }
  return "";
}

const std::string kHead = "source: test\nphase_convention: greenwich\ngauges:\n";
std::string gauge(const std::string& extra,
                  const std::string& constituents = "      K1: {amplitude: 0.9, phase: 336}\n") {
  return "  - id: beihai\n    name: Beihai\n    lon: 109.083\n    lat: 21.483\n    use: fit\n" + extra +
         "    constituents:\n" + constituents;
}

}  // namespace

TEST_CASE("the gulf's gauge file loads", "[hydro]") {
  const TideGaugeFile f = load_tide_gauges(kGauges);
  REQUIRE(f.gauges.size() == 5);  // Beihai, Dongfang, Haikou, Hon Dau, Zhapo
  int validate = 0;
  for (const TideGauge& g : f.gauges) {
    CHECK(g.constituents.size() == 50);
    validate += g.validate;
    if (g.id == "haikou") CHECK(g.validate);
  }
  CHECK(validate == 1);
}

TEST_CASE("bad gauge files name the file, the line and the problem", "[hydro]") {
  CHECK(gauge_error(kHead + gauge("")).empty());
  CHECK(gauge_error(kHead + gauge("    datum: {reference: LAT, msl_m: 2.5}\n")).empty());
  CHECK_THAT(gauge_error(kHead + gauge("    colour: red\n")), Catch::Contains("line 9") && Catch::Contains("colour"));
  CHECK_THAT(gauge_error(kHead + gauge("", "      K1: {amplitude: -0.1, phase: 336}\n")),
             Catch::Contains("line 10") && Catch::Contains("amplitude must be >= 0"));
  CHECK_THAT(gauge_error(kHead + gauge("", "      K1: {amplitude: .nan, phase: 336}\n")), Catch::Contains("finite"));
  CHECK_THAT(gauge_error(kHead + gauge("", "      K1: {amplitude: 0.5, phase: .inf}\n")), Catch::Contains("finite"));
  CHECK_THAT(gauge_error(kHead + gauge("", "      X9: {amplitude: 0.5, phase: 3}\n")),
             Catch::Contains("line 10") && Catch::Contains("unknown tidal constituent 'X9'"));
  CHECK_THAT(gauge_error(kHead + gauge("", "      K1: {amplitude: 0.5}\n")), Catch::Contains("phase"));
  CHECK_THAT(gauge_error(kHead + gauge("",
                                       "      K1: {amplitude: 0.5, phase: 1}\n      K1: {amplitude: 0.5, "
                                       "phase: 1}\n")),
             Catch::Contains("K1' is given twice"));
  CHECK_THAT(gauge_error(kHead + gauge("",
                                       "      MF: {amplitude: 0.5, phase: 1}\n      Mf: {amplitude: 0.5, "
                                       "phase: 1}\n")),
             Catch::Contains("given twice"));
  CHECK_THAT(gauge_error(kHead + gauge("") + gauge("")), Catch::Contains("line 11") && Catch::Contains("twice"));
  CHECK_THAT(gauge_error(kHead + "  - id: Bei Hai\n    name: x\n    lon: 1\n    lat: 1\n    use: fit\n"
                                 "    constituents: {K1: {amplitude: 1, phase: 1}}\n"),
             Catch::Contains("a-z, 0-9"));
  CHECK_THAT(gauge_error(kHead + "  - id: b\n    name: x\n    lat: 1\n    use: fit\n"
                                 "    constituents: {K1: {amplitude: 1, phase: 1}}\n"),
             Catch::Contains("lon"));
  CHECK_THAT(gauge_error(kHead + "  - id: b\n    name: x\n    lon: 1\n    lat: 95\n    use: fit\n"
                                 "    constituents: {K1: {amplitude: 1, phase: 1}}\n"),
             Catch::Contains("line 7") && Catch::Contains("lat must be"));
  CHECK_THAT(gauge_error(kHead + "  - id: b\n    name: x\n    lon: 1\n    lat: 5\n    use: calibrate\n"
                                 "    constituents: {K1: {amplitude: 1, phase: 1}}\n"),
             Catch::Contains("fit or validate"));
  CHECK_THAT(gauge_error("source: t\nphase_convention: local\ngauges:\n" + gauge("")),
             Catch::Contains("line 2") && Catch::Contains("phase_convention"));
  CHECK_THAT(gauge_error("source: t\nphase_convention: greenwich\ngauges: []\n"), Catch::Contains("empty"));
  CHECK_THAT(gauge_error("phase_convention: greenwich\ngauges:\n" + gauge("")), Catch::Contains("source"));
  CHECK_THAT(gauge_error(kHead + gauge("    datum: {msl: 2}\n")), Catch::Contains("msl"));
}

namespace {

// A 6 x 6 grid of squares (two triangles each) over 105.5-111 E, 17-23 N in the model
// projection, 50 m deep, the gulf's gauges inside it.
Mesh gulf_box() {
  Projection proj;
  double x0, y0, x1, y1;
  proj.forward(105.5, 17.0, x0, y0);
  proj.forward(111.0, 23.0, x1, y1);
  Mesh m;
  const int n = 6;
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) {
      m.x.push_back(x0 + (x1 - x0) * i / n);
      m.y.push_back(y0 + (y1 - y0) * j / n);
    }
  m.lon = m.x;
  m.lat = m.y;
  proj.inverse(m.lon, m.lat);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const int a = j * (n + 1) + i, b = a + 1, c = a + n + 1, d = c + 1;
      m.tri.insert(m.tri.end(), {a, b, d, a, d, c});
    }
  m.depth.assign(m.n_faces(), 50.0);
  build_edges(m);
  return m;
}

}  // namespace

TEST_CASE("the comparison returns the amplitude ratios and phase differences put into a model record", "[hydro]") {
  const Mesh mesh = gulf_box();
  const std::size_t nf = mesh.n_faces();
  const TideGaugeFile gauges = load_tide_gauges(kGauges);
  const std::string start = "2024-01-01 00:00:00";
  std::vector<double> t;
  for (double s = 0; s <= 32 * 86400.0 + 1; s += 1800) t.push_back(s);
  // The model tide of every cell: the Beihai constants of the analysed constituents
  // (the minor diurnals 2Q1 J1 OO1 M1 among them),
  // each scaled by ratio[c] and delayed by dphase[c]; P1 and K2 at their equilibrium
  // ratios to K1 and S2 with the same phase (what the analysis infers them with; IERS
  // Conventions 2010 tables 6.5a-b: P1 0.12203, K1 0.36878, K2 0.07996, S2 0.29400).
  const TideGauge& beihai = gauges.gauges[0];
  REQUIRE(beihai.id == "beihai");
  const std::map<std::string, std::pair<double, double>> change = {
      {"K1", {0.8, 12.0}}, {"O1", {0.9, -7.0}}, {"M2", {1.25, 30.0}}, {"S2", {0.7, -45.0}}, {"N2", {1.1, 5.0}},
      {"Q1", {1.0, 0.0}},  {"M4", {2.0, 90.0}}, {"MS4", {0.5, 0}},    {"MN4", {1.5, -120}}, {"2Q1", {1.3, 20}},
      {"J1", {0.6, -30}},  {"OO1", {2.0, 45}},  {"M1", {0.8, 10}}};
  std::map<std::string, HarmonicConstant> model;
  for (const HarmonicConstant& h : beihai.constituents)
    if (change.count(h.name))
      model[h.name] = {h.name, h.amplitude * change.at(h.name).first, h.phase + change.at(h.name).second};
  model["P1"] = {"P1", 0.12203 / 0.36878 * model["K1"].amplitude, model["K1"].phase};
  model["K2"] = {"K2", 0.07996 / 0.29400 * model["S2"].amplitude, model["S2"].phase};
  std::vector<HarmonicConstant> mc;
  for (const auto& kv : model) mc.push_back(kv.second);
  const std::vector<double> cell = TidePredictor(mc).series(start, t);
  std::vector<double> eta(t.size() * nf);
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t f = 0; f < nf; ++f) eta[i * nf + f] = 0.25 + cell[i];

  TideGaugeFile one = gauges;
  one.gauges.resize(1);
  const GaugeComparison c = compare_with_gauges(mesh, t, eta, start, one, GaugeComparisonOptions{});
  REQUIRE(c.gauges.size() == 1);
  CHECK(c.gauges[0].inside);
  CHECK(c.gauges[0].distance_km < 100);  // within the ~100 km cell
  CHECK(c.t.size() == 30 * 48 + 1);
  int seen = 0;
  for (const ConstituentRow& r : c.rows) {
    INFO(r.constituent);
    const HarmonicConstant* obs = nullptr;
    for (const HarmonicConstant& h : beihai.constituents)
      if (h.name == r.constituent) obs = &h;
    REQUIRE(obs);
    const double ratio = model.at(r.constituent).amplitude / obs->amplitude;
    const double dg = std::remainder(model.at(r.constituent).phase - obs->phase, 360.0);
    CHECK(r.amplitude_ratio == Approx(ratio).epsilon(1e-6));
    CHECK(r.phase_difference == Approx(dg).margin(1e-4));
    CHECK(r.phase_difference > -180);
    CHECK(r.phase_difference <= 180);
    const double ve =
        std::abs(std::polar(model.at(r.constituent).amplitude, model.at(r.constituent).phase * kPi / 180) -
                 std::polar(obs->amplitude, obs->phase * kPi / 180));
    CHECK(r.vector_error == Approx(ve).margin(1e-6));
    CHECK((r.resolution == "resolved") == !(r.constituent == "P1" || r.constituent == "K2"));
    ++seen;
  }
  CHECK(seen == 15);  // 30 days separate the minor diurnals too
}

TEST_CASE("the comparison RMS error is that of a known difference, with a dry cell and a far gauge", "[hydro]") {
  Mesh mesh = gulf_box();
  const std::size_t nf = mesh.n_faces();
  const TideGaugeFile gauges = load_tide_gauges(kGauges);
  const std::string start = "2024-07-01 00:00:00";
  std::vector<double> t;
  for (double s = 0; s <= 20 * 86400.0 + 1; s += 3600) t.push_back(s);
  // Every cell: the full predicted tide of Beihai plus an S1-like 0.1 m sine (24 h period,
  // a whole number of periods in the 18 analysed days): RMS error 0.1/sqrt(2).
  TideGaugeFile one = gauges;
  one.gauges.resize(1);
  const std::vector<double> p = TidePredictor(one.gauges[0].constituents).series(start, t);
  std::vector<double> eta(t.size() * nf);
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t f = 0; f < nf; ++f) eta[i * nf + f] = 1.0 + p[i] + 0.1 * std::sin(2 * kPi * t[i] / 86400.0);
  // The cell holding the gauge goes dry once: the nearest wet cell is used instead.
  const GaugeComparison c0 = compare_with_gauges(mesh, t, eta, start, one, GaugeComparisonOptions{});
  REQUIRE(c0.gauges[0].inside);
  const long holder = c0.gauges[0].face;
  eta[(t.size() - 1) * nf + static_cast<std::size_t>(holder)] = -mesh.depth[static_cast<std::size_t>(holder)];
  const GaugeComparison c = compare_with_gauges(mesh, t, eta, start, one, GaugeComparisonOptions{});
  CHECK(c.gauges[0].face != holder);
  CHECK_FALSE(c.gauges[0].inside);
  CHECK(c.gauges[0].rms_error == Approx(0.1 / std::sqrt(2.0)).epsilon(0.01));
  CHECK(c.gauges[0].observed_rms > 0.5);
  CHECK(c.gauges[0].unpredicted.size() == 4);

  // A gauge 200 km off the mesh is an input error naming the gauge file and the gauge's line.
  TideGaugeFile far = one;
  far.gauges[0].lon = 113.0;
  far.gauges[0].line = 42;
  try {
    compare_with_gauges(mesh, t, eta, start, far, GaugeComparisonOptions{});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == kGauges);
    CHECK(e.where() == "line 42");
    CHECK_THAT(e.problem(), Catch::Contains("outside the model mesh"));
  }
}

TEST_CASE("beibu run --save-hydro files are read by the comparison and the maps", "[hydro]") {
  // The scenario runner's format (StoredFlowWriter): time, volume, edge_flux, source_flow,
  // eta; no u, v. A 16-day K1 + M2 record at Beihai's observed constants.
  const Mesh mesh = gulf_box();
  const std::size_t nf = mesh.n_faces();
  const auto dir = std::filesystem::temp_directory_path() / ("beibu_gauges_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "hydro.nc").string();
  TideGaugeFile one = load_tide_gauges(kGauges);
  one.gauges.resize(1);
  std::vector<HarmonicConstant> km;
  for (const HarmonicConstant& h : one.gauges[0].constituents)
    if (h.name == "K1" || h.name == "M2") km.push_back(h);
  const TidePredictor pred(km);
  {
    StoredFlowWriter w(path, mesh, "seconds since 2024-03-01T00:00:00Z");
    for (double t = 0; t <= 16 * 86400.0 + 1; t += 3600) {
      const double e = pred.at(days_since_j2000("2024-03-01 00:00:00", "") + t / 86400.0);
      w.append(t, std::vector<double>(nf, 1.0), std::vector<double>(mesh.n_edges(), 0.0), std::vector<double>(nf, 0.0),
               std::vector<double>(nf, e));
    }
    w.close();
  }
  GaugeComparisonOptions opt;
  opt.constituents = {"K1", "M2"};
  const GaugeComparison c = compare_with_gauges(path, one, opt);
  REQUIRE(c.rows.size() == 2);
  for (const ConstituentRow& r : c.rows) {
    CHECK(r.amplitude_ratio == Approx(1).epsilon(1e-6));
    CHECK(r.phase_difference == Approx(0).margin(1e-4));
  }
  write_gauge_comparison(c, dir.string());
  CHECK(std::filesystem::exists(dir / "gauge_comparison.csv"));
  CHECK(std::filesystem::exists(dir / "gauge_summary.csv"));
  CHECK(std::filesystem::exists(dir / "gauge_series.nc"));
  TidalMapOptions mo;
  mo.constituents = {"K1", "M2"};
  const TidalMapSummary s = write_tidal_maps(path, dir.string(), mo);
  CHECK(s.records == 14 * 24 + 1);
  NcFile nc = NcFile::open((dir / "tides.nc").string());
  CHECK(nc.get_double("K1_amplitude")[0] == Approx(km[0].name == "K1" ? km[0].amplitude : km[1].amplitude));
  CHECK_FALSE(nc.has_var("K1_major"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a record too short to separate K1 from O1 says so and still gives the time-domain error", "[hydro]") {
  // Half a day after the spin-up (a short beibu run): K1 is analysed but not O1, and the
  // RMS error against the predicted tide is that of the known difference, a 0.2 m offset
  // removed by the means and a 0.05 m semidiurnal-free 6-hour sine (two whole periods).
  const Mesh mesh = gulf_box();
  const std::size_t nf = mesh.n_faces();
  TideGaugeFile one = load_tide_gauges(kGauges);
  one.gauges.resize(1);
  const std::string start = "2024-07-01 00:00:00";
  std::vector<double> t;
  for (double s = 86400.0; s <= 1.5 * 86400.0 + 1; s += 600) t.push_back(s);
  const std::vector<double> p = TidePredictor(one.gauges[0].constituents).series(start, t);
  std::vector<double> eta(t.size() * nf);
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t f = 0; f < nf; ++f)
      eta[i * nf + f] = 0.2 + p[i] + 0.05 * std::sin(2 * kPi * (t[i] - t[0]) / 21600.0);
  GaugeComparisonOptions opt;
  opt.skip_days = 0;
  const GaugeComparison c = compare_with_gauges(mesh, t, eta, start, one, opt);
  CHECK(std::count(c.fitted.begin(), c.fitted.end(), "K1") == 1);
  CHECK(std::count(c.fitted.begin(), c.fitted.end(), "O1") == 0);
  CHECK_FALSE(separates_diurnal(c));
  REQUIRE(c.gauges.size() == 1);
  // The sine over two whole periods sampled at both ends: its RMS is 0.05/sqrt(2) to a
  // fraction of a percent (the mean of the predicted tide is removed from both).
  CHECK(c.gauges[0].rms_error == Approx(0.05 / std::sqrt(2.0)).epsilon(0.02));
  CHECK(std::isfinite(c.gauges[0].observed_rms));
  CHECK_THAT(format_gauge_comparison(c), Catch::Contains("K1 and O1 need a record of 13.7 days"));
  CHECK(diurnal_record_days() == Approx(13.66).margin(0.01));
}
