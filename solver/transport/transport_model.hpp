#pragma once
// Multi-constituent advection-diffusion-reaction on the distributed mesh. For each
// component (a constituent, a tagged copy of one, or a water-age part), with depth
// H, depth-mean velocity u and concentration C (g/m3):
//
//   d(HC)/dt + div(H u C) = div(K H grad C) - (k(T) + w_s / H) H C + S
//
// K: the horizontal diffusivity; k(T) = k20 theta^(T - 20): decay; w_s: settling
// velocity; S: point sources (loads, and the concentration their water carries) and
// withdrawals. Open boundaries let water in at their concentration; land carries
// nothing. Water age adds d(alpha)/dt = C for the age concentration alpha.
//
// Finite volumes: cell i holds the mass m_i = V_i C_i (g) in the volume V_i the
// FlowState gives, and with the flow's own edge volume fluxes F_e the water balances
// exactly as the tracer mass does:
//
//   dm_i/dt = - sum_e s_ie flux_e                       (advection and diffusion)
//             + Q_in C_src + loads - Q_out C_i          (point terms)
//             - (k + w_s / H) m_i                       (reactions, exact per step)
//   flux_e  = F_e C_face(upwind) - clip(D_e (C_r - C_l) + correction)
//
// with flux_e the net mass flux of edge e from its left cell to its right (s_ie = +1
// if i is the left cell, -1 otherwise), computed once per edge and stage, so what
// one cell loses the other gains. Where each part lives:
//   edge_flux.hpp       flux_e of one edge (advective, diffusive, open boundary)
//   limiter.hpp         the limited reconstruction C_face, and why it keeps bounds
//   stage.cpp           a stage: reconstruction, limiter, all edge fluxes, the update
//                       with the point terms; a step of a time level (Heun's SSP-RK2)
//   inputs.cpp          sources and open boundaries: what enters, and where
//   reactions.cpp       decay, settling and water age (kinetics.hpp: the rates)
//   time_levels.cpp     each cell's stable step and the interval's time levels
//   numbering.cpp       the internal cell order (memory locality), geometry arrays
//   model_budget.cpp    the mass budget and flux sections, booked from the edge fluxes
//   transport_model.cpp construction, initialisation and advance()
//
// State: mass (g) of every component in every owned cell, interleaved
// m[cell * ncomp + k], so one pass over the mesh updates all components.
// One FlowState interval is split into sub-steps by the positivity limit,
// cell by cell (local time stepping): each cell steps at dt_l = dt_0 / 2^l, the
// largest of these its own limit allows, neighbours at most one level apart. A
// step of level l is Heun's SSP-RK2 (two forward-Euler stages and their average),
// then the exact linear kinetics (decay, settling, water-age production); between
// its two stages the cells of level l + 1 take one full step of dt_l / 2. A flux
// between levels is computed by the finer side at its stages (with the coarser
// cell's stage value frozen) and the coarser cell receives the sum, so mass
// balances exactly; docs/transport.md gives the scheme and its positivity proof.
//
// Inside advance() the owned cells are renumbered for memory locality (reverse
// Cuthill-McKee over the owned cells' adjacency) and edges follow the cells; the
// public arrays (mass(), concentration(), volume()) stay in LocalMesh order. Each
// cell sums its three edge fluxes in LocalMesh::cell_edge order (the global mesh's
// order), and every edge flux is computed once and added to one cell and taken from
// the other, so mass balances exactly and a cell's update does not depend on the
// partition or on the renumbering.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "level_exchange.hpp"
#include "mass_budget.hpp"
#include "transport_config.hpp"

namespace beibu {

struct Mesh;
struct LocalMesh;
struct FlowState;

// Mass (g) carried through a flux section since initialise, per component:
// `positive` sums the transfers in the section's positive direction, `negative` the
// (positive) magnitudes of those against it, both advective + diffusive, taken edge
// by edge and stage by stage exactly as the scheme applies them. Net = positive - negative.
struct SectionFlux {
  std::string name;
  std::vector<double> positive, negative;
};

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
  // ... or from concentrations per owned cell (LocalMesh order) * component.
  void initialise(double t0, const std::vector<double>& volume, const std::vector<double>& concentration);

  // Sets the mass load (g/s) of `constituent` at point source `source` (handles into
  // the TransportConfig the model was built from) from now on; its tagged copy with
  // the source's tag gets the same load. A handle out of range: Failure; negative or
  // non-finite load: InputError (file = the transport configuration).
  void set_source_load(SourceHandle source, ConstituentHandle constituent, double g_per_s);
  int n_sources() const { return static_cast<int>(inputs_.sources.size()); }

