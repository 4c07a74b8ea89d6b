#pragma once
// Multi-constituent advection-diffusion-reaction on the distributed mesh, in
// flux form with the volumes and face fluxes of a FlowState, so tracer mass
// balances exactly as water volume does.
//
// State: mass (g) of every component in every owned cell, interleaved
// m[cell * ncomp + k], so one pass over the mesh updates all components.
// One FlowState interval is split into equal sub-steps (the positivity limit
// below); each sub-step is Heun's SSP-RK2 (two forward-Euler stages and their
// average), then the exact linear kinetics (decay, settling, water-age production).
#include <functional>
#include <string>
#include <vector>

#include "mass_budget.hpp"
#include "transport_config.hpp"

namespace beibu {

struct Mesh;
struct LocalMesh;
struct FlowState;

class TransportModel {
 public:
  // `global` is the whole mesh (to place sources and name boundaries); `local` this rank's part.
  TransportModel(const Mesh& global, const LocalMesh& local, const TransportConfig& cfg);

  int ncomp() const { return static_cast<int>(comps_.size()); }
  const std::vector<ComponentInfo>& components() const { return comps_; }
  const LocalMesh& mesh() const { return m_; }

  // Sets masses from concentrations: the configured initial values, or f(component, x, y)
  // (g/m3, must be >= 0 and finite); `volume` per local cell (FlowState::volume0 of the first interval).
  void initialise(double t0, const std::vector<double>& volume);
  void initialise(double t0, const std::vector<double>& volume,
                  const std::function<double(int comp, double x, double y)>& concentration);

  // Sets the mass load (g/s) of `constituent` at point source `source` (index into
  // TransportConfig::sources) from now on; its tagged copy with the source's tag gets
  // the same load. Unknown source or constituent: Failure; negative or non-finite
  // load: InputError (file = the transport configuration).
  void set_source_load(std::size_t source, const std::string& constituent, double g_per_s);
  int n_sources() const { return static_cast<int>(sources_.size()); }

  // Advances over flow.t0 .. flow.t0 + flow.dt (flow.t0 must equal time()). Collective.
  void advance(const FlowState& flow);

  double time() const { return time_; }
  long steps() const { return steps_; }
  long substeps() const { return substeps_; }
  // Masses (g) of owned cells, interleaved; and concentrations (g/m3, 0 in dry cells).
  const std::vector<double>& mass() const { return mass_; }
  std::vector<double>& mass() { return mass_; }
  std::vector<double> concentration() const;
  const std::vector<double>& volume() const { return volume_; }  // per local cell, at time()
  bool is_wet(int cell) const;
  double total_mass(int comp) const;  // collective

  // The global budget since initialise (collective).
  MassBudget budget() const;

  // For checkpoints: global accumulators (same on all ranks) and restoring them.
  std::vector<double> budget_state() const;  // collective
  void restore(double t, long steps, const std::vector<double>& owned_mass, const std::vector<double>& volume,
               const std::vector<double>& budget_state);

  // Largest stable sub-step for this flow interval (positivity limit), for tests and diagnostics.
  double stable_substep(const FlowState& flow) const;

 private:
  void stage(const FlowState& flow, const double* m_in, const double* vol, double t_stage, double dts, double weight,
             double* m_out);
  // The stage with the component count fixed at compile time (KC > 0) so the
  // per-component loops unroll; KC = 0 reads it at run time. Same arithmetic.
  template <int KC>
  void stage_k(const FlowState& flow, const double* m_in, const double* vol, double t_stage, double dts, double weight,
               double* m_out);
  void boundary_values(double t);
  void prepare_kinetics(const FlowState& flow, double dts);
  void kinetics(double dts, double* m);
  void check_finite(const char* where) const;

  const LocalMesh& m_;
  TransportConfig cfg_;
  std::vector<ComponentInfo> comps_;
  int K_ = 0;
  double time_ = 0, t_start_ = 0;
  long steps_ = 0, substeps_ = 0;
  std::vector<double> mass_, volume_;

  // Geometry, built once.
  std::vector<int> nb_;                  // 3 per owned cell: neighbour local cell or -1
  std::vector<double> rx_, ry_;          // 3 per owned cell: centroid -> edge midpoint
  std::vector<double> lsx_, lsy_;        // 3 per owned cell: least-squares gradient weights
  std::vector<double> dcoef_, tx_, ty_;  // per edge: len / (d.n) and n - d/(d.n) (diffusion)
  std::vector<double> vdry_;             // per local cell: dry volume threshold

  // Sources and boundaries.
  struct Source {
    int cell = -1;                   // local owned cell or -1
    std::string tag;                 // tagged copies that share this source's loads
    std::vector<double> load, conc;  // per component
    bool has_conc = false;
  };
  std::vector<Source> sources_;
  std::vector<int> conc_source_of_cell_;  // owned cell -> source index carrying source_flow, or -1
  std::vector<std::string> source_names_, boundary_names_;
  struct BoundarySeries {
    std::vector<double> times;
    std::vector<std::vector<double>> values;  // per component; one value if constant
  };
  std::vector<BoundarySeries> bseries_;
  std::vector<double> bc_;  // per boundary * K at the current stage time

  // Work arrays.
  std::vector<double> C_, grad_, mm_, rhs_, m1_, m2_, vstage_, outflow_, scale_, fac_, dshare_;
  std::vector<char> wet_;
  bool any_kinetics_ = false;

  // Budget accumulators (this rank's part; rank 0 also carries restored totals).
  std::vector<double> b_initial_, b_src_, b_bin_, b_bout_, b_decay_, b_settle_, b_withdraw_, b_prod_;
};

}  // namespace beibu
