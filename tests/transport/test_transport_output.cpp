// Map files (UGRID/CF) and station time series (CF DSG) written by a short run.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/ugrid_io.hpp"
#include "solver/transport/map_output.hpp"
#include "solver/transport/providers/analytic_flow.hpp"
#include "transport_cases.hpp"

using namespace beibu;
using namespace beibu::test;

namespace {
// The EPSG code GDAL's netCDF driver reports for a variable ("" if none).
std::string gdal_epsg(const std::string& path, const std::string& var) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(("NETCDF:\"" + path + "\":" + var).c_str(), GA_ReadOnly));
  CPLPopErrorHandler();
  std::string code;
  if (ds && ds->GetSpatialRef() && ds->GetSpatialRef()->GetAuthorityCode(nullptr))
    code = ds->GetSpatialRef()->GetAuthorityCode(nullptr);
  if (ds) GDALClose(ds);
  return code;
}
}  // namespace

TEST_CASE("Map and station outputs are self-describing CF/UGRID files", "[transport]") {
  const Mesh g = square_mesh(10000, 12, 0.2, true);
  const LocalMesh lm = distribute_mesh(g, PETSC_COMM_SELF);
  const auto cfg = parse_transport_config(Config::load_string(R"(
constituents:
  - {name: salinity, conservative: true, initial: 30, boundary_default: 34}
  - {name: DIN, initial: 0.1, decay_k20: 0.1, tags: [GX]}
water_age: {name: age}
)",
                                                              "out.yaml"));
  TransportModel model(g, lm, cfg);
  auto flow = make_uniform_flow(lm, 0.3, 0.1);
  FlowState fs;
  flow->advance(0, 600, fs);
  model.initialise(0, fs.volume0);
  const std::string dir = "/tmp/beibu_transport_output_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string units = "seconds since 2024-06-01 00:00:00";
  MapWriter map(dir + "/map.nc", g, model, units);
  auto station = [](const char* id, double lon, double lat) {
    Station s;
    s.id = id;
    s.lon = lon;
    s.lat = lat;
    return s;
  };
  const std::vector<Station> st = {station("S1", 108.0 + 5000 / 1.05e5, 20.0 + 5000 / 1.11e5),
                                   station("S2", 108.0 + 1000 / 1.05e5, 20.0 + 9000 / 1.11e5)};
  StationWriter stations(dir + "/stations.nc", g, model, st, units, "stations.csv");
  map.write(model);
  stations.sample(model);
  for (int i = 0; i < 4; ++i) {
    model.advance(fs);
    map.write(model);
    stations.sample(model);
    flow->advance(model.time(), 600, fs);
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/map.nc"));  // not before it is complete
  map.close();
  stations.close();

  const NcFile nc = NcFile::open(dir + "/map.nc");
  CHECK(nc.att_text("", "Conventions") == "CF-1.8 UGRID-1.0");
  CHECK(nc.dim_len("time") == 5);
  CHECK(nc.att_text("time", "units") == units);
  // Salinity is practical salinity: CF units "1" (UDUNITS reads 34 as 34, not 0.034 g/L).
  CHECK(nc.att_text("salinity", "standard_name") == "sea_water_practical_salinity");
  CHECK(nc.att_text("salinity", "units") == "1");
  CHECK(nc.att_text("salinity", "mesh") == "mesh");
  CHECK(nc.att_text("salinity", "location") == "face");
  CHECK(nc.att_text("salinity", "grid_mapping") == "crs");
  CHECK(nc.att_text("DIN_from_GX", "units") == "g m-3");
  CHECK(nc.has_var("age"));
  const auto sal = nc.get_double("salinity");
  const auto conc = model.concentration();
  for (std::size_t f = 0; f < g.n_faces(); ++f) CHECK(sal[4 * g.n_faces() + f] == conc[f * model.ncomp() + 0]);
  const auto age = nc.get_double("age");
  CHECK(age[4 * g.n_faces() + 70] > 0);
  // Mean age = alpha / C in days where at least 0.1 % of the water came in through
  // sources or boundaries; the fill value where less did (the ratio is noise there).
  int kt = -1, ka = -1;
  for (int k = 0; k < model.ncomp(); ++k) {
    if (model.components()[k].kind == ComponentInfo::kAgeTracer) kt = k;
    if (model.components()[k].kind == ComponentInfo::kAgeConcentration) ka = k;
  }
  REQUIRE(kt >= 0);
  REQUIRE(ka >= 0);
  int shown = 0, hidden = 0;
  for (std::size_t f = 0; f < g.n_faces(); ++f) {
    const double c = conc[f * model.ncomp() + kt], a = age[4 * g.n_faces() + f];
    if (c > 1e-3) {
      CHECK(a == Approx(conc[f * model.ncomp() + ka] / c / 86400.0).epsilon(1e-12));
      ++shown;
    } else {
      CHECK(a > 9e36);
      ++hidden;
    }
  }
  CHECK(shown > 0);
  CHECK(hidden > 0);
  const Mesh back = read_ugrid(dir + "/map.nc");  // the mesh travels with the data
  CHECK(back.n_faces() == g.n_faces());

  // Every lon/lat variable names the geographic grid mapping; GDAL reads EPSG:4326.
  CHECK(nc.att_text("crs", "grid_mapping_name") == "latitude_longitude");
  CHECK(nc.att_text("crs_model", "grid_mapping_name") == "transverse_mercator");
  CHECK(nc.att_text("mesh_face_x", "grid_mapping") == "crs_model");
  CHECK(nc.att_text("depth", "grid_mapping") == "crs");
  // QGIS's mesh reader (MDAL) takes the mapping of the node longitudes and its EPSG_code.
  CHECK(nc.att_text("mesh_node_lon", "grid_mapping") == "crs");
  CHECK(nc.att_text("crs", "EPSG_code") == "EPSG:4326");
  CHECK(gdal_epsg(dir + "/map.nc", "salinity") == "4326");
  CHECK(gdal_epsg(dir + "/map.nc", "age") == "4326");
  CHECK(gdal_epsg(dir + "/stations.nc", "DIN") == "4326");

  const NcFile ts = NcFile::open(dir + "/stations.nc");
  CHECK(ts.att_text("salinity", "units") == "1");
  CHECK(ts.att_text("salinity", "grid_mapping") == "crs");
  CHECK(ts.att_text("", "featureType") == "timeSeries");
  CHECK(ts.att_text("station_name", "cf_role") == "timeseries_id");
  CHECK(ts.dim_len("station") == 2);
  const auto s_sal = ts.get_double("salinity");
  const long f1 = stations.station_face(0);
  CHECK(s_sal[4] == conc[static_cast<std::size_t>(f1) * model.ncomp()]);
  CHECK_THROWS_AS(StationWriter(dir + "/x.nc", g, model, {station("far", 120.0, 30.0)}, units, "stations.csv"),
                  InputError);
}
