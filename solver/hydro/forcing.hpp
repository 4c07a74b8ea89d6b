#pragma once
// Atmospheric and river forcing of the shallow-water model.
//  - AtmosphereForcing: 10 m wind (m/s, eastward/northward in the model projection)
//    and optionally sea-level pressure (Pa) per local cell at a time. UniformWind is
//    the constant case; CallbackAtmosphere lets a gridded reader (COADS, any CF file)
//    be hooked in without this library depending on it.
//  - RiverSources: discharge time series shared over each river's cells (its footprint,
//    mesh/inflow_footprint.hpp), or put into the cell nearest its mouth.
//  - BoundaryForcing: a parent model's sub-tidal level and velocity on the open boundaries.
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace beibu {
class Config;
struct LocalMesh;
}  // namespace beibu

namespace beibu::hydro {

class AtmosphereForcing {
 public:
  virtual ~AtmosphereForcing() = default;
  // Fills u10, v10 (and pa, if has_pressure()) for every local cell (owned and ghost).
  virtual void sample(double t, const LocalMesh& m, std::vector<double>& u10, std::vector<double>& v10,
                      std::vector<double>& pa) = 0;
  virtual bool has_pressure() const { return false; }
};

class UniformWind : public AtmosphereForcing {
 public:
  UniformWind(double u10, double v10) : u_(u10), v_(v10) {}
  void sample(double t, const LocalMesh& m, std::vector<double>& u10, std::vector<double>& v10,
              std::vector<double>& pa) override;

 private:
  double u_, v_;
};

class CallbackAtmosphere : public AtmosphereForcing {
 public:
  using Fn = std::function<void(double t, const LocalMesh& m, std::vector<double>& u10, std::vector<double>& v10,
                                std::vector<double>& pa)>;
  CallbackAtmosphere(Fn fn, bool with_pressure) : fn_(std::move(fn)), pressure_(with_pressure) {}
  void sample(double t, const LocalMesh& m, std::vector<double>& u10, std::vector<double>& v10,
              std::vector<double>& pa) override {
    fn_(t, m, u10, v10, pa);
  }
  bool has_pressure() const override { return pressure_; }

 private:
  Fn fn_;
  bool pressure_;
};

// Sub-tidal forcing of the open boundaries (a parent ocean model, parent_boundary.hpp):
// per local edge, a sea level added to the tide's eta_ext (it then stands for the
// boundaries' mean_level) and, if given, an outward normal velocity: the Flather u_ext
// (it then stands for net_transport_m3s). Both are ramped with the tide.
class BoundaryForcing {
 public:
  virtual ~BoundaryForcing() = default;
  // eta[e] (m) per local edge at model time t; 0 off the open boundaries.
  virtual void level(double t, std::vector<double>& eta) const = 0;
  // un[e] (m/s, outward) per local edge at model time t; 0 off the open boundaries.
  virtual void velocity(double t, std::vector<double>& un) const = 0;
  virtual bool has_velocity() const = 0;
};

// Piecewise-linear discharge (m^3/s) in model time (s); validated on construction.
struct DischargeSeries {
  std::vector<double> t, q;
  double at(double time) const;
};

// Throws InputError (file, where) for non-increasing times, gaps (a step longer than
// max_gap_s), non-finite or negative discharges, or a series that does not cover [t_begin, t_end].
void validate_discharge(const DischargeSeries& s, const std::string& file, const std::string& where, double t_begin,
                        double t_end, double max_gap_s);

struct RiverSpec {
  std::string name;
  double x = 0, y = 0;  // mouth in the model projection (m)
  DischargeSeries discharge;
  // The cells it enters, each with its share of the discharge (global face, share; the
  // shares sum to 1): an inflow footprint (mesh/inflow_footprint.hpp), the same cells
  // and shares as the transport's source of its mass. Empty: the cell nearest (x, y).
  std::vector<std::pair<long, double>> cells;
};

// YAML: rivers: [{name, lon/lat or x/y, discharge_m3s: Q} or {..., series: {time_days: [...],
// discharge_m3s: [...]}}]; validated against the run period [t_begin, t_end] (s).
std::vector<RiverSpec> read_rivers(const Config& list, double t_begin, double t_end);

// Rivers of a GeoJSON point layer (data/beibu/rivers.geojson): properties `id`,
// `discharge_wet_m3s`, `discharge_dry_m3s` and `wet_months` ("5-10"; wrapping "11-3"
// allowed). The discharge is a seasonal series with one value per calendar month at
// mid-month (wet or dry), linear in between, covering [0, t_end] s from `start_utc`.
// InputError naming the file and feature for missing or bad properties.
std::vector<RiverSpec> seasonal_rivers_from_geojson(const std::string& path, const std::string& start_utc,
                                                    double t_end);

class RiverSources {
 public:
  RiverSources() = default;
  // Each river enters through its `cells`, else the cell whose centroid is nearest its
  // mouth (found over all ranks; ties broken by the lower global id, so the choice is
  // rank-independent).
  RiverSources(std::vector<RiverSpec> rivers, const LocalMesh& m);
  // Adds discharges (m^3/s) into q (per local cell; only owned cells are touched).
  void add(double t, std::vector<double>& q) const;
  // River i's discharge is q (m^3/s) from now on, in place of its series: the outflow
  // of a river model that is advanced with the hydrodynamics, interval by interval.
  void set_discharge(std::size_t i, double q_m3s);
  const std::vector<RiverSpec>& rivers() const { return rivers_; }

 private:
  std::vector<RiverSpec> rivers_;
  std::vector<std::vector<std::pair<int, double>>> local_cells_;  // per river: owned cell, share
};

}  // namespace beibu::hydro
