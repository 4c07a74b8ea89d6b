#pragma once
// Open-boundary forcing: tidal elevation from harmonic constituents given at
// points along each named open boundary (linear interpolation along the
// boundary in complex amplitude A e^{-ig}, so phases never wrap), plus an
// optional prescribed net volume transport through a boundary (Qiongzhou Strait).
#include <complex>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace beibu {
class Config;
struct LocalMesh;
}  // namespace beibu

namespace beibu::hydro {

struct Constituent;

// How an open boundary imposes its elevation.
enum class OpenBoundaryType {
  flather,  // radiation: outward u = u_ext + sqrt(g/H) (eta - eta_ext)
  clamped   // elevation given outside the edge: the pressure gradient uses eta_ext
};

struct TidePoint {
  double x = 0, y = 0;                            // model projection (m)
  std::map<std::string, std::complex<double>> z;  // constituent -> A e^{-i g}
};

struct OpenBoundarySpec {
  std::string name;
  OpenBoundaryType type = OpenBoundaryType::flather;
  std::vector<TidePoint> points;  // ordered along the boundary
  bool has_transport = false;
  double transport = 0;   // m^3/s, positive INTO the model domain
  double mean_level = 0;  // m, added to the tide (e.g. a steric set-up)
};

struct TideSpec {
  std::string file;    // where it came from (for messages)
  std::string source;  // the file's own provenance (`source:`), shown with the run's results
  std::vector<OpenBoundarySpec> boundaries;
  bool nodal = true;         // apply nodal corrections f, u
  bool infer_minor = false;  // add the minors inferred from each point's majors (tide_admittance.hpp)
  // The Manning n the constants were calibrated with (`manning:`; NaN if the file does not
  // say): the tide they give at the gauges holds with that friction only.
  double manning = std::numeric_limits<double>::quiet_NaN();
};

// Reads the `boundaries` section of a tides YAML file (see data/beibu/tides.yaml).
// Unknown constituents, missing amplitudes/phases, unknown keys, boundary names not
// among `open_boundary_names`, and constituent sets that differ between the points of
// one boundary are InputError naming the file and line. Points are lon/lat (degrees,
// projected with the model projection) or x/y (model metres). `infer_minor: true` adds,
// at every point, the minor constituents inferred from its majors (tide_admittance.hpp)
// that the point does not list.
TideSpec read_tide_spec(const Config& cfg, const std::vector<std::string>& open_boundary_names);
TideSpec load_tide_spec(const std::string& path, const std::vector<std::string>& open_boundary_names);
// A free-text key of a tides file, for run reports: `source` (its provenance),
// `uncertainty` (how far to trust it) or `uncertainty_zh` (the same in Chinese, for
// Chinese reports); empty if the file has none.
std::string tide_text(const std::string& path, const std::string& key);
// The `manning:` of a tides file (the n its constants were calibrated with; NaN if none).
double tide_calibrated_manning(const std::string& path);

// Per local open edge: the boundary's spec index and interpolated complex amplitudes.
class TidalBoundary {
 public:
  TidalBoundary() = default;
  // `start_utc` is the model's time origin ("YYYY-MM-DD HH:MM:SS"); `open_boundary_names`
  // are the mesh's (edge tag kOpenEdgeBase + k is boundary k).
  TidalBoundary(const TideSpec& spec, const LocalMesh& m, const std::vector<std::string>& open_boundary_names,
                const std::string& start_utc);

  // eta_ext (m, before ramp) on every local edge (0 off the open boundaries); without
  // `mean_level`, the tide alone (a parent model gives the sub-tidal level instead).
  void elevation(double t, std::vector<double>& eta_ext, bool mean_level = true) const;
  // Spec of the boundary an edge belongs to, or nullptr for non-open edges.
  const OpenBoundarySpec* boundary_of(int edge) const {
    const int b = edge_boundary_.empty() ? -1 : edge_boundary_[edge];
    return b < 0 ? nullptr : &spec_.boundaries[b];
  }
  int boundary_index(int edge) const { return edge_boundary_.empty() ? -1 : edge_boundary_[edge]; }
  const TideSpec& spec() const { return spec_; }

 private:
  TideSpec spec_;
  std::vector<int> edge_boundary_;  // per local edge, -1 if not forced
  // V(t) = V0 + omega t exactly; the nodal f and u follow the moon's node and are
  // evaluated at every instant (they move by up to ~2 degrees and 2 % over a season).
  struct Wave {
    const Constituent* c;
    double omega, v0;  // rad/s, V at the time origin (rad)
  };
  double day0_ = 0;                             // the time origin, days since J2000
  std::vector<Wave> waves_;                     // one per constituent used
  std::vector<std::complex<double>> edge_amp_;  // waves_.size() per local edge
};

}  // namespace beibu::hydro
