#include "scenarios/products/run_products.hpp"

#include <cmath>
#include <sstream>

#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/mesh.hpp"
#include "scenarios/products/gis_export.hpp"

namespace beibu {

namespace {

std::string tonnes(double g) {
  std::ostringstream os;
  os.precision(5);
  os << g / 1e6;
  return os.str();
}

GisLayer zone_layer(const Scenario& s, const Assessment& a) {
  GisLayer zl{"zones", true, {}};
  if (s.zones_file.empty()) return zl;
  Projection proj;
  const VectorData zv = read_vector(s.zones_file, proj);
  for (const auto& z : a.zones) {
    // One feature per zone: every polygon with its id is a part of it.
    GisFeature f;
    for (const auto& poly : zv.polygons) {
      if (!poly.props.count("id") || poly.props.at("id") != z.info.id) continue;
      f.parts.push_back(f.rings.size());
      for (const auto& ring : poly.rings) {
        std::vector<std::pair<double, double>> rr;
        for (std::size_t i = 0; i < ring.x.size(); ++i) {
          double lon, lat;
          proj.inverse(ring.x[i], ring.y[i], lon, lat);
          rr.emplace_back(lon, lat);
        }
        f.rings.push_back(rr);
      }
    }
    if (f.rings.empty()) continue;
    f.attrs = {{"id", z.info.id},
               {"name", z.info.name},
               {"name_zh", z.info.name_zh},
               {"target_class", static_cast<long>(z.info.target_class + 1)},
               {"class_mean", static_cast<long>(z.class_mean + 1)},
               {"class_p90", static_cast<long>(z.class_p90 + 1)},
               {"pass_mean", static_cast<long>(z.pass_mean)},
               {"pass_p90", static_cast<long>(z.pass_p90)},
               {"exceed_hours", z.exceed_hours},
               {"worst_parameter", z.worst_parameter}};
    for (const auto& [p, st] : z.stats) f.attrs[p + "_mean"] = st.mean;
    zl.features.push_back(f);
  }
  return zl;
}

GisLayer station_layer(const Assessment& a) {
  GisLayer sl{"stations", false, {}};
  for (const auto& st : a.stations) {
    GisFeature f;
    f.rings = {{{st.info.lon, st.info.lat}}};
    f.attrs = {{"id", st.info.id},
               {"name", st.info.name},
               {"name_zh", st.info.name_zh},
               {"class", static_cast<long>(st.overall + 1)},
               {"target_class", static_cast<long>(st.info.target_class + 1)},
               {"worst_parameter", st.worst_parameter}};
    for (const auto& [p, v] : st.mean) f.attrs[p + "_mean"] = v;
    sl.features.push_back(f);
  }
  return sl;
}

}  // namespace

Table budget_table(const MassBudget& budget) {
  Table t;
  t.header = {"component",        "initial (t)",        "sources in (t)", "boundary in (t)",
              "boundary out (t)", "decay+settling (t)", "final (t)",      "relative residual"};
  for (const auto& c : budget.components) {
    double src = 0, bin = 0, bout = 0;
    for (double v : c.source_in) src += v;
    for (double v : c.boundary_in) bin += v;
    for (double v : c.boundary_out) bout += v;
    std::ostringstream r;
    r.precision(3);
    r << c.relative_residual();
    t.rows.push_back({c.name, tonnes(c.initial), tonnes(src), tonnes(bin), tonnes(bout), tonnes(c.decay + c.settling),
                      tonnes(c.final), r.str()});
  }
  return t;
}

void write_run_products(const std::string& dir, const RunProductsInput& in) {
  const Scenario& s = *in.scenario;
  const Assessment& a = *in.assessment;
  const Standard& standard = *in.standard;
  ReportInput r;
  r.scenario = s.name;
  r.title = localized(s.title, s.title_zh, in.lang);
  r.period = in.period;
  r.lang = in.lang;
  r.mesh = in.mesh;
  r.assessment = &a;
  r.standard = &standard;
  r.budget = budget_table(*in.budget);
  r.sections = in.sections;
  r.notes = {"Loads are illustrative estimates (see docs/scenarios.md); replace them with the agencies' inventories.",
             "Bathymetry is ETOPO5 (5 arc-minutes) with a coastal taper, scaled and given minimum depths in the "
             "bays by the mesh configuration to reproduce the observed tide; nearshore depths are uncertain.",
             "Statistics are taken inside the run from the state at every coupling interval (linear in time "
             "between them) over the assessment period after the spin-up: a cell's class is that of its period "
             "mean; a zone's 90 % value is over its cells and time; exceedance hours are the time its mean is worse "
             "than its target class."};
  r.notes.insert(r.notes.end(), in.notes.begin(), in.notes.end());
  write_report(dir + "/report", r);

  std::vector<RasterBand> bands;
  for (const auto& p : a.parameters) bands.push_back({p + "_mean", "mg/L", a.mean.at(p), {}});
  std::vector<double> cls(a.face_class.begin(), a.face_class.end());
  for (double& c : cls)
    if (c < 0) c = NAN;
  std::vector<std::string> cats;
  for (int k = 0; k <= static_cast<int>(standard.classes.size()); ++k) cats.push_back(standard.class_name(k));
  bands.push_back({"class", "", cls, cats});
  write_geotiff(dir + "/seasonal_mean.tif", *in.mesh, bands, grid_covering(*in.mesh, "EPSG:4326", 0.01));
  write_geopackage(dir + "/compliance.gpkg", {zone_layer(s, a), station_layer(a)});
}

}  // namespace beibu
