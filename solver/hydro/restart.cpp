#include "restart.hpp"

#include <mpi.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/local_mesh.hpp"
#include "shallow_water.hpp"

namespace beibu::hydro {

namespace {
// Gathers owned-cell (or left-owned-edge) values onto rank 0 in global order.
std::vector<double> gather(const LocalMesh& m, const std::vector<long>& gid, const std::vector<double>& val,
                           std::size_t n_global) {
  int size = 1, rank = 0;
  MPI_Comm_size(m.comm, &size);
  MPI_Comm_rank(m.comm, &rank);
  const int n = static_cast<int>(gid.size());
  std::vector<int> counts(size), displs(size, 0);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, m.comm);
  for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
  std::vector<long> all_gid(rank == 0 ? n_global : 0);
  std::vector<double> all_val(all_gid.size()), out(all_gid.size());
  MPI_Gatherv(gid.data(), n, MPI_LONG, all_gid.data(), counts.data(), displs.data(), MPI_LONG, 0, m.comm);
  MPI_Gatherv(val.data(), n, MPI_DOUBLE, all_val.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, m.comm);
  for (std::size_t i = 0; i < all_gid.size(); ++i) out[all_gid[i]] = all_val[i];
  return out;
}
}  // namespace

void write_restart(const ShallowWaterModel& model, const Mesh& mesh, const std::string& path) {
  const LocalMesh& m = model.mesh();
  std::vector<long> cg(m.cell_gid.begin(), m.cell_gid.begin() + m.n_owned), eg;
  std::vector<double> eta(model.eta().begin(), model.eta().begin() + m.n_owned),
      vol(model.volume().begin(), model.volume().begin() + m.n_owned), u, flux;
  for (int e = 0; e < m.n_edges(); ++e)
    if (m.edge_left[e] < m.n_owned) {
      eg.push_back(m.edge_gid[e]);
      u.push_back(model.edge_velocity()[e]);
      flux.push_back(model.edge_flux()[e]);
    }
  const auto g_eta = gather(m, cg, eta, mesh.n_faces()), g_vol = gather(m, cg, vol, mesh.n_faces());
  const auto g_u = gather(m, eg, u, mesh.n_edges()), g_flux = gather(m, eg, flux, mesh.n_edges());
  int ok = 1;
  std::string err;
  int rank = 0;
  MPI_Comm_rank(m.comm, &rank);
  if (rank == 0) {
    try {
      AtomicOutput out(path);
      {
        NcFile nc = NcFile::create(out.temp_path().string());
        nc.put_att("", "title", "beibu hydrodynamics restart");
        nc.put_att("", "time_seconds", model.time());
        nc.put_att("", "steps", static_cast<double>(model.steps()));
        nc.put_att("", "start_utc", model.options().start_utc);
        nc.def_dim("nMesh_face", mesh.n_faces());
        nc.def_dim("nMesh_edge", mesh.n_edges());
        nc.def_var("eta", NC_DOUBLE, {"nMesh_face"});
        nc.def_var("volume", NC_DOUBLE, {"nMesh_face"});
        nc.def_var("edge_velocity", NC_DOUBLE, {"nMesh_edge"});
        nc.def_var("edge_flux", NC_DOUBLE, {"nMesh_edge"});
        nc.enddef();
        nc.put("eta", g_eta);
        nc.put("volume", g_vol);
        nc.put("edge_velocity", g_u);
        nc.put("edge_flux", g_flux);
        nc.close();
      }
      out.commit();
    } catch (const std::exception& e) {
      ok = 0;
      err = e.what();
    }
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, m.comm);
  if (!ok) throw Failure(rank == 0 ? err : "writing the restart file failed on rank 0");
}

void read_restart(ShallowWaterModel& model, const std::string& path) {
  const LocalMesh& m = model.mesh();
  NcFile nc = NcFile::open(path);
  if (!nc.has_dim("nMesh_face") || !nc.has_dim("nMesh_edge") ||
      nc.dim_len("nMesh_face") != static_cast<std::size_t>(m.n_global_cells))
    throw InputError(path, "dimension 'nMesh_face'", "the restart file does not belong to this mesh");
  if (nc.att_text("", "start_utc") != model.options().start_utc)
    throw InputError(path, "attribute 'start_utc'",
                     "the run starts at '" + model.options().start_utc + "' but the restart file at '" +
                         nc.att_text("", "start_utc") + "'");
  const auto t = nc.att_doubles("", "time_seconds"), steps = nc.att_doubles("", "steps");
  if (t.size() != 1 || steps.size() != 1) throw InputError(path, "attribute 'time_seconds'", "missing");
  auto read = [&](const char* var, const char* dim) { return NcVar(nc, {var, {dim}, ""}).read(); };
  const auto g_eta = read("eta", "nMesh_face"), g_vol = read("volume", "nMesh_face");
  const auto g_u = read("edge_velocity", "nMesh_edge"), g_flux = read("edge_flux", "nMesh_edge");
  // Every rank decides together: an edge this rank needs beyond the file's edges.
  int short_file = 0;
  for (int e = 0; e < m.n_edges(); ++e) short_file |= static_cast<std::size_t>(m.edge_gid[e]) >= g_u.size();
  MPI_Allreduce(MPI_IN_PLACE, &short_file, 1, MPI_INT, MPI_MAX, m.comm);
  if (short_file) throw InputError(path, "dimension 'nMesh_edge'", "the restart file does not belong to this mesh");
  std::vector<double> eta(m.n_local), vol(m.n_local), u(m.n_edges()), flux(m.n_edges());
  for (int c = 0; c < m.n_local; ++c) eta[c] = g_eta.at(m.cell_gid[c]), vol[c] = g_vol.at(m.cell_gid[c]);
  for (int e = 0; e < m.n_edges(); ++e) u[e] = g_u.at(m.edge_gid[e]), flux[e] = g_flux.at(m.edge_gid[e]);
  model.restore_state(t[0], static_cast<long>(steps[0]), eta, vol, u, flux);
}

}  // namespace beibu::hydro
