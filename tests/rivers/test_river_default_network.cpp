// The default Beibu Gulf river network (data/beibu/river_network.yaml): it
// loads against rivers.geojson and jurisdictions.geojson, finds the expected
// border sections, and a wet-season run closes every river's budget.
#include <catch2/catch.hpp>
#include <cmath>

#include "ingest/projection.hpp"
#include "solver/rivers/river_model.hpp"

using namespace beibu::rivers;

namespace {
const std::string kNetwork = std::string(BEIBU_DATA_DIR) + "/beibu/river_network.yaml";
const RiverNetwork& default_network() {
  static const RiverNetwork n = load_river_network(kNetwork);
  return n;
}
}  // namespace

TEST_CASE("default network: every named river reaches its mouth in rivers.geojson", "[rivers][verification]") {
  const auto& n = default_network();
  for (const char* id : {"red_river", "nanliu", "qin", "maoling", "fangcheng", "beilun", "jiuzhou", "changhua"})
    CHECK(n.mouth_index(id) >= 0);
  CHECK(n.mouths.size() == 8);
  for (size_t r = 0; r < n.spec.reaches.size(); ++r) {
    WARN(n.spec.reaches[r].id << ": " << n.reach_length[r] / 1000 << " km, " << n.reach_count[r] << " segments");
    CHECK(n.reach_length[r] > 10e3);
    CHECK(n.reach_length[r] < 250e3);
  }
}

TEST_CASE("default network: border sections Jiuzhou GX->GD and the shared Beilun", "[rivers][verification]") {
  const auto& n = default_network();
  bool jiuzhou = false, beilun = false;
  const beibu::Projection proj;
  for (const auto& s : n.sections) {
    double lon, lat;
    proj.inverse(s.x, s.y, lon, lat);
    WARN("section " << s.id << " (" << s.river << "): " << s.upstream_jurisdiction << " -> "
                    << s.downstream_jurisdiction << (s.border ? " [border]" : "") << " at " << lon << " E, " << lat
                    << " N");
    if (s.border && s.river == "jiuzhou" && s.upstream_jurisdiction == "CN.GX" && s.downstream_jurisdiction == "CN.GD")
      jiuzhou = true;
    if (s.river == "beilun" && s.upstream_jurisdiction == "CN.GX|VN") beilun = true;
    // Rivers wholly inside one jurisdiction have no border section.
    if (s.border) CHECK(s.river != "changhua");
  }
  CHECK(jiuzhou);
  CHECK(beilun);
}

TEST_CASE("default network: wet-season run closes each river's budget", "[rivers][verification]") {
  RiverModel m(default_network());
  const double july = 1593561600.0;  // 2020-07-01T00:00Z, wet season on every river
  const double spun = m.spin_up(july);
  WARN("spin-up " << spun / 86400 << " days (three longest travel times)");
  const int hours = 24 * 5;
  for (int k = 0; k < hours; ++k) m.advance(july + k * 3600.0, 3600.0);
  WARN(m.report());
  for (const auto& b : m.budgets())
    for (size_t c = 0; c < m.constituents().size(); ++c) {
      INFO(b.river << " " << m.constituents()[c].name);
      CHECK(b.relative_residual(c) < 1e-12);
      CHECK(b.outflow[c] > 0);
      // After the spin-up the river is near steady: storage changes by < 1 % over the five days.
      CHECK(std::abs(b.final_mass[c] - b.initial[c]) < 0.01 * b.initial[c]);
    }
  // Steady wet-season flow: the Red River delivers its wet-season discharge (5700 m3/s) to the sea.
  CHECK(m.mouth_outflow("red_river").discharge_m3s() == Approx(5700).epsilon(0.01));
  CHECK(m.mouth_outflow("qin").discharge_m3s() > 100.0);
  // Dissolved oxygen stays between 0 and saturation everywhere.
  for (size_t i = 0; i < m.network().segments(); ++i) {
    CHECK(m.dissolved_oxygen(i) > 0);
    CHECK(m.dissolved_oxygen(i) < 8.0);  // saturation at 28 C is 7.8 mg/L
  }                                      // 100.5 at the station plus city outfalls
}

TEST_CASE("default network: dry season keeps oxygen positive and budgets closed", "[rivers][verification]") {
  RiverModel m(default_network());
  const double january = 1578441600.0;  // 2020-01-08T00:00Z, dry season on every river
  m.spin_up(january);
  for (int k = 0; k < 24 * 5; ++k) m.advance(january + k * 3600.0, 3600.0);
  WARN(m.report());
  for (const auto& b : m.budgets())
    for (size_t c = 0; c < m.constituents().size(); ++c) CHECK(b.relative_residual(c) < 1e-12);
  CHECK(m.mouth_outflow("red_river").discharge_m3s() == Approx(1900).epsilon(0.01));
  for (size_t i = 0; i < m.network().segments(); ++i) CHECK(m.dissolved_oxygen(i) > 0);
}