  // Owned cells (LocalMesh order, ascending) with an edge on an open boundary.
  std::vector<int> open_boundary_cells() const;
  // From now on, the inflow concentration of component `comp` on the open edges of
  // those cells is per_cell[i] (g/m3; i indexes open_boundary_cells()), in place of
  // the constituent's boundary_default; a boundary given its own series for the
  // component (TransportConfig::boundaries) keeps it. Negative or non-finite: InputError.
  void set_boundary_field(int comp, const std::vector<double>& per_cell);

  // Advances over flow.t0 .. flow.t0 + flow.dt (flow.t0 must equal time()). Collective.
  void advance(const FlowState& flow);

  double time() const { return time_; }
  long steps() const { return steps_; }
  // Steps of the finest level taken so far, and cell-updates (one cell advanced one
  // step of its own level, all components) summed over all ranks.
  long substeps() const { return substeps_; }
  long long cell_updates() const { return cell_updates_; }
  // Times the owned cells were renumbered by time level (a memory layout; results do not depend on it).
  long renumberings() const { return num_.renumberings; }
  // This rank's share of them (owned cells), per time level: the ranks wait for each
  // other at every stage of every level, so each level's work must be balanced.
  const std::vector<long long>& local_level_updates() const { return local_level_updates_; }
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
  // The same limit cell by cell (owned cells, LocalMesh order; +inf where a cell sets
  // no limit). stable_substep is min(flow.dt, the global minimum of these).
  std::vector<double> cell_stable_steps(const FlowState& flow) const;

  // Flux sections. Registers a section: global faces and a local edge of each (edge j
  // of face f joins Mesh::tri nodes j and (j+1)%3, i.e. Mesh::face_edge[3f+j]); the
  // positive direction is out of that face. List each edge once. Every rank must pass
  // the same list. Register sections before initialise() or restore(): their totals
  // are part of budget_state(). Returns the section's index. Bad face or edge: Failure.
  int add_flux_section(const std::string& name, const std::vector<std::pair<long, int>>& faces_and_edges);
  int n_sections() const { return static_cast<int>(budget_.sections.size()); }
  // Totals since initialise (collective; the same on every rank).
  std::vector<SectionFlux> section_fluxes() const;

 private:
  // Edge codes in EdgeGeometry::boundary besides an open boundary's index (>= 0).
  static constexpr int kInteriorEdge = -1, kLandEdge = -2;

