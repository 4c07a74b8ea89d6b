#pragma once
// The subset of a run a researcher asks for: variables, a time window, a
// bounding box or a zone, a statistic over time; as UGRID NetCDF, GeoTIFF (any
// resolution and CRS) or GeoPackage (one polygon per face).
#include <limits>
#include <string>
#include <vector>

namespace beibu {

struct ExportRequest {
  std::string maps;                    // the run's maps.nc
  std::vector<std::string> variables;  // empty: every face variable with a time axis
  double t_from = -std::numeric_limits<double>::infinity(), t_to = std::numeric_limits<double>::infinity();
  bool has_bbox = false;
  double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;
  std::string zone;               // a zone id of the mesh
  std::string stat = "mean";      // mean, p90, max, min
  std::string format = "netcdf";  // netcdf, geotiff, gpkg
  std::string crs = "EPSG:4326";  // GeoTIFF
  double resolution = 0.01;       // GeoTIFF, in CRS units
  std::string out;                // the file to write
};

struct ExportSummary {
  std::size_t faces = 0, records = 0;
  std::vector<std::string> variables;
};

// Throws InputError naming the file, option or variable for anything that does not fit.
ExportSummary export_subset(const ExportRequest& r);

}  // namespace beibu
