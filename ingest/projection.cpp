#include "projection.hpp"

#include <ogr_spatialref.h>

#include "core/error.hpp"
#include "netcdf_file.hpp"

namespace beibu {

namespace {
std::unique_ptr<OGRSpatialReference> make_srs(const char* def) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->SetFromUserInput(def) != OGRERR_NONE) throw Failure(std::string("cannot build CRS ") + def);
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // lon, lat order
  return srs;
}
}  // namespace

Projection::Projection() : geo_(make_srs("EPSG:4326")), model_(make_srs(kModelProj)) {
  fwd_ = OGRCreateCoordinateTransformation(geo_.get(), model_.get());
  inv_ = OGRCreateCoordinateTransformation(model_.get(), geo_.get());
  if (!fwd_ || !inv_) throw Failure("cannot create the model projection (PROJ database missing?)");
}

Projection::~Projection() {
  OGRCoordinateTransformation::DestroyCT(fwd_);
  OGRCoordinateTransformation::DestroyCT(inv_);
}

void Projection::forward(double lon, double lat, double& x, double& y) const {
  x = lon;
  y = lat;
  if (!fwd_->Transform(1, &x, &y)) throw Failure("projection failed at lon/lat");
}

void Projection::inverse(double x, double y, double& lon, double& lat) const {
  lon = x;
  lat = y;
  if (!inv_->Transform(1, &lon, &lat)) throw Failure("inverse projection failed");
}

void Projection::forward(std::vector<double>& xs, std::vector<double>& ys) const {
  if (!xs.empty() && !fwd_->Transform(static_cast<int>(xs.size()), xs.data(), ys.data()))
    throw Failure("projection failed");
}

void Projection::inverse(std::vector<double>& xs, std::vector<double>& ys) const {
  if (!xs.empty() && !inv_->Transform(static_cast<int>(xs.size()), xs.data(), ys.data()))
    throw Failure("inverse projection failed");
}

std::string Projection::wkt() const {
  char* s = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  model_->exportToWkt(&s, opts);
  std::string out = s ? s : "";
  CPLFree(s);
  return out;
}

std::string Projection::wgs84_wkt() {
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  char* s = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&s, opts);
  std::string out = s ? s : "";
  CPLFree(s);
  return out;
}

void define_wgs84_grid_mapping(NcFile& nc, const std::string& name) {
  const std::string wkt = Projection::wgs84_wkt();
  nc.def_var(name, NC_INT, {});
  nc.put_att(name, "grid_mapping_name", "latitude_longitude");
  nc.put_att(name, "longitude_of_prime_meridian", 0.0);
  nc.put_att(name, "semi_major_axis", 6378137.0);
  nc.put_att(name, "inverse_flattening", 298.257223563);
  nc.put_att(name, "crs_wkt", wkt);
  nc.put_att(name, "spatial_ref", wkt);
  // What QGIS's mesh reader (MDAL) looks for in the mapping its node coordinates name.
  nc.put_att(name, "EPSG_code", "EPSG:4326");
  nc.put_att_int(name, "epsg", 4326);
}

void define_model_grid_mapping(NcFile& nc, const std::string& name) {
  const std::string wkt = Projection().wkt();
  nc.def_var(name, NC_INT, {});
  nc.put_att(name, "grid_mapping_name", "transverse_mercator");
  nc.put_att(name, "longitude_of_central_meridian", 108.0);
  nc.put_att(name, "latitude_of_projection_origin", 20.0);
  nc.put_att(name, "scale_factor_at_central_meridian", 1.0);
  nc.put_att(name, "false_easting", 0.0);
  nc.put_att(name, "false_northing", 0.0);
  nc.put_att(name, "semi_major_axis", 6378137.0);
  nc.put_att(name, "inverse_flattening", 298.257223563);
  nc.put_att(name, "crs_wkt", wkt);
  nc.put_att(name, "spatial_ref", wkt);
  nc.put_att(name, "proj4", kModelProj);
}

}  // namespace beibu
