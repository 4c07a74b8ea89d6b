// GIS exports: rasterised face values land in the right pixels with the CRS
// set; GeoPackage layers read back with their attributes.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "mesh/attributes.hpp"
#include "mesh/synthetic.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/gis_export.hpp"

using namespace beibu;

namespace {
Mesh square_mesh() {
  RectangleSpec s;
  s.x0 = -5000;
  s.y0 = -5000;
  s.lx = 10000;
  s.ly = 10000;
  s.nx = 10;
  s.ny = 10;
  Mesh m = rectangle_mesh(s);
  compute_lonlat(m, Projection());
  return m;
}
std::string tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("beibu_gis_" + std::to_string(::getpid()) + name)).string();
}
}  // namespace

TEST_CASE("Rasterising faces: west half 1, east half 2, outside NaN", "[gis]") {
  const Mesh m = square_mesh();
  std::vector<double> v(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double cx, cy;
    m.face_centroid(f, cx, cy);
    v[f] = cx < 0 ? 1.0 : 2.0;
  }
  RasterGrid g;
  g.crs = "model";
  g.x0 = -6000;
  g.x1 = 6000;
  g.y0 = -6000;
  g.y1 = 6000;
  g.resolution = 250;
  int nx, ny;
  const auto r = rasterise_faces(m, v, g, nx, ny);
  REQUIRE(nx == 48);
  REQUIRE(ny == 48);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double px = g.x0 + (i + 0.5) * g.resolution, py = g.y1 - (j + 0.5) * g.resolution;
      const double val = r[static_cast<std::size_t>(j) * nx + i];
      if (std::fabs(px) > 5000 || std::fabs(py) > 5000)
        CHECK(std::isnan(val));
      else
        CHECK(val == (px < 0 ? 1.0 : 2.0));
    }
}

TEST_CASE("GeoTIFF carries the CRS, band names and values; GDAL reads it", "[gis]") {
  const Mesh m = square_mesh();
  std::vector<double> v(m.n_faces(), 0.25);
  const RasterGrid g = grid_covering(m, "EPSG:4326", 0.005);
  const std::string path = tmp(".tif");
  write_geotiff(path, m, {{"DIN_mean", "mg/L", v}, {"DIP_mean", "mg/L", std::vector<double>(m.n_faces(), 0.02)}}, g);
  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly));
  REQUIRE(ds);
  CHECK(ds->GetRasterCount() == 2);
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  REQUIRE(srs);
  CHECK(srs->IsGeographic());
  CHECK(std::string(ds->GetRasterBand(1)->GetDescription()) == "DIN_mean");
  CHECK(std::string(ds->GetRasterBand(1)->GetUnitType()) == "mg/L");
  // The centre pixel is inside the mesh.
  const int cx = ds->GetRasterXSize() / 2, cy = ds->GetRasterYSize() / 2;
  double val = 0;
  CHECK(ds->GetRasterBand(1)->RasterIO(GF_Read, cx, cy, 1, 1, &val, 1, 1, GDT_Float64, 0, 0) == CE_None);
  CHECK(val == Approx(0.25));
  GDALClose(ds);
  std::filesystem::remove(path);
}

