#pragma once
// The model works in metres on a transverse Mercator centred on the gulf;
// inputs and outputs are WGS84 lon/lat. One place defines the projection.
#include <memory>
#include <string>
#include <vector>

class OGRCoordinateTransformation;
class OGRSpatialReference;

namespace beibu {

class NcFile;

// PROJ string of the model projection (also written into outputs as WKT).
inline constexpr const char* kModelProj =
    "+proj=tmerc +lat_0=20 +lon_0=108 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";

class Projection {
 public:
  Projection();  // WGS84 lon/lat <-> model projection
  ~Projection();
  Projection(const Projection&) = delete;
  Projection& operator=(const Projection&) = delete;

  void forward(double lon, double lat, double& x, double& y) const;
  void inverse(double x, double y, double& lon, double& lat) const;
  // In place on arrays of equal length.
  void forward(std::vector<double>& xs, std::vector<double>& ys) const;
  void inverse(std::vector<double>& xs, std::vector<double>& ys) const;

  std::string wkt() const;         // WKT2 of the model projection
  static std::string wgs84_wkt();  // WKT2 of EPSG:4326, with its EPSG identifier

 private:
  std::unique_ptr<OGRSpatialReference> geo_, model_;
  OGRCoordinateTransformation *fwd_ = nullptr, *inv_ = nullptr;
};

// The CF grid mapping of longitude/latitude coordinates (EPSG:4326): a scalar variable
// `name` with grid_mapping_name = "latitude_longitude", the WGS84 ellipsoid, and
// crs_wkt / spatial_ref (the attribute GDAL reads) holding the WKT with the EPSG code,
// and EPSG_code / epsg (what QGIS's mesh reader MDAL reads). Every variable whose
// coordinates are longitude and latitude, and the lon/lat coordinates themselves
// (MDAL takes the mapping from the node longitudes), name it in grid_mapping.
void define_wgs84_grid_mapping(NcFile& nc, const std::string& name = "crs");

// The CF grid mapping of the model projection (transverse Mercator, kModelProj), for
// variables on projected x/y coordinates only.
void define_model_grid_mapping(NcFile& nc, const std::string& name = "crs_model");

}  // namespace beibu
