#include "scenarios/products/run_products.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/numbers.hpp"
#include "ingest/point_field.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/mesh.hpp"
#include "scenarios/products/gis_export.hpp"
#include "scenarios/products/map_render.hpp"
#include "solver/transport/transport_config.hpp"

namespace beibu {

namespace {

std::string tonnes(double g) {
  std::ostringstream os;
  os.precision(5);
  os << g / 1e6;
  return os.str();
}

ClassRaster class_raster(const Assessment& a, const Standard& standard) {
  ClassRaster c;
  c.name = "class";
  for (int k : a.face_class) c.face_codes.push_back(class_code(k));
  const int n = static_cast<int>(standard.classes.size());
  for (int code : std::vector<int>{kClassNotAssessed}) {
    c.names.push_back(standard.code_name(code));
    c.colours.push_back(class_colour(-1, n));
  }
  for (int code : standard.codes()) {
    c.names.push_back(standard.code_name(code));
    c.colours.push_back(class_colour(code - 1, n));
  }
  return c;
}

GisLayer zone_layer(const Scenario& s, const Assessment& a, const Standard& standard) {
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
               {"target_class", static_cast<long>(class_code(z.info.target_class))},
               {"target_class_name", standard.code_name(class_code(z.info.target_class))},
               {"class_mean", static_cast<long>(class_code(z.class_mean))},
               {"class_mean_name", standard.code_name(class_code(z.class_mean))},
               {"class_p90", static_cast<long>(class_code(z.class_p90))},
               {"class_p90_name", standard.code_name(class_code(z.class_p90))},
               {"pass_mean", static_cast<long>(z.pass_mean)},
               {"pass_p90", static_cast<long>(z.pass_p90)},
               {"exceed_hours", z.exceed_hours},
               {"worst_parameter", z.worst_parameter}};
    for (const auto& [p, st] : z.stats) f.attrs[p + "_mean"] = st.mean;
    zl.features.push_back(f);
  }
  return zl;
}

GisLayer station_layer(const Assessment& a, const Standard& standard) {
  GisLayer sl{"stations", false, {}};
  for (const auto& st : a.stations) {
    GisFeature f;
    f.rings = {{{st.info.lon, st.info.lat}}};
    f.attrs = {{"id", st.info.id},
               {"name", st.info.name},
               {"name_zh", st.info.name_zh},
               {"class", static_cast<long>(class_code(st.overall))},
               {"class_name", standard.code_name(class_code(st.overall))},
               {"target_class", static_cast<long>(class_code(st.info.target_class))},
               {"target_class_name", standard.code_name(class_code(st.info.target_class))},
               {"worst_parameter", st.worst_parameter}};
    for (const auto& [p, v] : st.mean) f.attrs[p + "_mean"] = v;
    sl.features.push_back(f);
  }
  return sl;
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// "DIN initial" / "DIN 初始值": the constituent and which of its fields.
std::string field_label(const std::string& name, const char* which, const std::string& lang) {
  return name + (lang == "zh" ? "" : " ") + tr(which, lang);
}

}  // namespace

std::vector<std::string> ocean_data_notes(const Scenario& s, const std::string& lang) {
  std::vector<std::string> notes;
  const WaterTemperature& w = s.water_temperature;
  if (w.field.given())
    notes.push_back(tr("note_temperature_field", lang,
                       {source_variable(w.field, {Field::sea_surface_temperature, Field::sea_water_temperature}),
                        file_name(w.field.file)}));
  else
    notes.push_back(tr("note_temperature_constant", lang, {number_text(w.constant_c)}));
  if (!s.transport) return notes;
  const TransportConfig tc = parse_transport_config(*s.transport);
  std::string constants;
  auto field_note = [&](const ConstituentSpec& c, const FieldSource& f, const char* which) {
    notes.push_back(
        tr("note_field", lang,
           {field_label(c.name, which, lang), source_variable(f, {Field::sea_water_salinity}), file_name(f.file)}));
  };
  for (const auto& c : tc.constituents) {
    if (c.initial_field.given()) field_note(c, c.initial_field, "note_field.initial");
    if (c.boundary_field.given())
      field_note(c, c.boundary_field, "note_field.boundary");
    else
      constants += (constants.empty() ? "" : ", ") + c.name + " " + number_text(c.boundary_default) + " " + c.units;
  }
  if (!constants.empty()) notes.push_back(tr("note_boundary_constants", lang, {constants}));
  return notes;
}

Table budget_table(const MassBudget& budget, const std::string& lang) {
  Table t;
  for (const char* k : {"col.component", "col.initial_t", "col.sources_in_t", "col.boundary_in_t", "col.boundary_out_t",
                        "col.decay_settling_t", "col.final_t", "col.relative_residual"})
    t.header.push_back(tr(k, lang));
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

std::vector<std::string> run_notes(const Scenario& s, const Mesh& mesh, const std::string& lang,
                                   const std::vector<std::string>& extra) {
  std::vector<std::string> notes;
  for (const char* k : {"note_loads", "note_bathymetry", "note_statistics"}) notes.push_back(tr(k, lang));
  double area = 0;
  for (std::size_t f = 0; f < mesh.n_faces(); ++f)
    if (!mesh.assessed(f)) area += mesh.face_area(f);
  if (area > 0) {
    std::string names;
    for (const auto& n : mesh.not_assessed_names) names += (names.empty() ? "" : ", ") + n;
    notes.push_back(tr("note_not_assessed", lang, {std::to_string(std::lround(area / 1e6)), names}));
  }
  for (auto& n : ocean_data_notes(s, lang)) notes.push_back(std::move(n));
  notes.insert(notes.end(), extra.begin(), extra.end());
  return notes;
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
  r.budget = budget_table(*in.budget, in.lang);
  r.sections = in.sections;
  r.notes = run_notes(s, *in.mesh, in.lang, in.notes);
  r.zones_file = s.zones_file;
  r.stations_file = dir + "/stations.nc";
  write_report(dir + "/report", r);

  const RasterGrid grid = grid_covering(*in.mesh, "EPSG:4326", 0.01);
  std::vector<RasterBand> bands;
  for (const auto& p : a.parameters) bands.push_back({p + "_mean", "mg/L", a.mean.at(p)});
  write_geotiff(dir + "/seasonal_mean.tif", *in.mesh, bands, grid);
  write_class_geotiff(dir + "/seasonal_class.tif", *in.mesh, class_raster(a, standard), grid);
  write_geopackage(dir + "/compliance.gpkg", {zone_layer(s, a, standard), station_layer(a, standard)});
}

}  // namespace beibu
