#pragma once
// Sub-tidal open-boundary forcing from a parent ocean model (CMEMS GLORYS, HYCOM, a
// regional ROMS): its sea level and depth-averaged velocity, read from a CF file
// (GriddedField: regular or curvilinear, packed, with fill values, linear in time)
// and sampled at the midpoint of every open-boundary edge of the mesh once per frame
// (PointField's cache), linear in time between frames.
//  - The level is added to the tide's eta_ext on every open boundary (clamped and
//    Flather) in place of the tides file's mean_level. Its datum: by default the mean
//    over the file's frames of the length-weighted boundary mean of the parent's level
//    is subtracted, so the model's mean sea level stays its own datum while the
//    along-boundary differences and the time variation (which drive the throughflow)
//    are kept; `datum: parent` uses the level as it is in the file.
//  - The velocity's outward normal component is the Flather u_ext, in place of
//    net_transport_m3s; clamped boundaries do not use it. East/north components are
//    taken as the model's x/y (grid convergence in the gulf is under 1 degree), as
//    for the wind.
#include <memory>
#include <string>
#include <vector>

#include "forcing.hpp"
#include "ingest/point_field.hpp"

namespace beibu {
struct LocalMesh;
struct Mesh;
}  // namespace beibu

namespace beibu::hydro {

struct ParentModelSpec {
  std::string file;             // empty: no parent model
  std::string sea_level, u, v;  // variables; empty: found by standard_name, then common names
  bool subtract_mean = true;    // datum: boundary_mean (true) or parent (false)
  bool empty() const { return file.empty(); }
};

// The parent's sea level (and its velocity, when a variable is named) opened and checked
// before the mesh exists: variables, units, the time axis covering absolute model times
// [t0, t1]. InputError (file, variable) otherwise.
void check_parent_model(const ParentModelSpec& spec, double t0, double t1);

class ParentBoundary : public BoundaryForcing {
 public:
  // Samples the parent at the open-boundary edges of `mesh` (the same points on every
  // rank, so the datum does not depend on the partition); `lm` is this rank's part.
  // `t_epoch`: absolute model time of model time 0; [0, t_end]: the run. `velocity`:
  // read u and v (a Flather boundary uses them; also read when named in the spec).
  // Every frame of the file is read once here: InputError (file, variable, where) for a
  // point with no valid value within the fill radius, or out of range, in any frame.
  ParentBoundary(const ParentModelSpec& spec, const Mesh& mesh, const LocalMesh& lm, double t_epoch, double t_end,
                 bool velocity);

  void level(double t, std::vector<double>& eta) const override;
  void velocity(double t, std::vector<double>& un) const override;
  bool has_velocity() const override { return static_cast<bool>(u_); }

  double datum() const { return datum_; }  // m, subtracted from the parent's level
  std::size_t points() const { return lon_.size(); }
  const PointField& sea_level() const { return *eta_; }
  // Absolute model times (s since 1970) of the frames the datum averages.
  const std::vector<double>& frame_times() const { return frames_; }
  // Wall seconds this rank spent reading every frame when made, and sampling since; how
  // many times level() and velocity() were called.
  double setup_seconds() const { return setup_s_; }
  double sample_seconds() const { return sample_s_; }
  long samples() const { return samples_; }

 private:
  std::unique_ptr<PointField> eta_, u_, v_;
  std::vector<double> lon_, lat_, len_;  // per global open edge
  std::vector<int> edge_, point_;        // local open edges and their global point
  std::vector<double> nx_, ny_;          // outward normal of each local open edge
  std::vector<double> frames_;
  double t_epoch_ = 0, datum_ = 0, setup_s_ = 0;
  int n_edges_ = 0;
  mutable std::vector<double> a_, b_;
  mutable double sample_s_ = 0;
  mutable long samples_ = 0;
};

}  // namespace beibu::hydro
