#include "checkpoint.hpp"

#include <mpi.h>

#include "cell_gather.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/local_mesh.hpp"
#include "transport_model.hpp"

namespace beibu {

namespace {
std::string component_list(const TransportModel& model) {
  std::string s;
  for (const auto& c : model.components()) s += (s.empty() ? "" : ",") + c.name;
  return s;
}
}  // namespace

void write_checkpoint(const TransportModel& model, const std::string& path) {
  const LocalMesh& m = model.mesh();
  const int K = model.ncomp();
  const std::vector<double> mass = gather_cells(m, model.mass(), K);
  const std::vector<double> owned_vol(model.volume().begin(), model.volume().begin() + m.n_owned);
  const std::vector<double> vol = gather_cells(m, owned_vol, 1);
  const std::vector<double> budget = model.budget_state();
  // A write error on rank 0 (full disk) is thrown on every rank.
  run_on_root(m.comm, [&] {
    AtomicOutput out(path);
    {
      NcFile nc = NcFile::create(out.temp_path().string());
      nc.def_dim("nMesh_face", static_cast<std::size_t>(m.n_global_cells));
      nc.def_dim("ncomp", static_cast<std::size_t>(K));
      nc.def_dim("nbudget", budget.size());
      nc.def_var("mass", NC_DOUBLE, {"nMesh_face", "ncomp"}, 1);
      nc.put_att("mass", "units", "g");
      nc.put_att("mass", "long_name", "constituent mass per face (components in the order of attribute 'components')");
      nc.def_var("volume", NC_DOUBLE, {"nMesh_face"}, 1);
      nc.put_att("volume", "units", "m3");
      nc.def_var("budget_state", NC_DOUBLE, {"nbudget"});
      nc.put_att("", "components", component_list(model));
      nc.put_att("", "time_s", model.time());
      nc.put_att("", "steps", static_cast<double>(model.steps()));
      nc.put_att("", "title", "beibu transport checkpoint");
      nc.enddef();
      nc.put("mass", mass);
      nc.put("volume", vol);
      nc.put("budget_state", budget);
      nc.close();
    }
    out.commit();
  });
}

void read_checkpoint(TransportModel& model, const std::string& path) {
  const LocalMesh& m = model.mesh();
  const int K = model.ncomp();
  const NcFile nc = NcFile::open(path);
  for (const char* v : {"mass", "volume", "budget_state"})
    if (!nc.has_var(v)) throw InputError(path, std::string("variable '") + v + "'", "missing");
  if (!nc.has_dim("nMesh_face") || static_cast<long>(nc.dim_len("nMesh_face")) != m.n_global_cells)
    throw InputError(path, "dimension 'nMesh_face'", "the checkpoint was written for another mesh");
  if (nc.att_text("", "components") != component_list(model))
    throw InputError(
        path, "attribute 'components'",
        "holds '" + nc.att_text("", "components") + "', the run transports '" + component_list(model) + "'");
  if (!nc.has_dim("ncomp") || static_cast<int>(nc.dim_len("ncomp")) != K)
    throw InputError(path, "dimension 'ncomp'", "does not match the run's " + std::to_string(K) + " components");
  const std::vector<double> mass = NcVar(nc, {"mass", {"nMesh_face", "ncomp"}, "g"}).read();
  const std::vector<double> vol = NcVar(nc, {"volume", {"nMesh_face"}, "m3"}).read();
  const std::vector<double> budget = NcVar(nc, {"budget_state", {"nbudget"}, ""}).read();
  const auto t = nc.att_doubles("", "time_s");
  const auto steps = nc.att_doubles("", "steps");
  if (t.size() != 1 || steps.size() != 1) throw InputError(path, "attribute 'time_s'", "missing");
  if (mass.size() != static_cast<std::size_t>(m.n_global_cells) * K)
    throw InputError(path, "variable 'mass'", "has the wrong size");
  model.restore(t[0], static_cast<long>(steps[0]), pick_cells(m, mass, K, false), pick_cells(m, vol, 1, true), budget);
}

}  // namespace beibu
