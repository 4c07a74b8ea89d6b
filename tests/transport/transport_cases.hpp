#pragma once
// Shared set-ups for the transport tests: meshes, configurations, runs, norms.
#include <memory>
#include <string>
#include <vector>

#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/synthetic.hpp"
#include "solver/flow.hpp"
#include "solver/transport/transport_config.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu::test {

// Square [0, L]^2, n x n squares, interior nodes perturbed by `perturb`, depth 10 m.
Mesh square_mesh(double L, int n, double perturb, bool open, unsigned seed = 7);

// The square mesh with x mapped to L (x / L)^2: cells shrink towards x = 0 (a
// size ratio of about 2n across the mesh), so local time stepping uses many levels.
Mesh graded_mesh(double L, int n, bool open, unsigned seed = 7);

// Config with the given constituents (name only, conservative) and options.
TransportConfig simple_config(const std::vector<std::string>& names, double diffusivity = 0);

// Advances `model` with `flow` to t_end in intervals of dt.
void run(TransportModel& model, FlowProvider& flow, FlowState& fs, double t_end, double dt);

// Relative L1 error of component k against exact(x, y) over owned cells (collective).
double rel_l1_error(const TransportModel& model, int k, const std::function<double(double, double)>& exact);

// Global min and max concentration of component k over wet owned cells (collective).
void global_range(const TransportModel& model, int k, double& lo, double& hi);

// Least-squares slope of log(e) against log(h).
double fitted_order(const std::vector<double>& h, const std::vector<double>& e);

}  // namespace beibu::test
