#pragma once
// GIS vector layers (GeoJSON, GeoPackage, Shapefile) read with GDAL/OGR and
// transformed from the file's own CRS into the model projection.
#include <map>
#include <string>
#include <vector>

namespace beibu {

class Projection;

struct Ring {
  std::vector<double> x, y;  // model metres; not repeated at the end (implicitly closed)
};

using Properties = std::map<std::string, std::string>;

struct PolygonFeature {
  std::vector<Ring> rings;  // rings[0] is the outer ring, the rest are holes
  Properties props;
  long fid = -1;
};

struct PointFeature {
  double x = 0, y = 0, lon = 0, lat = 0;
  Properties props;
  long fid = -1;
};

struct LineFeature {
  std::vector<double> x, y;
  Properties props;
  long fid = -1;
};

struct VectorData {
  std::vector<PolygonFeature> polygons;  // multipolygons are split into parts
  std::vector<PointFeature> points;
  std::vector<LineFeature> lines;
};

// Reads every feature of the first layer. Throws InputError naming the file
// (and feature) for: unreadable file, empty layer, missing CRS, unclosed or
// self-intersecting rings, unsupported geometry.
VectorData read_vector(const std::string& path, const Projection& proj);

// Area of a ring by the shoelace formula (positive if counter-clockwise).
double signed_area(const Ring& r);

// Point-in-polygon (outer ring minus holes), even-odd rule.
bool contains(const PolygonFeature& poly, double x, double y);

}  // namespace beibu
