#include "raster.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>

#include "core/error.hpp"
#include "projection.hpp"

namespace beibu {

Raster::~Raster() {
  if (to_raster_) OGRCoordinateTransformation::DestroyCT(to_raster_);
}

Raster::Raster(Raster&& o) noexcept {
  *this = std::move(o);
}

Raster& Raster::operator=(Raster&& o) noexcept {
  if (this != &o) {
    if (to_raster_) OGRCoordinateTransformation::DestroyCT(to_raster_);
    path_ = std::move(o.path_);
    nx_ = o.nx_;
    ny_ = o.ny_;
    for (int i = 0; i < 6; ++i) gt_[i] = o.gt_[i];
    v_ = std::move(o.v_);
    to_raster_ = o.to_raster_;
    o.to_raster_ = nullptr;
  }
  return *this;
}

Raster Raster::read(const std::string& path) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly));
  const std::string gdal_msg = CPLGetLastErrorMsg();
  CPLPopErrorHandler();
  if (!ds) throw InputError(path, "", "cannot open as a raster" + (gdal_msg.empty() ? "" : ": " + gdal_msg));
  struct Closer {
    GDALDataset* d;
    ~Closer() { GDALClose(d); }
  } closer{ds};
  if (ds->GetRasterCount() < 1) throw InputError(path, "", "raster has no band");
  Raster r;
  r.path_ = path;
  r.nx_ = ds->GetRasterXSize();
  r.ny_ = ds->GetRasterYSize();
  if (ds->GetGeoTransform(r.gt_) != CE_None) throw InputError(path, "", "raster has no georeferencing");
  GDALRasterBand* band = ds->GetRasterBand(1);
  r.v_.resize(static_cast<std::size_t>(r.nx_) * r.ny_);
  if (band->RasterIO(GF_Read, 0, 0, r.nx_, r.ny_, r.v_.data(), r.nx_, r.ny_, GDT_Float64, 0, 0) != CE_None)
    throw InputError(path, "", "cannot read raster values (truncated file?)");
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  const double scale = band->GetScale(), offset = band->GetOffset();
  for (double& v : r.v_) {
    if ((has_nodata && v == nodata) || !std::isfinite(v))
      v = NAN;
    else
      v = v * scale + offset;
  }

  OGRSpatialReference src, dst;
  const OGRSpatialReference* file_srs = ds->GetSpatialRef();
  if (file_srs)
    src = *file_srs;
  else
    src.importFromEPSG(4326);  // NetCDF lon/lat grids without grid_mapping
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetFromUserInput(kModelProj);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  r.to_raster_ = OGRCreateCoordinateTransformation(&dst, &src);
  if (!r.to_raster_) throw InputError(path, "", "raster CRS cannot be related to the model projection");
  return r;
}

bool Raster::pixel(double x, double y, double& fx, double& fy) const {
  double px = x, py = y;
  if (!to_raster_->Transform(1, &px, &py)) return false;
  // Pixel coordinates of cell centres (no rotation terms in the rasters we accept).
  fx = (px - gt_[0]) / gt_[1] - 0.5;
  fy = (py - gt_[3]) / gt_[5] - 0.5;
  return !(fx < -0.5 || fy < -0.5 || fx > nx_ - 0.5 || fy > ny_ - 0.5);
}

void Raster::restrict_to(double lo, double hi) {
  for (double& v : v_)
    if (v < lo || v > hi) v = NAN;
}

std::size_t Raster::valid_count() const {
  std::size_t n = 0;
  for (double v : v_) n += !std::isnan(v);
  return n;
}

double Raster::nearest(double x, double y, int max_cells) const {
  double fx, fy;
  if (!pixel(x, y, fx, fy)) return NAN;
  const int ci = static_cast<int>(std::lround(fx)), cj = static_cast<int>(std::lround(fy));
  double best = NAN, best_d2 = INFINITY;
  for (int j = std::max(0, cj - max_cells); j <= std::min(ny_ - 1, cj + max_cells); ++j)
    for (int i = std::max(0, ci - max_cells); i <= std::min(nx_ - 1, ci + max_cells); ++i) {
      const double v = v_[static_cast<std::size_t>(j) * nx_ + i];
      const double d2 = (i - fx) * (i - fx) + (j - fy) * (j - fy);
      if (!std::isnan(v) && d2 < best_d2) {
        best_d2 = d2;
        best = v;
      }
    }
  return best;
}

double Raster::sample(double x, double y) const {
  double fx, fy;
  if (!pixel(x, y, fx, fy)) return NAN;
  const int i0 = static_cast<int>(std::floor(fx)), j0 = static_cast<int>(std::floor(fy));
  const double tx = fx - i0, ty = fy - j0;
  double sum = 0, wsum = 0;
  for (int dj = 0; dj < 2; ++dj)
    for (int di = 0; di < 2; ++di) {
      const int i = std::min(std::max(i0 + di, 0), nx_ - 1), j = std::min(std::max(j0 + dj, 0), ny_ - 1);
      const double v = v_[static_cast<std::size_t>(j) * nx_ + i];
      const double w = (di ? tx : 1 - tx) * (dj ? ty : 1 - ty);
      if (std::isnan(v) || w == 0) continue;
      sum += w * v;
      wsum += w;
    }
  return wsum > 0 ? sum / wsum : NAN;
}

}  // namespace beibu