TEST_CASE("The class GeoTIFF holds codes 1..5, no-data 0, its colours and names, and no sidecar", "[gis]") {
  const Mesh m = square_mesh();
  const Standard gb = load_standard(std::string(BEIBU_DATA_DIR) + "/standards/gb3097-1997.yaml");
  // West half Class II (index 1), east half worse than Class IV (index 4).
  std::vector<int> cls(m.n_faces());
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    double x, y;
    m.face_centroid(f, x, y);
    cls[f] = x < 0 ? 1 : 4;
  }
  ClassRaster c;
  c.name = "class";
  for (int k : cls) c.face_codes.push_back(class_code(k));
  for (int code = 0; code <= static_cast<int>(gb.classes.size()) + 1; ++code) {
    c.names.push_back(gb.code_name(code));
    c.colours.push_back({static_cast<unsigned char>(40 * code), 100, 200});
  }
  const RasterGrid g = grid_covering(m, "EPSG:4326", 0.005);
  const std::string path = tmp("_class.tif");
  write_class_geotiff(path, m, c, g);
  CHECK_FALSE(std::filesystem::exists(path + ".aux.xml"));
  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly));
  REQUIRE(ds);
  GDALRasterBand* b = ds->GetRasterBand(1);
  CHECK(b->GetRasterDataType() == GDT_Byte);
  int has_nodata = 0;
  CHECK(b->GetNoDataValue(&has_nodata) == 0);
  CHECK(has_nodata);
  // GB 3097's own class names, looked up by the code written in the file.
  CHECK(std::string(b->GetMetadataItem("CLASS_1")) == "Class I");
  CHECK(std::string(b->GetMetadataItem("CLASS_2")) == gb.classes[1].name);
  CHECK(std::string(b->GetMetadataItem("CLASS_5")) == gb.worse_than_all.name);
  CHECK(std::string(b->GetMetadataItem("CLASS_0")) == "not assessed");
  const GDALColorTable* ct = b->GetColorTable();
  REQUIRE(ct);
  CHECK(ct->GetColorEntryCount() >= 6);
  CHECK(ct->GetColorEntry(5)->c1 == 200);
  // Pixels: 2 (Class II) in the west, 5 (worse than Class IV) in the east, 0 outside the mesh.
  const int nx = ds->GetRasterXSize(), ny = ds->GetRasterYSize();
  std::vector<unsigned char> px(static_cast<std::size_t>(nx) * ny);
  REQUIRE(b->RasterIO(GF_Read, 0, 0, nx, ny, px.data(), nx, ny, GDT_Byte, 0, 0) == CE_None);
  CHECK(px[static_cast<std::size_t>(ny / 2) * nx + nx / 4] == 2);
  CHECK(px[static_cast<std::size_t>(ny / 2) * nx + 3 * nx / 4] == 5);
  CHECK(px[0] == 0);
  GDALClose(ds);
  CHECK_FALSE(std::filesystem::exists(path + ".aux.xml"));  // reading does not leave one either
  std::filesystem::remove(path);
}

TEST_CASE("Class codes: 1 = Class I ... 5 = worse than Class IV, 0 not assessed", "[gis]") {
  const Standard gb = load_standard(std::string(BEIBU_DATA_DIR) + "/standards/gb3097-1997.yaml");
  CHECK(class_code(0) == 1);
  CHECK(class_code(4) == 5);
  CHECK(class_code(-1) == kClassNotAssessed);
  CHECK(gb.codes() == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(gb.code_name(1) == "Class I");
  CHECK(gb.code_name(5) == gb.worse_than_all.name);
  CHECK(gb.code_flag_meanings().find("Class_I Class_II Class_III Class_IV ") == 0);
}

TEST_CASE("GeoPackage layers read back with attributes", "[gis]") {
  const std::string path = tmp(".gpkg");
  GisLayer pts{"stations", false, {}};
  pts.features.push_back({{{{108.5, 21.7}}}, {{"id", std::string("GX01")}, {"class", 2L}, {"DIN_mean", 0.31}}, {}});
  pts.features.push_back({{{{108.6, 21.6}}}, {{"id", std::string("GX02")}, {"class", 1L}, {"DIN_mean", 0.21}}, {}});
  GisLayer zones{"zones", true, {}};
  // One zone of two parts (rings 0 and 1 start them): one feature, a two-part multipolygon.
  zones.features.push_back(
      {{{{108.4, 21.7}, {108.7, 21.7}, {108.7, 21.9}, {108.4, 21.9}}, {{109.0, 21.5}, {109.2, 21.5}, {109.2, 21.6}}},
       {{"id", std::string("maowei")}, {"pass", 0L}},
       {0, 1}});
  write_geopackage(path, {pts, zones});
  const VectorData back = read_vector(path, Projection());  // first layer: stations
  REQUIRE(back.points.size() == 2);
  CHECK(back.points[0].props.at("id") == "GX01");
  CHECK(back.points[1].props.at("class") == "1");
  CHECK(back.points[0].lon == Approx(108.5));
  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  REQUIRE(ds);
  CHECK(ds->GetLayerCount() == 2);
  OGRLayer* zl = ds->GetLayerByName("zones");
  CHECK(zl->GetFeatureCount() == 1);
  OGRFeature* zf = zl->GetNextFeature();
  REQUIRE(zf);
  const auto* mp = zf->GetGeometryRef()->toMultiPolygon();
  CHECK(mp->getNumGeometries() == 2);
  CHECK(mp->getGeometryRef(0)->getExteriorRing()->getNumPoints() == 5);  // four corners, closed
  CHECK(mp->getGeometryRef(1)->getExteriorRing()->getNumPoints() == 4);  // a triangle, closed
  OGRFeature::DestroyFeature(zf);
  GDALClose(ds);
  std::filesystem::remove(path);
}
