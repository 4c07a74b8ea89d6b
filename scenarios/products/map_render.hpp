#pragma once
// Maps as PNG images without Python: face values rasterised on a lon/lat grid,
// coloured, and written by GDAL's PNG driver (transparent where there is no water).
#include <array>
#include <string>
#include <vector>

#include "mesh/mesh.hpp"

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

// Renders the mesh's faces at about `width` pixels wide (lon/lat, aspect kept).
void render_png(const std::string& path, const Mesh& m, const FaceColours& c, int width = 900);

std::string base64(const std::string& bytes);
std::string read_file(const std::string& path);

}  // namespace beibu
