#pragma once
// Depth-averaged nonlinear shallow-water model on the unstructured triangle mesh,
// semi-implicit in the free surface (Casulli & Walters 2000, UnTRIM style, on
// our centroid-based finite-volume mesh):
//   - unknowns: edge-normal velocity u_e (left -> right) and surface eta_c at cells;
//   - momentum: explicit point-implicit upwind advection and viscosity of the
//     reconstructed (Perot) cell velocity, explicit Coriolis and wind stress,
//     theta-weighted surface gradient, implicit Manning friction;
//   - continuity: A_c (eta^{n+1} - eta^n)/dt + sum sign len H_e (theta u^{n+1} +
//     (1-theta) u^n) = Q_c gives one SPD system for eta^{n+1} per step (KSP);
//   - wetting/drying: upwind edge depth, closed edges below h_dry, a positivity
//     limiter on outflows, and volumes that follow the fluxes exactly.
// It is a FlowProvider: the fluxes transport receives are those continuity used.
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "forcing.hpp"
#include "solver/flow.hpp"
#include "tidal_boundary.hpp"

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro {

struct HydroOptions {
  double dt = 300.0;                                             // s, model time step
  double theta = 0.6;                                            // implicitness of the free surface (0.5 .. 1)
  double h_dry = 0.05;                                           // m, edges with less upwind depth are closed
  double manning = 0.025;                                        // s/m^(1/3), default Manning n
  double viscosity = 5.0;                                        // m^2/s, horizontal eddy viscosity
  bool advection = true;                                         // momentum advection on/off
  double coriolis_f = std::numeric_limits<double>::quiet_NaN();  // 1/s; NaN: 2 Omega sin(lat)
  double ramp_time = 86400.0;                                    // s, tanh ramp of open-boundary forcing and wind
  double eta0 = 0.0;                              // m, initial level (cells whose bottom is higher start dry)
  std::string start_utc = "2000-01-01 00:00:00";  // model time 0
  std::string ksp_prefix = "hydro_";              // PETSc options prefix of the free-surface KSP
};

// Split of the wall time over all steps so far (seconds, this rank): forcing, advection
// and momentum; matrix and right-hand side; preconditioner setups; the KSP solves
// without them; new velocities, fluxes, positivity and volumes.
struct HydroTimers {
  double momentum = 0, assembly = 0, setup = 0, solve = 0, update = 0;
};

class FreeSurfaceSystem;

class ShallowWaterModel : public FlowProvider {
 public:
  // `open_boundary_names` are the mesh's; the LocalMesh must outlive the model.
  ShallowWaterModel(const LocalMesh& m, const std::vector<std::string>& open_boundary_names, HydroOptions opt);
  ~ShallowWaterModel() override;

  // Forcing (all optional; without tides open boundaries radiate with eta_ext = 0).
  void set_tides(const TideSpec& spec);
  void set_rivers(std::vector<RiverSpec> rivers);
  // River `river` (an index into set_rivers' list) discharges q (m^3/s) from now on.
  void set_river_discharge(std::size_t river, double q_m3s) { rivers_.set_discharge(river, q_m3s); }
  void set_atmosphere(std::shared_ptr<AtmosphereForcing> atm) { atm_ = std::move(atm); }
  // Sub-tidal open-boundary forcing (a parent model): its level is added to the tide in
  // place of the boundaries' mean_level, its velocity is the Flather u_ext in place of
  // net_transport_m3s (forcing.hpp).
  void set_boundary_forcing(std::shared_ptr<BoundaryForcing> f) { parent_ = std::move(f); }
  // Manning n per local cell (owned and ghost); empty = options().manning everywhere.
  void set_manning(std::vector<double> n);
  // Initial surface per local cell (m); cells whose bottom is higher start dry.
  void set_initial_eta(const std::vector<double>& eta);
  // Initial normal velocity per local edge (m/s, left -> right); zero on land edges.
  void set_initial_edge_velocity(const std::vector<double>& u);

  // Restart: replaces the state (per local cell/edge, as from a restart file). `steps`
  // also sets the preconditioner schedule, so a restart at a multiple of
  // -hydro_pc_rebuild continues bit for bit.
  void restore_state(double t, long steps, const std::vector<double>& eta, const std::vector<double>& volume,
                     const std::vector<double>& edge_u, const std::vector<double>& edge_flux);

  // One time step of length options().dt (or `dt` if > 0).
  void step(double dt = 0);
  // Called at the end of every step (collectively, with the new state), e.g. to record
  // the surface at tide gauges (gauge_record.hpp); empty: none.
  void set_step_observer(std::function<void(const ShallowWaterModel&)> f) { observer_ = std::move(f); }

  // FlowProvider: steps from t0 to t0 + dt (in n equal steps no longer than options().dt)
  // and returns the mean fluxes, sources and the volumes at both ends.
  void advance(double t0, double dt, FlowState& s) override;
  double max_interval() const override { return std::numeric_limits<double>::infinity(); }

  double time() const { return t_; }
  const HydroOptions& options() const { return opt_; }
  const LocalMesh& mesh() const { return m_; }
  // Per local cell.
  const std::vector<double>& eta() const { return eta_; }
  const std::vector<double>& volume() const { return vol_; }
  const std::vector<double>& cell_u() const { return uc_; }
  const std::vector<double>& cell_v() const { return vc_; }
  const std::vector<double>& source_flow() const { return q_; }  // of the last step
  // Per local edge: normal velocity and the volume flux (m^3/s) of the last step.
  const std::vector<double>& edge_velocity() const { return u_; }
  const std::vector<double>& edge_flux() const { return flux_; }
  double last_dt() const { return last_dt_; }
  int last_ksp_iterations() const;
  // Steps between scheduled preconditioner rebuilds (restarts that fall on a multiple continue bit for bit).
  int pc_rebuild_every() const;
  long total_ksp_iterations() const;
  long preconditioner_setups() const;
  long steps() const { return steps_; }
  const HydroTimers& timers() const { return timers_; }
  // Total volume over all ranks (m^3).
  double total_volume() const;
  // Largest |u| over local edges and all ranks (m/s).
  double max_speed() const;

 private:
  void reconstruct_cell_velocity(const std::vector<double>& u, std::vector<double>& uc, std::vector<double>& vc);
  void halo(std::vector<double>& v) const;
  // Stops the run (Failure, same message on every rank) when the new state is non-finite
  // or out of range, naming the step, the cell, its position and the variable.
  void check_state(double t1) const;

  // What the phases of one step share: its length, the implicitness, its ends and the
  // start-up ramp there, which forcings are on, and each open boundary's wet section
  // (sum of length x depth, for the prescribed transports).
  struct StepFrame {
    double h = 0, theta = 0.5, t0 = 0, t1 = 0, ramp0 = 0, ramp1 = 0, ramp_mid = 0;
    bool wind = false, pressure = false;
    std::vector<double> section;
  };
  void step_forcing(StepFrame& s);
  // The Flather u_ext (m/s, outward) of open edge e of boundary bi at the step's end.
  double outward_velocity(int e, int bi, const OpenBoundarySpec* ob, const StepFrame& s) const;
  void step_edge_depths();
  void step_velocity_transport(const StepFrame& s);
  void step_momentum(const StepFrame& s);
  void step_continuity(const StepFrame& s);
  void step_new_velocities(const StepFrame& s);
  void step_positivity(const StepFrame& s);
  void step_volumes(const StepFrame& s);

  const LocalMesh& m_;
  std::vector<std::string> open_names_;
  HydroOptions opt_;
  std::unique_ptr<FreeSurfaceSystem> sys_;
  TidalBoundary tides_;
  bool has_tides_ = false;
  RiverSources rivers_;
  std::shared_ptr<AtmosphereForcing> atm_;
  std::shared_ptr<BoundaryForcing> parent_;
  std::vector<double> parent_eta_, un_ext_;  // per local edge; un_ext_ empty: no parent velocity

  double t_ = 0, last_dt_ = 0;
  long steps_ = 0;
  std::function<void(const ShallowWaterModel&)> observer_;
  // Geometry derived once.
  std::vector<double> delta_;    // per edge: centroid distance along the normal (boundary: twice to the edge)
  std::vector<double> bed_;      // per edge: sill depth min(h_L, h_R) (m, positive down)
  std::vector<double> f_;        // per local cell: Coriolis parameter
  std::vector<double> manning_;  // per local cell
  // State.
  std::vector<double> eta_, vol_, u_, uc_, vc_, flux_, q_;
  // Work arrays.
  std::vector<double> ua_, va_, fs_, gcoef_, hedge_, kcoup_, diag_, rhs_, eta_new_, u_new_, eta_ext_, eta_ext0_, u10_,
      v10_, pa_, taux_, tauy_, factor_;
  HydroTimers timers_;
};

}  // namespace beibu::hydro
