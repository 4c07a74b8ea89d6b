#include "gauge_record.hpp"

#include <utility>

#include "core/error.hpp"
#include "mesh/local_mesh.hpp"
#include "shallow_water.hpp"

namespace beibu::hydro {

GaugeRecorder::GaugeRecorder(const LocalMesh& m, const std::vector<long>& faces, double t_from)
    : comm_(m.comm), local_(faces.size(), -1), t_from_(t_from) {
  std::vector<int> mine(faces.size(), 0), owners(faces.size(), 0);
  for (std::size_t g = 0; g < faces.size(); ++g)
    for (int c = 0; c < m.n_owned; ++c)
      if (m.cell_gid[c] == faces[g]) {
        local_[g] = c;
        mine[g] = 1;
      }
  if (!faces.empty())
    MPI_Allreduce(mine.data(), owners.data(), static_cast<int>(faces.size()), MPI_INT, MPI_SUM, comm_);
  for (std::size_t g = 0; g < faces.size(); ++g)
    if (owners[g] != 1)
      throw Failure("gauge record: cell " + std::to_string(faces[g]) + " is owned by " + std::to_string(owners[g]) +
                    " ranks");
}

void GaugeRecorder::sample(double t, const std::vector<double>& eta) {
  if (t < t_from_ - 1e-6 || local_.empty()) return;
  const std::size_t ng = local_.size();
  std::vector<double> loc(ng, 0.0), glob(ng, 0.0);
  for (std::size_t g = 0; g < ng; ++g)
    if (local_[g] >= 0) loc[g] = eta[static_cast<std::size_t>(local_[g])];
  MPI_Allreduce(loc.data(), glob.data(), static_cast<int>(ng), MPI_DOUBLE, MPI_SUM, comm_);
  t_.push_back(t);
  v_.insert(v_.end(), glob.begin(), glob.end());
}

void GaugeRecorder::attach(ShallowWaterModel& model) {
  model.set_step_observer([this](const ShallowWaterModel& m) { sample(m.time(), m.eta()); });
}

std::vector<std::vector<double>> GaugeRecorder::series() const {
  const std::size_t ng = local_.size();
  std::vector<std::vector<double>> out(ng, std::vector<double>(t_.size()));
  for (std::size_t i = 0; i < t_.size(); ++i)
    for (std::size_t g = 0; g < ng; ++g) out[g][i] = v_[i * ng + g];
  return out;
}

void GaugeRecorder::restore(std::vector<double> times, std::vector<double> values) {
  if (values.size() != times.size() * local_.size())
    throw Failure("gauge record: " + std::to_string(values.size()) + " values for " + std::to_string(times.size()) +
                  " times and " + std::to_string(local_.size()) + " gauges");
  t_ = std::move(times);
  v_ = std::move(values);
}

}  // namespace beibu::hydro