  // The internal numbering (numbering.cpp): owned cells renumbered for locality,
  // ghosts keep their positions [n_owned, n_local); edges in order of first use by
  // the internal cells.
  struct Numbering {
    std::vector<int> local_cell, internal_cell;  // internal -> LocalMesh cell, and back (n_local)
    std::vector<int> local_edge;                 // internal edge -> LocalMesh edge
    std::vector<int> base_order;                 // owned LocalMesh cells in the base numbering's order
    long renumberings = 0;                       // renumberings by level so far
    double seconds = 0;                          // wall time spent renumbering (debug log)
    double locality = 1;                         // the measure renumber_by_level tests (before renumbering)
    std::unique_ptr<LevelExchange> exchange;     // ghost exchange in this numbering, by level (null on one rank)
  };
  // Cell geometry in the internal numbering (apply_numbering); 3 entries per owned
  // cell, in LocalMesh::cell_edge order, unless noted.
  struct CellGeometry {
    std::vector<int> neighbour;            // neighbour (internal) or -1
    std::vector<int> edge;                 // internal edge
    std::vector<double> edge_sign;         // +1 if the cell is the edge's left cell, else -1
    std::vector<double> face_x, face_y;    // centroid -> edge midpoint
    std::vector<double> lsq_x, lsq_y;      // least-squares gradient weights
    std::vector<double> area, dry_volume;  // per local cell: area, dry volume threshold
  };
  // Edge geometry in the internal numbering (apply_numbering), per edge unless noted.
  struct EdgeGeometry {
    std::vector<int> left, right;                // cells (internal); right = -1 on the boundary
    std::vector<int> boundary;                   // open boundary index, kInteriorEdge or kLandEdge
    std::vector<double> left_face, right_face;   // 2 per edge: left / right centroid -> midpoint
    std::vector<double> diffusion_coef, length;  // len / (d.n), len (diffusion)
    std::vector<double> cross_x, cross_y;        // n - d / (d.n): the non-orthogonal correction's direction
  };
  // This interval's flow in the internal numbering (load_flow), and the rates the
  // step limit and the limiter derive from it (limiter.hpp).
  struct IntervalFlow {
    std::vector<double> edge_flux;         // m3/s, left -> right (out of the domain on the boundary)
    std::vector<double> volume0, volume1;  // per local cell, at the interval's start and end
    std::vector<double> point_flow;        // per owned cell: FlowState::source_flow
    std::vector<double> outflow;           // per local cell: sum of outflows + withdrawal (dry cells' scaling)
    // Per owned cell: each edge's outflow rate (3 per cell), the rate of the step limit
    // (sum of outflows + 2 sum D + withdrawal) and the rate below which any limited
    // gradient keeps the bounds (3 max outflow + 2 sum D + withdrawal).
    std::vector<double> out_rate, step_rate, free_rate;
  };
  // Sources and open boundaries (inputs.cpp).
  struct Source {
    std::vector<int> cells;          // local owned cells it enters (none on other ranks' cells)
    std::vector<double> shares;      // of its load, per cell in `cells`
    std::string tag;                 // tagged copies that share this source's loads
    std::vector<double> load, conc;  // per component
    bool has_conc = false;
  };
  struct BoundarySeries {
    std::vector<double> times;
    std::vector<std::vector<double>> values;  // per component; one value if constant
  };
  struct Inputs {
    std::vector<Source> sources;
    std::vector<int> conc_source_of_cell;  // owned cell -> source index carrying source_flow, or -1
    std::vector<std::string> source_names, boundary_names;
    std::vector<BoundarySeries> boundary_series;
    std::vector<double> boundary_conc;  // per boundary * K at the current stage time
    // Inflow concentrations given cell by cell (set_boundary_field): per component, per
    // LocalMesh cell (empty: none for it); a boundary's own series wins where
    // boundary_series_given (per boundary * K) is set. edge_conc: one edge's K values.
    std::vector<std::vector<double>> boundary_field;
    std::vector<char> boundary_series_given;
    bool any_boundary_field = false;
    std::vector<double> edge_conc;
    // This interval's point cells: owned cells with point flow or a point source, ascending (internal).
    std::vector<int> point_cells;
    std::vector<int> point_src_start, point_src;  // their point sources (CSR, source order)
    std::vector<double> point_share;              // each one's share of its source's load, as point_src
    std::vector<double> point_rate;               // their constant inputs this interval (g/s per component)
  };
  // The time levels of the current interval (time_levels.cpp; internal numbering).
  struct LevelPlan {
    int finest = 0;                                   // finest level L
    long n0 = 1;                                      // level-0 steps per interval
    double t0 = 0, length = 0;                        // interval start and length
    double dt_stable = 0;                             // the smallest stable step (all ranks)
    std::vector<double> dt;                           // step of each level
    std::vector<int> level;                           // per local cell
    std::vector<int> edge_level;                      // per edge: the finer side's level
    std::vector<std::vector<int>> cells, ghosts;      // owned / ghost cells per level
    std::vector<std::vector<int>> interior_edges;     // interior edges per level (the finer side's)
    std::vector<std::vector<int>> open_edges;         // open-boundary edges per level
    std::vector<std::vector<int>> up_edges;           // edges of level l whose other cell is on l - 1
    std::vector<std::vector<int>> point_cells;        // indices into Inputs::point_cells per level
    std::vector<std::vector<int>> ring, ring_ghosts;  // owned / ghost cells of level l + 1 next to level l
  };
  // The stage's arrays (stage.cpp; internal numbering). conc, grad and range hold KP_
  // (K_ padded to whole lane groups) values per local cell: grad x then y, range
  // minima then maxima.
  struct StageWork {
    std::vector<double> mass, mass1;  // per owned cell * K: current masses, stage-1 masses
    std::vector<double> conc, grad, range;
    std::vector<double> edge_flux;          // per edge * K: net mass flux (g/s, left -> right)
    std::vector<double> fine_exchange;      // per edge * K: the finer side's time integral over its current step
    std::vector<double> volume, dry_scale;  // per local cell: stage volume, a dry cell's outflow scaling
    std::vector<char> wet;                  // per local cell
    std::vector<double> point_result;       // per point cell * K: stage result (written after the main update)
    std::vector<double> scratch;            // a cell's right-hand side for run-time K
  };
  // Kinetics frozen over the interval (reactions.cpp), per owned cell * K.
  struct Reactions {
    bool any = false;
    std::vector<double> survival, decay_share;  // exp(-(kd + ks) dt_l); kd / (kd + ks)
  };
  // Flux sections: entries this rank counts (the owner of the entry's face).
  struct Section {
    std::string name;
    std::vector<int> edge;        // internal edge
    std::vector<int> local_edge;  // the same, LocalMesh edge (kept across renumberings)
    std::vector<double> orient;   // +1: positive = left -> right
  };
  // Budget accumulators (model_budget.cpp; this rank's part, rank 0 also carries restored totals).
  struct BudgetAccumulators {
    std::vector<double> initial, source_in, boundary_in, boundary_out, decay, settling, withdrawal, production;
    std::vector<Section> sections;
    std::vector<double> section_pos, section_neg;  // per section * K
  };

