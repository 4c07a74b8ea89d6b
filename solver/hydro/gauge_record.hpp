#pragma once
// The surface at tide gauges as a run goes (beibu run's comparison with tide gauges,
// docs/hydrodynamics.md): at the end of every hydrodynamic step from model time
// `t_from` on, the elevation of one mesh cell per gauge. The value is the owning rank's,
// gathered to every rank (a sum in which the other ranks add zero), so the record does
// not depend on the number of ranks and is the same everywhere. A run's checkpoints
// carry it (times(), values(), restore()), so a resumed run's record is the uninterrupted
// one's.
#include <mpi.h>

#include <cstddef>
#include <vector>

namespace beibu {
struct LocalMesh;
}

namespace beibu::hydro {

class ShallowWaterModel;

class GaugeRecorder {
 public:
  // Collective. `faces`: global cell ids, one per gauge, the same on every rank
  // (Failure if one is not owned by exactly one rank).
  GaugeRecorder(const LocalMesh& m, const std::vector<long>& faces, double t_from);

  // Collective: appends eta (per local cell) at model time t, if t >= t_from.
  void sample(double t, const std::vector<double>& eta);
  // Samples every step of `model` (its step observer). The recorder must outlive it.
  void attach(ShallowWaterModel& model);

  std::size_t gauges() const { return local_.size(); }
  const std::vector<double>& times() const { return t_; }   // model seconds
  const std::vector<double>& values() const { return v_; }  // time-major: [i * gauges() + g]
  std::vector<std::vector<double>> series() const;          // per gauge
  // The record of a checkpoint (Failure if the sizes do not match).
  void restore(std::vector<double> times, std::vector<double> values);

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  std::vector<int> local_;  // owned local cell of each gauge, -1 on other ranks
  double t_from_ = 0;
  std::vector<double> t_, v_;
};

}  // namespace beibu::hydro
