#pragma once
// Single-band rasters (GeoTIFF, NetCDF, ...) read with GDAL and sampled
// bilinearly at model points. No-data cells never contribute to a sample.
#include <memory>
#include <string>
#include <vector>

class OGRCoordinateTransformation;

namespace beibu {

class Raster {
 public:
  // Reads band 1 (or the named NetCDF variable: "NETCDF:file:var" also works).
  static Raster read(const std::string& path);
  ~Raster();
  Raster(Raster&&) noexcept;
  Raster& operator=(Raster&&) noexcept;

  // Bilinear value at a model-projection point; NaN outside the raster or
  // where all four surrounding cells are no-data (partial no-data: weights renormalised).
  double sample(double x, double y) const;
  // Value of the nearest valid cell within `max_cells` cells of the point; NaN if none.
  double nearest(double x, double y, int max_cells) const;
  // Values outside [lo, hi] become no-data (e.g. land in a bathymetry: elevation >= 0).
  void restrict_to(double lo, double hi);
  // Number of valid cells.
  std::size_t valid_count() const;

  const std::string& path() const { return path_; }
  int nx() const { return nx_; }
  int ny() const { return ny_; }

 private:
  Raster() = default;
  std::string path_;
  int nx_ = 0, ny_ = 0;
  double gt_[6] = {0, 1, 0, 0, 0, 1};
  std::vector<double> v_;                                        // NaN = no data
  OGRCoordinateTransformation* to_raster_ = nullptr;             // model -> raster CRS
  bool pixel(double x, double y, double& fx, double& fy) const;  // fractional cell-centre coordinates
};

}  // namespace beibu
