#pragma once
// Results for GIS: face values rasterised to GeoTIFF (any CRS, any resolution),
// and point/polygon layers with attributes written to GeoPackage.
#include <array>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "mesh/mesh.hpp"

namespace beibu {

struct RasterGrid {
  std::string crs = "EPSG:4326";          // any GDAL/PROJ definition; "model" = the model projection
  double x0 = 0, y0 = 0, x1 = 1, y1 = 1;  // bounds in that CRS
  double resolution = 0.01;               // pixel size in CRS units
};

// The grid covering the mesh in `crs` at `resolution` (bounds from the nodes).
RasterGrid grid_covering(const Mesh& m, const std::string& crs, double resolution);

// Value of the face containing each pixel centre (row-major, north-up), NaN
// where no face does (land, outside the mesh).
std::vector<double> rasterise_faces(const Mesh& m, const std::vector<double>& face_values, const RasterGrid& g, int& nx,
                                    int& ny);

struct RasterBand {
  std::string name, units;
  std::vector<double> face_values;
};

// One GeoTIFF with one band per entry (Float32, NaN no-data, deflate), written
// atomically. Throws Failure if GDAL cannot write it.
void write_geotiff(const std::string& path, const Mesh& m, const std::vector<RasterBand>& bands, const RasterGrid& g);

// A class map: one code per face (Standard's class_code: 1 = Class I ... n + 1 = worse
// than every class, 0 = not assessed), and per code its name and colour.
struct ClassRaster {
  std::string name;                                   // band description
  std::vector<int> face_codes;                        // per face
  std::vector<std::string> names;                     // index = code (names[0]: not assessed)
  std::vector<std::array<unsigned char, 3>> colours;  // index = code
};

// The class map as a one-band Byte GeoTIFF, everything inside the file: codes with
// no-data 0, the colour table (TIFF palette), and each code's name as band metadata
// CLASS_<code> (GDAL would keep category names in an .aux.xml sidecar, which readers
// such as QGIS rewrite; none is written). Atomic; Failure if GDAL cannot write it.
void write_class_geotiff(const std::string& path, const Mesh& m, const ClassRaster& c, const RasterGrid& g);

using AttrValue = std::variant<long, double, std::string>;
struct GisFeature {
  std::vector<std::vector<std::pair<double, double>>> rings;  // lon/lat; one ring = point if it has one vertex
  std::map<std::string, AttrValue> attrs;
  // Polygons: index of the first ring (the outer one) of each part; empty = one part.
  std::vector<std::size_t> parts;
};
struct GisLayer {
  std::string name;
  bool polygons = false;
  std::vector<GisFeature> features;
};

// A GeoPackage (EPSG:4326) with the given layers, written atomically.
void write_geopackage(const std::string& path, const std::vector<GisLayer>& layers);

}  // namespace beibu
