// GIS layers through GDAL: CRS taken from the file (GeoTIFF, NetCDF, GeoPackage,
// GeoJSON, Shapefile), a shapefile without CRS refused, multi-band rasters named.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "ingest/projection.hpp"
#include "ingest/raster.hpp"
#include "ingest/raster_bands.hpp"
#include "ingest/vector_layer.hpp"
#include "test_util.hpp"

using namespace beibu;
using beibu::test::scratch_file;

namespace {

// Points in a vector file of the given driver; `epsg` 0 = no CRS.
std::string write_points(const std::string& name, const char* driver, int epsg) {
  GDALAllRegister();
  const std::string path = scratch_file(name);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
  REQUIRE(drv);
  GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  REQUIRE(ds);
  OGRSpatialReference srs;
  if (epsg) {
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRLayer* layer = ds->CreateLayer("pts", epsg ? &srs : nullptr, wkbPoint, nullptr);
  REQUIRE(layer);
  OGRFieldDefn id("id", OFTString);
  layer->CreateField(&id);
  OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
  f->SetField("id", "P1");
  OGRPoint p(epsg == 32649 ? 240992.6 : 108.5, epsg == 32649 ? 2379557.5 : 21.5);
  f->SetGeometry(&p);
  REQUIRE(layer->CreateFeature(f) == OGRERR_NONE);
  OGRFeature::DestroyFeature(f);
  GDALClose(ds);
  return path;
}

std::string write_geotiff(const std::string& name, int bands) {
  GDALAllRegister();
  const std::string path = scratch_file(name);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDataset* ds = drv->Create(path.c_str(), 4, 4, bands, GDT_Float32, nullptr);
  REQUIRE(ds);
  double gt[6] = {107.0, 0.5, 0, 22.0, 0, -0.5};  // 107..109E, 20..22N
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  ds->SetSpatialRef(&srs);
  for (int b = 1; b <= bands; ++b) {
    std::vector<float> v(16);
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 4; ++i) v[static_cast<std::size_t>(j * 4 + i)] = static_cast<float>(-10.0 * b - i - j);
    REQUIRE(ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, 4, 4, v.data(), 4, 4, GDT_Float32, 0, 0) == CE_None);
  }
  GDALClose(ds);
  return path;
}

}  // namespace

TEST_CASE("a shapefile without CRS is refused", "[gis][errors]") {
  const std::string shp = write_points("nocrs.shp", "ESRI Shapefile", 0);
  REQUIRE_FALSE(std::filesystem::exists(scratch_file("nocrs.prj")));
  const Projection proj;
  CHECK_THROWS_WITH(read_vector(shp, proj),
                    Catch::Contains("nocrs.shp") && Catch::Contains("no coordinate reference system"));
}

TEST_CASE("vector CRS is taken from the file: shapefile in UTM 49N, GeoPackage and GeoJSON in WGS84", "[gis]") {
  const Projection proj;
  const VectorData utm = read_vector(write_points("utm.shp", "ESRI Shapefile", 32649), proj);
  REQUIRE(utm.points.size() == 1);
  // 240992.6 E, 2379557.5 N in UTM 49N is 108.5E, 21.5N (gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32649).
  CHECK(utm.points[0].lon == Approx(108.5).margin(1e-6));
  CHECK(utm.points[0].lat == Approx(21.5).margin(1e-6));
  const VectorData gpkg = read_vector(write_points("pts.gpkg", "GPKG", 4326), proj);
  REQUIRE(gpkg.points.size() == 1);
  CHECK(gpkg.points[0].lon == Approx(108.5));
  CHECK(gpkg.points[0].props.at("id") == "P1");
  double x, y;
  proj.forward(108.5, 21.5, x, y);
  CHECK(gpkg.points[0].x == Approx(x).margin(1e-3));
  const VectorData gj = read_vector(write_points("pts.geojson", "GeoJSON", 4326), proj);
  CHECK(gj.points.at(0).lat == Approx(21.5));
}

TEST_CASE("GeoTIFF and NetCDF rasters with their CRS; multi-band is named", "[gis]") {
  const Projection proj;
  const std::string one = write_geotiff("one.tif", 1);
  CHECK(raster_band_count(one) == 1);
  CHECK_NOTHROW(require_single_band(one));
  const Raster r = Raster::read(one);
  double x, y;
  proj.forward(107.25, 21.75, x, y);  // centre of the first cell
  CHECK(r.sample(x, y) == Approx(-10.0).margin(1e-3));

  const std::string three = write_geotiff("three.tif", 3);
  CHECK(raster_band_count(three) == 3);
  CHECK_THROWS_WITH(require_single_band(three), Catch::Contains("three.tif") && Catch::Contains("has 3 bands"));
  CHECK_THROWS_AS(raster_band_count(scratch_file("missing.tif")), InputError);

  // The default case's bathymetry (CF NetCDF): ocean depths are negative in the gulf.
  const std::string bathy = std::string(BEIBU_DATA_DIR) + "/beibu/bathymetry.nc";
  const Raster b = Raster::read(bathy);
  proj.forward(108.0, 20.0, x, y);
  CHECK(b.sample(x, y) < 0.0);
}
