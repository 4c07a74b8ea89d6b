#pragma once
// Maps as PNG images without Python: face values rasterised on a lon/lat grid,
// coloured, and written by GDAL's PNG driver (transparent where there is no water).
#include <array>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"
#include "scenarios/compliance/standards.hpp"
#include "scenarios/products/map_view.hpp"

namespace beibu {

using Rgb = std::array<unsigned char, 3>;

// Continuous colour scale (viridis-like) from vmin to vmax.
Rgb scale_colour(double v, double vmin, double vmax);
// Official-bulletin colours of water classes: I blue, II green, III yellow, IV orange, worse red.
Rgb class_colour(int cls, int n_classes);

// `colour_of_face` gives each face its colour; faces returning alpha 0 are transparent.
struct FaceColours {
  std::vector<Rgb> rgb;
  std::vector<unsigned char> alpha;
};
FaceColours colour_continuous(const std::vector<double>& v, double vmin, double vmax);
FaceColours colour_classes(const std::vector<int>& cls, int n_classes);
// Discrete colours at a parameter's class limits: each face takes the colour of the
// class its value falls in (compliance.hpp: classify), NaN transparent.
FaceColours colour_by_limits(const std::vector<double>& v, const ParameterLimit& limit, int n_classes);

// The face under the centre of each pixel of the view (row-major, -1 none).
std::vector<long> face_pixels(const Mesh& m, const MapView& v);
// Writes the view's pixels coloured by their faces (transparent where there is none).
void write_face_png(const std::string& path, const MapView& v, const std::vector<long>& pixels, const FaceColours& c);

// Renders the mesh's faces at about `width` pixels wide (lon/lat, aspect kept).
void render_png(const std::string& path, const Mesh& m, const FaceColours& c, int width = 900);
// The box around the mesh's nodes.
LonLatBox mesh_box(const Mesh& m);

std::string base64(const std::string& bytes);
std::string read_file(const std::string& path);

}  // namespace beibu