  // Local time stepping (time_levels.cpp). assign_levels: the interval's level ladder
  // and each local cell's level; build_level_lists: the per-level cell, edge and
  // exchange lists (after load_flow).
  void assign_levels(const std::vector<double>& cell_dt, double interval);
  void build_level_lists();
  void count_updates(const std::vector<double>& cell_dt, double interval);
  void load_flow(const FlowState& flow);
  double diffusion_bound(int p, int f) const;

  // The stage kernel (stage.cpp). step_level advances level l (and, recursively, the
  // finer ones) by one step from interval fraction a0 (a coarser level's step calls it
  // twice, once per stage). stage_fluxes_k: the stage's edge fluxes of level l (m_in:
  // the level's stage state at fraction a_cell; the next finer level is refreshed
  // from stage_.mass at a_fine), in phases: refresh_stage_k, gradients_k, limit_k,
  // edge_fluxes_k. update_k: the level's forward-Euler update (stage 0: m_out = m_in
  // + dt R; stage 1: m_out = (stage_.mass + m_in + dt R) / 2, Heun's average).
  // KC > 0 fixes the component count at compile time so the per-component loops
  // unroll; KC = 0 reads it at run time. Same arithmetic.
  void step_level(int l, double a0);
  template <int KC>
  void stage_fluxes_k(int l, const double* m_in, double a_cell, double a_fine);
  template <int KC>
  void refresh_stage_k(int l, const double* m_in, double a_cell, double a_fine);
  template <int KC>
  void gradients_k(int l);
  template <int KC>
  void limit_k(int l);
  template <int KC>
  void edge_fluxes_k(int l, double a_cell);
  template <int KC>
  void update_k(int l, int stage, const double* m_in, double* m_out);
  // Right-hand side of point cell i's sources and withdrawals (added after its edges;
  // the sources' budget is booked once per interval in load_flow, withdrawals per stage).
  void point_terms(std::size_t i, const double* C, double weight, double dts, double* r);

  // Sources and boundaries (inputs.cpp).
  void boundary_values(double t);
  // The K inflow concentrations of an open edge of boundary b whose inner cell is
  // `cell` (internal numbering): the boundary's series, or the fields set for it.
  const double* open_edge_concentration(int b, int cell);
  // Places the configured sources on this rank's cells and reads the boundary series (constructor).
  void setup_inputs(const Mesh& global);
  // This interval's cells with point flow or a point source, and their constant inputs (load_flow).
  void collect_point_inputs(const FlowState& flow);
  // The base numbering (reverse Cuthill-McKee, grouped by the cells' likely time level)
  // and the arrays of a numbering: `order` lists the owned cells (LocalMesh) in internal
  // order. Collective (the ghost exchanges are rebuilt).
  void build_numbering();
  void apply_numbering(const std::vector<int>& order);
  // The geometry arrays in the internal numbering (apply_numbering; ie: LocalMesh edge -> internal edge).
  void build_cell_geometry(const std::vector<int>& ie);
  void build_edge_geometry();
  // Renumbers the owned cells by this interval's time level (finest first, the base
  // order within a level) when a level's cells have become scattered (collective).
  void renumber_by_level();
  // Reactions (reactions.cpp): rates frozen per interval, applied after each cell's step.
  void prepare_kinetics(const FlowState& flow);
  void kinetics(int l, double t_end, double* m);  // t_end: the time at the end of this level's step
  // The budget (model_budget.cpp), booked from the stage's edge fluxes of level l
  // (Heun weight 1/2 per stage): open boundaries, and flux sections.
  void book_boundary_fluxes(int l, double dts);
  void accumulate_sections(int l, double weight, double dts);
  void check_finite(const char* where) const;

  const LocalMesh& m_;
  TransportConfig cfg_;
  std::vector<ComponentInfo> comps_;
  int K_ = 0;
  int KP_ = 0;  // K_ padded to whole lane groups: the stride of the stage's cell arrays
  double time_ = 0, t_start_ = 0;
  long steps_ = 0, substeps_ = 0;
  long long cell_updates_ = 0;
  std::vector<long long> local_level_updates_;
  std::vector<double> mass_, volume_;  // owned cells' masses (interleaved) and local volumes, LocalMesh order
  std::vector<double> dry_volume_;     // per local cell (LocalMesh order): dry volume threshold
  std::vector<int> face_edge_;         // 3 per owned cell (LocalMesh order): global edges, Mesh::face_edge

  Numbering num_;
  CellGeometry cell_;
  EdgeGeometry edge_;
  IntervalFlow flow_;
  Inputs inputs_;
  LevelPlan plan_;
  StageWork stage_;
  Reactions react_;
  BudgetAccumulators budget_;
};

}  // namespace beibu
