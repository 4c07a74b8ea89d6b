#include "scenarios/products/gis_export.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/projection.hpp"

namespace beibu {

namespace {

OGRSpatialReference srs_of(const std::string& crs) {
  OGRSpatialReference s;
  if (s.SetFromUserInput(crs == "model" ? kModelProj : crs.c_str()) != OGRERR_NONE)
    throw InputError("", "CRS", "unknown coordinate reference system '" + crs + "'");
  s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return s;
}

// Node coordinates of the mesh in the target CRS.
void nodes_in(const Mesh& m, const std::string& crs, std::vector<double>& x, std::vector<double>& y) {
  OGRSpatialReference model = srs_of("model"), target = srs_of(crs);
  x = m.x;
  y = m.y;
  if (target.IsSame(&model)) return;
  OGRCoordinateTransformation* ct = OGRCreateCoordinateTransformation(&model, &target);
  if (!ct || !ct->Transform(static_cast<int>(x.size()), x.data(), y.data())) {
    OGRCoordinateTransformation::DestroyCT(ct);
    throw InputError("", "CRS", "cannot transform the mesh to '" + crs + "'");
  }
  OGRCoordinateTransformation::DestroyCT(ct);
}

}  // namespace

RasterGrid grid_covering(const Mesh& m, const std::string& crs, double resolution) {
  if (!(resolution > 0)) throw InputError("", "resolution", "must be positive");
  std::vector<double> x, y;
  nodes_in(m, crs, x, y);
  RasterGrid g;
  g.crs = crs;
  g.resolution = resolution;
  g.x0 = std::floor(*std::min_element(x.begin(), x.end()) / resolution) * resolution;
  g.y0 = std::floor(*std::min_element(y.begin(), y.end()) / resolution) * resolution;
  g.x1 = std::ceil(*std::max_element(x.begin(), x.end()) / resolution) * resolution;
  g.y1 = std::ceil(*std::max_element(y.begin(), y.end()) / resolution) * resolution;
  return g;
}

std::vector<double> rasterise_faces(const Mesh& m, const std::vector<double>& v, const RasterGrid& g, int& nx,
                                    int& ny) {
  nx = static_cast<int>(std::lround((g.x1 - g.x0) / g.resolution));
  ny = static_cast<int>(std::lround((g.y1 - g.y0) / g.resolution));
  if (nx <= 0 || ny <= 0 || static_cast<double>(nx) * ny > 1e8)
    throw InputError("", "resolution",
                     "gives " + std::to_string(nx) + " x " + std::to_string(ny) + " pixels (at most 10^8 allowed)");
  std::vector<double> x, y;
  nodes_in(m, g.crs, x, y);
  std::vector<double> out(static_cast<std::size_t>(nx) * ny, NAN);
  // Scan each triangle's bounding box of pixel centres: O(pixels + faces).
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    const int a = m.tri[3 * f], b = m.tri[3 * f + 1], c = m.tri[3 * f + 2];
    const double xa = x[a], ya = y[a], xb = x[b], yb = y[b], xc = x[c], yc = y[c];
    const double det = (yb - yc) * (xa - xc) + (xc - xb) * (ya - yc);
    if (det == 0) continue;
    const int i0 = std::max(0, static_cast<int>(std::ceil((std::min({xa, xb, xc}) - g.x0) / g.resolution - 0.5)));
    const int i1 = std::min(nx - 1, static_cast<int>(std::floor((std::max({xa, xb, xc}) - g.x0) / g.resolution - 0.5)));
    const int j0 = std::max(0, static_cast<int>(std::ceil((g.y1 - std::max({ya, yb, yc})) / g.resolution - 0.5)));
    const int j1 = std::min(ny - 1, static_cast<int>(std::floor((g.y1 - std::min({ya, yb, yc})) / g.resolution - 0.5)));
    for (int j = j0; j <= j1; ++j) {
      const double py = g.y1 - (j + 0.5) * g.resolution;
      for (int i = i0; i <= i1; ++i) {
        const double px = g.x0 + (i + 0.5) * g.resolution;
        const double l1 = ((yb - yc) * (px - xc) + (xc - xb) * (py - yc)) / det;
        const double l2 = ((yc - ya) * (px - xc) + (xa - xc) * (py - yc)) / det;
        if (l1 >= 0 && l2 >= 0 && l1 + l2 <= 1) out[static_cast<std::size_t>(j) * nx + i] = v[f];
      }
    }
  }
  return out;
}

