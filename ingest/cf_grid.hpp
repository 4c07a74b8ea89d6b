#pragma once
// CF gridded fields (winds, pressure, SST, currents, sea level, T/S) read from
// NetCDF and interpolated onto arbitrary lon/lat points and model times.
//
// Coordinates are found by what they are, not what they are called: `axis`,
// `standard_name`, `units` (degrees_east, degrees_north, "<unit> since"),
// `positive`; 1-D regular or irregular axes and 2-D curvilinear lon/lat
// (ROMS-style, through the `coordinates` attribute or matching 2-D variables).
// Values are decoded per CF: _FillValue, missing_value, valid_range/min/max
// (on packed values), scale_factor/add_offset, _Unsigned; missing is NaN.
//
// Interpolation is bilinear in space with coast-aware fill (missing corners are
// dropped and the weights renormalised; where all four are missing, the nearest
// valid cell within `max_fill_cells` is used, else NaN), linear in time, and
// cyclic in time for climatologies (year-0 time origin or a `climatology` attribute).
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/cf_time.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/units.hpp"

namespace beibu {

enum class Vertical { surface, depth_average };

struct GridOptions {
  Quantity quantity = Quantity::none;  // when set, units are checked and converted to the model unit
  // A water-quality parameter instead: its units (mass or molar, e.g. mmol m-3 of NO3
  // as mg/L of N) are checked and converted by unit_conversion (units.hpp).
  std::optional<Parameter> parameter = std::nullopt;
  Vertical vertical = Vertical::surface;
  int level = -1;          // >= 0: only this index of the depth axis (file order); `vertical` unused
  int max_fill_cells = 2;  // nearest-valid search radius for points whose four corners are all missing
};

// Where each query point falls in the grid: four corners and bilinear weights.
struct Stencil {
  std::vector<std::array<long, 4>> idx;  // flat j * nx + i; -1 = none (point outside the grid)
  std::vector<std::array<double, 4>> w;
  std::vector<double> lon, lat;  // the query points (for the nearest-valid search)
  long id = 0;                   // unique per locate() (0: not from locate); keys the sample cache
};

class GriddedField {
 public:
  GriddedField(const std::string& path, const std::string& var, GridOptions opt = {});

  Stencil locate(const std::vector<double>& lon, const std::vector<double>& lat) const;
  // out[k] at model time t (seconds since 1970-01-01Z); NaN where no valid data.
  void sample(const Stencil& s, double t, std::vector<double>& out) const;
  void sample(const std::vector<double>& lon, const std::vector<double>& lat, double t,
              std::vector<double>& out) const {
    sample(locate(lon, lat), t, out);
  }
  double sample(double lon, double lat, double t) const;
  // The centre (lon, lat as in the file) of the cell with a value in frame k nearest to
  // point p of `s` within the fill radius, whatever its corners hold; false if none.
  bool nearest_valid(const Stencil& s, std::size_t p, std::size_t k, double& lon, double& lat) const;
  // Whether a corner of point p with a positive weight has a value in frame k.
  bool has_valid_corner(const Stencil& s, std::size_t p, std::size_t k) const;

  // Time index k decoded and in model units, NaN = missing, layout j * nx + i.
  std::shared_ptr<const std::vector<double>> frame(std::size_t k) const;

  const std::string& path() const { return path_; }
  const std::string& variable() const { return var_; }
  const std::string& units() const { return units_; }  // as in the file
  std::size_t nx() const { return nx_; }
  std::size_t ny() const { return ny_; }
  std::size_t ntime() const { return time_.t.empty() ? 1 : time_.t.size(); }
  const TimeAxis& time_axis() const { return time_; }
  bool climatology() const { return time_.climatology; }
  // Depth (m, positive down) of each index of the variable's depth axis, in file
  // order; empty without one.
  const std::vector<double>& level_depths() const { return depth_; }
  bool curvilinear() const { return curvilinear_; }
  // Cell-centre coordinates (longitudes as in the file).
  double lon_at(std::size_t j, std::size_t i) const { return curvilinear_ ? lon2_[j * nx_ + i] : lon1_[i]; }
  double lat_at(std::size_t j, std::size_t i) const { return curvilinear_ ? lat2_[j * nx_ + i] : lat1_[j]; }

 private:
  struct Dim {
    std::string name;
    std::size_t len = 0;
    char role = '?';  // X, Y, Z, T or ? (a length-1 dimension)
  };
  // The values of frame k at the stencil's points (the bilinear mean, or the nearest
  // valid cell); the last two frames asked for are kept per field, since a run's
  // steps between two frames all need the same two (`keep`: a frame not to evict).
  const std::vector<double>& sampled(const Stencil& s, std::size_t k, long keep) const;
  struct Sampled {
    long stencil = 0, frame = -1, used = 0;
    std::vector<double> v;
  };
  mutable std::array<Sampled, 2> sampled_;
  mutable long uses_ = 0;
  void find_coordinates();
  void read_time(const std::string& tvar);
  void read_vertical(const std::string& zvar);
  void read_packing();
  bool locate_rect(double lon, double lat, std::array<long, 4>& idx, std::array<double, 4>& w) const;
  bool locate_curv(double lon, double lat, std::array<long, 4>& idx, std::array<double, 4>& w) const;
  double sample_frame(const std::vector<double>& f, const Stencil& s, std::size_t p) const;
  long nearest_index(const std::vector<double>& f, const Stencil& s, std::size_t p) const;  // flat, -1 = none
  double decode(double raw) const;
  [[noreturn]] void fail(const std::string& var, const std::string& problem) const;

  std::string path_, var_, units_;
  GridOptions opt_;
  NcFile nc_;
  std::vector<Dim> dims_;
  std::size_t nx_ = 0, ny_ = 0, nz_ = 1;
  bool curvilinear_ = false, periodic_ = false;
  std::vector<double> lon1_, lat1_, lon2_, lat2_;
  double lon_ref_ = 0;  // curvilinear: longitudes are brought within lon_ref_ +- 180
  TimeAxis time_;
  std::vector<double> zweight_;  // per level: 0 = unused; surface = a single 1
  std::vector<double> depth_;    // per level, positive down
  // Decoding.
  MissingValues missing_;
  double scale_ = 1, offset_ = 0;
  bool unsigned_ = false;
  int bits_ = 0;
  Conversion to_model_;
  // Curvilinear search: buckets of cell indices over the lon/lat box.
  double b_lon0_ = 0, b_lat0_ = 0, b_d_ = 1;
  std::size_t b_nx_ = 0, b_ny_ = 0;
  std::vector<std::vector<std::uint32_t>> buckets_;
  // The last frames read (time stepping reads each frame about twice).
  mutable std::map<std::size_t, std::shared_ptr<const std::vector<double>>> cache_;
};

// Physical fields the model reads, found by CF standard_name.
enum class Field {
  eastward_wind,
  northward_wind,
  air_pressure_at_sea_level,
  sea_surface_temperature,
  sea_water_x_velocity,
  sea_water_y_velocity,
  sea_surface_height,
  sea_water_temperature,
  sea_water_salinity
};

Quantity field_quantity(Field f);
std::string field_name(Field f);

// The variable holding `f`: first by standard_name, then the first of
// `user_names` present, then known names of common products (COADS, ERA5,
// ROMS, HYCOM). InputError naming the file and what was looked for if none.
std::string find_variable(const std::string& path, Field f, const std::vector<std::string>& user_names = {});

}  // namespace beibu
