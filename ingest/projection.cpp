#include "projection.hpp"

#include <ogr_spatialref.h>

#include "core/error.hpp"

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
  srs.exportToWkt(&s);
  std::string out = s ? s : "";
  CPLFree(s);
  return out;
}

}  // namespace beibu
