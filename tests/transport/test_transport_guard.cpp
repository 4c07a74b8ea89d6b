// A state that becomes non-finite stops the run at once with the same message on
// every rank, naming the step, the cell (global id), its position and the
// constituent -- also when the bad cell lives on another rank than rank 0.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/petsc_env.hpp"
#include "solver/transport/providers/analytic_flow.hpp"
#include "transport_cases.hpp"

using namespace beibu;
using namespace beibu::test;

namespace {

void poison_and_advance(MPI_Comm comm) {
  const Mesh g = square_mesh(10000, 10, 0.2, false);
  const LocalMesh lm = distribute_mesh(g, comm);
  TransportModel model(g, lm,
                       parse_transport_config(Config::load_string(R"(
constituents: [{name: A, initial: 1.0}, {name: B, initial: 2.0}]
)",
                                                                  "guard.yaml")));
  auto flow = make_uniform_flow(lm, 0.2, 0.1);
  FlowState fs;
  flow->advance(0, 100, fs);
  model.initialise(0, fs.volume0);
  // Cell 0, constituent B: within the step the NaN reaches the neighbours, whose ids
  // are higher, so cell 0 is the one reported (by whichever rank owns it).
  const long target = 0, expect = 0;
  for (int c = 0; c < lm.n_owned; ++c)
    if (lm.cell_gid[c] == target) model.mass()[static_cast<std::size_t>(c) * model.ncomp() + 1] = NAN;
  std::string msg;
  try {
    model.advance(fs);
  } catch (const Failure& e) {
    msg = e.what();
  }
  INFO(msg);
  CHECK(msg.find("non-finite state after step") != std::string::npos);
  CHECK(msg.find("cell " + std::to_string(expect) + " at lon") != std::string::npos);
  CHECK(msg.find("constituent 'B'") != std::string::npos);
}

}  // namespace

TEST_CASE("A non-finite state stops the run naming step, cell, position and constituent", "[transport]") {
  poison_and_advance(PETSC_COMM_SELF);
}

TEST_CASE("A non-finite state on any rank is reported the same on every rank", "[mpi]") {
  poison_and_advance(PETSC_COMM_WORLD);
}