void write_geotiff(const std::string& path, const Mesh& m, const std::vector<RasterBand>& bands, const RasterGrid& g) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!drv) throw Failure("GDAL has no GeoTIFF driver");
  int nx = 0, ny = 0;
  std::vector<std::vector<double>> data;
  for (const auto& b : bands) data.push_back(rasterise_faces(m, b.face_values, g, nx, ny));
  AtomicOutput out(path);
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
  opts = CSLSetNameValue(opts, "TILED", "YES");
  GDALDataset* ds = drv->Create(out.temp_path().c_str(), nx, ny, static_cast<int>(bands.size()), GDT_Float32, opts);
  CSLDestroy(opts);
  if (!ds) throw Failure(path + ": GDAL cannot create the GeoTIFF: " + CPLGetLastErrorMsg());
  double gt[6] = {g.x0, g.resolution, 0, g.y1, 0, -g.resolution};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs = srs_of(g.crs);
  ds->SetSpatialRef(&srs);
  bool ok = true;
  for (std::size_t k = 0; k < bands.size(); ++k) {
    GDALRasterBand* band = ds->GetRasterBand(static_cast<int>(k) + 1);
    band->SetNoDataValue(NAN);
    band->SetDescription(bands[k].name.c_str());
    if (!bands[k].units.empty()) band->SetUnitType(bands[k].units.c_str());
    ok = ok && band->RasterIO(GF_Write, 0, 0, nx, ny, data[k].data(), nx, ny, GDT_Float64, 0, 0) == CE_None;
  }
  ds->SetMetadataItem("SOURCE", "beibu");
  GDALClose(ds);
  if (!ok) throw Failure(path + ": writing the GeoTIFF failed: " + CPLGetLastErrorMsg());
  out.commit();
}

void write_class_geotiff(const std::string& path, const Mesh& m, const ClassRaster& c, const RasterGrid& g) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!drv) throw Failure("GDAL has no GeoTIFF driver");
  int nx = 0, ny = 0;
  const std::vector<double> faces(c.face_codes.begin(), c.face_codes.end());
  const std::vector<double> pixels = rasterise_faces(m, faces, g, nx, ny);
  std::vector<unsigned char> data(pixels.size());
  for (std::size_t i = 0; i < pixels.size(); ++i)
    data[i] = std::isnan(pixels[i]) ? 0 : static_cast<unsigned char>(std::lround(pixels[i]));
  AtomicOutput out(path);
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
  opts = CSLSetNameValue(opts, "TILED", "YES");
  GDALDataset* ds = drv->Create(out.temp_path().c_str(), nx, ny, 1, GDT_Byte, opts);
  CSLDestroy(opts);
  if (!ds) throw Failure(path + ": GDAL cannot create the GeoTIFF: " + CPLGetLastErrorMsg());
  double gt[6] = {g.x0, g.resolution, 0, g.y1, 0, -g.resolution};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs = srs_of(g.crs);
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(0);
  band->SetDescription(c.name.c_str());
  GDALColorTable table;
  for (std::size_t code = 0; code < c.colours.size(); ++code) {
    const GDALColorEntry e{c.colours[code][0], c.colours[code][1], c.colours[code][2],
                           static_cast<short>(code == 0 ? 0 : 255)};
    table.SetColorEntry(static_cast<int>(code), &e);
  }
  band->SetColorTable(&table);
  std::string coding;
  for (std::size_t code = 0; code < c.names.size(); ++code) {
    band->SetMetadataItem(("CLASS_" + std::to_string(code)).c_str(), c.names[code].c_str());
    coding += (coding.empty() ? "" : ", ") + std::to_string(code) + " = " + c.names[code];
  }
  band->SetMetadataItem("CLASS_CODING", (coding + " (0 is no data)").c_str());
  const bool ok = band->RasterIO(GF_Write, 0, 0, nx, ny, data.data(), nx, ny, GDT_Byte, 0, 0) == CE_None;
  ds->SetMetadataItem("SOURCE", "beibu");
  GDALClose(ds);
  if (!ok) throw Failure(path + ": writing the GeoTIFF failed: " + CPLGetLastErrorMsg());
  if (std::filesystem::exists(out.temp_path().string() + ".aux.xml"))
    throw Failure(path + ": GDAL wrote an .aux.xml sidecar; the class map must be self-contained");
  out.commit();
}

