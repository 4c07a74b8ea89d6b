#include "scenarios/products/map_render.hpp"

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "scenarios/compliance/compliance.hpp"
#include "scenarios/products/gis_export.hpp"

namespace beibu {

Rgb scale_colour(double v, double vmin, double vmax) {
  // Viridis at five stops, linearly interpolated.
  static const double stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  double t = vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, static_cast<int>(t));
  const double w = t - i;
  Rgb out;
  for (int k = 0; k < 3; ++k)
    out[k] = static_cast<unsigned char>(std::lround((1 - w) * stops[i][k] + w * stops[i + 1][k]));
  return out;
}

Rgb class_colour(int cls, int n_classes) {
  static const Rgb palette[] = {{30, 110, 230}, {40, 170, 70},  {240, 210, 40},
                                {245, 140, 30}, {150, 80, 200}, {215, 40, 40}};
  if (cls < 0) return {200, 200, 200};
  if (cls >= n_classes) return palette[5];  // worse than every class
  return palette[std::min(cls, 4)];
}

FaceColours colour_continuous(const std::vector<double>& v, double vmin, double vmax) {
  FaceColours c;
  c.rgb.resize(v.size());
  c.alpha.assign(v.size(), 255);
  for (std::size_t f = 0; f < v.size(); ++f) {
    if (std::isnan(v[f]))
      c.alpha[f] = 0;
    else
      c.rgb[f] = scale_colour(v[f], vmin, vmax);
  }
  return c;
}

FaceColours colour_classes(const std::vector<int>& cls, int n_classes) {
  FaceColours c;
  c.rgb.resize(cls.size());
  c.alpha.assign(cls.size(), 255);
  for (std::size_t f = 0; f < cls.size(); ++f) c.rgb[f] = class_colour(cls[f], n_classes);
  return c;
}

FaceColours colour_by_limits(const std::vector<double>& v, const ParameterLimit& limit, int n_classes) {
  FaceColours c;
  c.rgb.resize(v.size());
  c.alpha.assign(v.size(), 255);
  for (std::size_t f = 0; f < v.size(); ++f) {
    const int cls = classify(limit, v[f]);
    if (cls < 0)
      c.alpha[f] = 0;
    else
      c.rgb[f] = class_colour(cls, n_classes);
  }
  return c;
}

LonLatBox mesh_box(const Mesh& m) {
  const auto [lon0, lon1] = std::minmax_element(m.lon.begin(), m.lon.end());
  const auto [lat0, lat1] = std::minmax_element(m.lat.begin(), m.lat.end());
  return {*lon0, *lat0, *lon1, *lat1};
}

std::vector<long> face_pixels(const Mesh& m, const MapView& v) {
  // Rasterise face indices on square lon/lat pixels, then stretch the rows to the view.
  RasterGrid g;
  g.x0 = v.box.lon0, g.x1 = v.box.lon1, g.y0 = v.box.lat0, g.y1 = v.box.lat1;
  g.resolution = (g.x1 - g.x0) / v.width;
  std::vector<double> idx(m.n_faces());
  for (std::size_t f = 0; f < idx.size(); ++f) idx[f] = static_cast<double>(f);
  int nx = 0, ny = 0;
  const auto face = rasterise_faces(m, idx, g, nx, ny);
  std::vector<long> out(static_cast<std::size_t>(v.width) * v.height, -1);
  for (int j = 0; j < v.height; ++j) {
    const int sj = std::min(ny - 1, static_cast<int>(j * static_cast<double>(ny) / v.height));
    for (int i = 0; i < std::min(nx, v.width); ++i) {
      const double f = face[static_cast<std::size_t>(sj) * nx + i];
      if (!std::isnan(f)) out[static_cast<std::size_t>(j) * v.width + i] = static_cast<long>(f);
    }
  }
  return out;
}

void write_face_png(const std::string& path, const MapView& v, const std::vector<long>& pixels, const FaceColours& c) {
  GDALAllRegister();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) throw Failure("GDAL lacks the MEM or PNG driver");
  const int nx = v.width, ny = v.height;
  GDALDataset* ds = mem->Create("", nx, ny, 4, GDT_Byte, nullptr);
  std::vector<unsigned char> band(static_cast<std::size_t>(nx) * ny);
  for (int b = 0; b < 4; ++b) {
    for (std::size_t k = 0; k < band.size(); ++k) {
      const long f = pixels[k];
      band[k] = f < 0 ? (b < 3 ? 255 : 0) : (b < 3 ? c.rgb[f][b] : c.alpha[f]);
    }
    if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, nx, ny, band.data(), nx, ny, GDT_Byte, 0, 0) != CE_None)
      throw Failure("rendering " + path + " failed");
  }
  AtomicOutput out(path);
  GDALDataset* pds = png->CreateCopy(out.temp_path().c_str(), ds, FALSE, nullptr, nullptr, nullptr);
  GDALClose(ds);
  if (!pds) throw Failure(path + ": GDAL cannot write the PNG: " + CPLGetLastErrorMsg());
  GDALClose(pds);
  // GDAL may leave an .aux.xml next to the temporary file.
  std::remove((out.temp_path().string() + ".aux.xml").c_str());
  out.commit();
}

void render_png(const std::string& path, const Mesh& m, const FaceColours& c, int width) {
  const MapView v = make_view(mesh_box(m), width);
  write_face_png(path, v, face_pixels(m, v), c);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string base64(const std::string& s) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((s.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                       static_cast<unsigned char>(s[i + 2]);
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += t[v & 63];
  }
  if (i < s.size()) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    out += t[v >> 18];
    out += t[(v >> 12) & 63];
    out += i + 1 < s.size() ? t[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace beibu
