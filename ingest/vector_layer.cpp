#include "vector_layer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "core/numbers.hpp"
#include "projection.hpp"

namespace beibu {

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

Properties read_props(OGRFeature& f) {
  Properties p;
  for (int i = 0; i < f.GetFieldCount(); ++i)
    if (f.IsFieldSetAndNotNull(i)) p[f.GetFieldDefnRef(i)->GetNameRef()] = f.GetFieldAsString(i);
  return p;
}

// In a file whose CRS is geographic every coordinate must be a longitude and a latitude;
// GDAL would otherwise fail with "cannot be transformed", which hides the two usual
// causes: coordinates in metres without their CRS in the file, and lat/lon swapped.
void check_geographic(const double* x, const double* y, std::size_t n, bool geographic, const std::string& path,
                      const std::string& where) {
  if (!geographic) return;
  for (std::size_t i = 0; i < n; ++i) {
    const double lon = x[i], lat = y[i];
    const bool lon_ok = lon >= -180 && lon <= 360, lat_ok = lat >= -90 && lat <= 90;
    if (lon_ok && lat_ok) continue;
    const std::string at = "(" + number_text(lon) + ", " + number_text(lat) + ")";
    if (!std::isfinite(lon) || !std::isfinite(lat))
      throw InputError(path, where, "coordinate " + at + " is not finite");
    if (lat >= -180 && lat <= 360 && lon >= -90 && lon <= 90)
      throw InputError(path, where,
                       "coordinate " + at +
                           " looks swapped: the file's CRS is longitude/latitude, so the order is "
                           "(lon, lat) and a latitude must be between -90 and 90");
    if (std::fabs(lon) > 1000 || std::fabs(lat) > 1000)
      throw InputError(path, where,
                       "coordinate " + at +
                           " looks projected (metres), but the file's CRS is longitude/latitude "
                           "(GeoJSON without a \"crs\" is WGS84): give the file its projected CRS, or reproject it");
    throw InputError(path, where, "coordinate " + at + " is not a longitude/latitude in degrees");
  }
}

Ring read_ring(const OGRLinearRing& lr, OGRCoordinateTransformation* ct, const std::string& where,
               const std::string& path, bool geographic) {
  const int n = lr.getNumPoints();
  if (n < 4) throw InputError(path, where, "polygon ring has fewer than 4 points");
  if (lr.getX(0) != lr.getX(n - 1) || lr.getY(0) != lr.getY(n - 1))
    throw InputError(path, where, "polygon ring is not closed (first and last points differ)");
  Ring r;
  r.x.resize(n - 1);
  r.y.resize(n - 1);
  for (int i = 0; i < n - 1; ++i) {
    r.x[i] = lr.getX(i);
    r.y[i] = lr.getY(i);
  }
  check_geographic(r.x.data(), r.y.data(), r.x.size(), geographic, path, where);
  if (ct && !ct->Transform(n - 1, r.x.data(), r.y.data()))
    throw InputError(path, where, "coordinates cannot be transformed to the model projection");
  return r;
}

void add_polygon(const OGRPolygon& pg, const Properties& props, long fid, OGRCoordinateTransformation* ct,
                 const std::string& where, const std::string& path, bool geographic, VectorData& out) {
  PolygonFeature pf;
  pf.props = props;
  pf.fid = fid;
  if (pg.getExteriorRing() == nullptr) throw InputError(path, where, "polygon without an exterior ring");
  pf.rings.push_back(read_ring(*pg.getExteriorRing(), ct, where, path, geographic));
  for (int i = 0; i < pg.getNumInteriorRings(); ++i)
    pf.rings.push_back(
        read_ring(*pg.getInteriorRing(i), ct, where + ", hole " + std::to_string(i + 1), path, geographic));
  out.polygons.push_back(std::move(pf));
}

}  // namespace