void write_geopackage(const std::string& path, const std::vector<GisLayer>& layers) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) throw Failure("GDAL has no GeoPackage driver");
  AtomicOutput out(path);
  GDALDataset* ds = drv->Create(out.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds) throw Failure(path + ": GDAL cannot create the GeoPackage: " + CPLGetLastErrorMsg());
  OGRSpatialReference wgs84 = srs_of("EPSG:4326");
  bool ok = true;
  for (const auto& L : layers) {
    OGRLayer* layer = ds->CreateLayer(L.name.c_str(), &wgs84, L.polygons ? wkbMultiPolygon : wkbPoint, nullptr);
    if (!layer) {
      ok = false;
      break;
    }
    // Fields from the union of attribute names, typed by their first value.
    std::map<std::string, OGRFieldType> fields;
    for (const auto& f : L.features)
      for (const auto& [k, v] : f.attrs)
        fields.emplace(k, std::holds_alternative<long>(v)     ? OFTInteger64
                          : std::holds_alternative<double>(v) ? OFTReal
                                                              : OFTString);
    for (const auto& [k, t] : fields) {
      OGRFieldDefn fd(k.c_str(), t);
      ok = ok && layer->CreateField(&fd) == OGRERR_NONE;
    }
    ds->StartTransaction();
    for (const auto& f : L.features) {
      OGRFeature* feat = OGRFeature::CreateFeature(layer->GetLayerDefn());
      for (const auto& [k, v] : f.attrs) {
        if (auto p = std::get_if<long>(&v))
          feat->SetField(k.c_str(), static_cast<GIntBig>(*p));
        else if (auto d = std::get_if<double>(&v))
          feat->SetField(k.c_str(), *d);
        else
          feat->SetField(k.c_str(), std::get<std::string>(v).c_str());
      }
      if (L.polygons) {
        OGRMultiPolygon mp;
        std::vector<std::size_t> starts = f.parts.empty() ? std::vector<std::size_t>{0} : f.parts;
        starts.push_back(f.rings.size());
        for (std::size_t p = 0; p + 1 < starts.size(); ++p) {
          OGRPolygon poly;
          for (std::size_t r = starts[p]; r < starts[p + 1]; ++r) {
            OGRLinearRing lr;
            for (const auto& [lon, lat] : f.rings[r]) lr.addPoint(lon, lat);
            lr.closeRings();
            poly.addRing(&lr);
          }
          mp.addGeometry(&poly);
        }
        feat->SetGeometry(&mp);
      } else if (!f.rings.empty() && !f.rings[0].empty()) {
        OGRPoint pt(f.rings[0][0].first, f.rings[0][0].second);
        feat->SetGeometry(&pt);
      }
      ok = ok && layer->CreateFeature(feat) == OGRERR_NONE;
      OGRFeature::DestroyFeature(feat);
    }
    ds->CommitTransaction();
  }
  GDALClose(ds);
  if (!ok) throw Failure(path + ": writing the GeoPackage failed: " + CPLGetLastErrorMsg());
  out.commit();
}

}  // namespace beibu