VectorData read_vector(const std::string& path, const Projection& proj) {
  (void)proj;  // the target CRS is the model projection defined in projection.hpp
  GDALAllRegister();
  // GDAL/GEOS diagnostics would go to stderr; our own message says what is wrong.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  struct PopHandler {
    ~PopHandler() { CPLPopErrorHandler(); }
  } pop_handler;
  std::unique_ptr<GDALDataset, DatasetCloser> ds(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  const std::string gdal_msg = CPLGetLastErrorMsg();
  if (!ds) throw InputError(path, "", "cannot open as a vector dataset" + (gdal_msg.empty() ? "" : ": " + gdal_msg));
  if (ds->GetLayerCount() < 1) throw InputError(path, "", "contains no layer");
  OGRLayer* layer = ds->GetLayer(0);
  if (layer->GetFeatureCount() == 0)
    throw InputError(path, "layer '" + std::string(layer->GetName()) + "'", "is empty");
  const OGRSpatialReference* src = layer->GetSpatialRef();
  if (!src) throw InputError(path, "", "has no coordinate reference system (add a .prj or a CRS)");

  OGRSpatialReference src_copy(*src), dst;
  src_copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetFromUserInput(kModelProj);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation, void (*)(OGRCoordinateTransformation*)> ct(
      OGRCreateCoordinateTransformation(&src_copy, &dst), OGRCoordinateTransformation::DestroyCT);
  if (!ct) throw InputError(path, "", "its CRS cannot be transformed to the model projection");
  const bool geographic = src_copy.IsGeographic();

  VectorData out;
  layer->ResetReading();
  OGRFeature* raw;
  while ((raw = layer->GetNextFeature()) != nullptr) {
    std::unique_ptr<OGRFeature> f(raw);
    const long fid = static_cast<long>(f->GetFID());
    const std::string where = "feature " + std::to_string(fid);
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) throw InputError(path, where, "has no geometry");
    const Properties props = read_props(*f);
    switch (wkbFlatten(g->getGeometryType())) {
      case wkbPolygon:
      case wkbMultiPolygon: {
        if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
          add_polygon(*g->toPolygon(), props, fid, ct.get(), where, path, geographic, out);
        else
          for (const OGRPolygon* part : *g->toMultiPolygon())
            add_polygon(*part, props, fid, ct.get(), where, path, geographic, out);
        // Rings are checked (closed, long enough) before GEOS judges validity.
        if (!g->IsValid()) throw InputError(path, where, "polygon is invalid (self-intersection or touching rings)");
        break;
      }
      case wkbPoint: {
        const OGRPoint* p = g->toPoint();
        PointFeature pf;
        pf.fid = fid;
        pf.props = props;
        pf.x = p->getX();
        pf.y = p->getY();
        check_geographic(&pf.x, &pf.y, 1, geographic, path, where);
        if (!ct->Transform(1, &pf.x, &pf.y)) throw InputError(path, where, "point cannot be transformed");
        proj.inverse(pf.x, pf.y, pf.lon, pf.lat);
        out.points.push_back(pf);
        break;
      }
      case wkbLineString:
      case wkbMultiLineString: {
        auto add_line = [&](const OGRLineString& ls) {
          LineFeature lf;
          lf.fid = fid;
          lf.props = props;
          for (int i = 0; i < ls.getNumPoints(); ++i) {
            lf.x.push_back(ls.getX(i));
            lf.y.push_back(ls.getY(i));
          }
          if (lf.x.size() < 2) throw InputError(path, where, "line has fewer than 2 points");
          check_geographic(lf.x.data(), lf.y.data(), lf.x.size(), geographic, path, where);
          if (!ct->Transform(static_cast<int>(lf.x.size()), lf.x.data(), lf.y.data()))
            throw InputError(path, where, "line cannot be transformed");
          out.lines.push_back(std::move(lf));
        };
        if (wkbFlatten(g->getGeometryType()) == wkbLineString)
          add_line(*g->toLineString());
        else
          for (const OGRLineString* part : *g->toMultiLineString()) add_line(*part);
        break;
      }
      default:
        throw InputError(path, where, std::string("unsupported geometry type ") + g->getGeometryName());
    }
  }
  return out;
}

double signed_area(const Ring& r) {
  const std::size_t n = r.x.size();
  double a = 0;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) a += r.x[j] * r.y[i] - r.x[i] * r.y[j];
  return 0.5 * a;
}

namespace {
bool ring_contains(const Ring& r, double x, double y) {
  bool in = false;
  const std::size_t n = r.x.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    if ((r.y[i] > y) != (r.y[j] > y) && x < (r.x[j] - r.x[i]) * (y - r.y[i]) / (r.y[j] - r.y[i]) + r.x[i]) in = !in;
  }
  return in;
}
}  // namespace

bool contains(const PolygonFeature& poly, double x, double y) {
  bool in = false;
  for (const auto& r : poly.rings)
    if (ring_contains(r, x, y)) in = !in;
  return in;
}

}  // namespace beibu
