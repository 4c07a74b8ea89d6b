#include "hydro_output.hpp"

#include <mpi.h>

#include <cmath>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/ugrid_io.hpp"
#include "shallow_water.hpp"

namespace beibu::hydro {

namespace {
std::vector<int> displacements(const std::vector<int>& counts) {
  std::vector<int> d(counts.size(), 0);
  for (std::size_t i = 1; i < counts.size(); ++i) d[i] = d[i - 1] + counts[i - 1];
  return d;
}
}  // namespace

HydroWriter::HydroWriter(const Mesh& mesh, const LocalMesh& lm, const std::string& path, const std::string& start_utc,
                         double interval)
    : mesh_(mesh), lm_(lm), interval_(interval) {
  if (!(interval > 0)) throw InputError(path, "", "the output interval must be > 0 s");
  MPI_Comm_rank(lm.comm, &rank_);
  int size = 1;
  MPI_Comm_size(lm.comm, &size);
  // Each global edge is written by the rank that owns its left (first) face.
  for (int e = 0; e < lm.n_edges(); ++e)
    if (lm.edge_left[e] < lm.n_owned) my_edges_.push_back(e);
  const int nc_own = lm.n_owned, ne_own = static_cast<int>(my_edges_.size());
  cell_counts_.assign(size, 0);
  edge_counts_.assign(size, 0);
  MPI_Gather(&nc_own, 1, MPI_INT, cell_counts_.data(), 1, MPI_INT, 0, lm.comm);
  MPI_Gather(&ne_own, 1, MPI_INT, edge_counts_.data(), 1, MPI_INT, 0, lm.comm);
  cell_displs_ = displacements(cell_counts_);
  edge_displs_ = displacements(edge_counts_);
  std::vector<long> my_cells(lm.cell_gid.begin(), lm.cell_gid.begin() + lm.n_owned), my_egids;
  for (int e : my_edges_) my_egids.push_back(lm.edge_gid[e]);
  if (rank_ == 0) {
    cell_gids_.resize(mesh.n_faces());
    edge_gids_.resize(mesh.n_edges());
  }
  MPI_Gatherv(my_cells.data(), nc_own, MPI_LONG, cell_gids_.data(), cell_counts_.data(), cell_displs_.data(), MPI_LONG,
              0, lm.comm);
  MPI_Gatherv(my_egids.data(), ne_own, MPI_LONG, edge_gids_.data(), edge_counts_.data(), edge_displs_.data(), MPI_LONG,
              0, lm.comm);
  acc_flux_.assign(lm.n_edges(), 0.0);
  acc_q_.assign(lm.n_local, 0.0);

  int ok = 1;
  std::string err;
  if (rank_ == 0) {
    try {
      out_ = std::make_unique<AtomicOutput>(path);
      nc_ = std::make_unique<NcFile>(NcFile::create(out_->temp_path().string()));
      NcFile& nc = *nc_;
      nc.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
      nc.put_att("", "title", "beibu hydrodynamics (depth-averaged shallow water)");
      nc.put_att("", "institution", "beibu");
      nc.put_att("", "source", "beibu semi-implicit shallow-water model");
      nc.put_att("", "featureType", "mesh");
      define_ugrid(nc, mesh);
      nc.def_dim("time", 0);
      nc.def_var("time", NC_DOUBLE, {"time"});
      std::string units = start_utc;
      if (units.size() == 10) units += " 00:00:00";
      nc.put_att("time", "units", "seconds since " + units);
      nc.put_att("time", "calendar", "standard");
      nc.put_att("time", "standard_name", "time");
      nc.put_att("time", "axis", "T");
      struct V {
        const char *name, *dim, *units, *standard, *long_name;
      };
      const V vars[] = {
          {"volume", "nMesh_face", "m3", "", "water volume of the cell"},
          {"edge_flux", "nMesh_edge", "m3 s-1", "",
           "volume flux through the edge, mean over the interval ending at time; positive from mesh_edge_faces[0] to "
           "[1], outward on the boundary"},
          {"source_flow", "nMesh_face", "m3 s-1", "",
           "inflow from rivers and outfalls into the cell, mean over the interval ending at time"},
          {"eta", "nMesh_face", "m", "sea_surface_height_above_mean_sea_level", "free surface elevation"},
          {"u", "nMesh_face", "m s-1", "sea_water_x_velocity", "depth-averaged velocity, x of the model projection"},
          {"v", "nMesh_face", "m s-1", "sea_water_y_velocity", "depth-averaged velocity, y of the model projection"},
      };
      for (const V& v : vars) {
        nc.def_var(v.name, NC_DOUBLE, {"time", v.dim}, 1);
        nc.put_att(v.name, "units", v.units);
        if (*v.standard) nc.put_att(v.name, "standard_name", v.standard);
        nc.put_att(v.name, "long_name", v.long_name);
        if (std::string(v.dim) == "nMesh_face") {
          put_face_attributes(nc, v.name);
        } else {
          nc.put_att(v.name, "mesh", "mesh");
          nc.put_att(v.name, "location", "edge");
        }
        if (std::string(v.name) == "edge_flux" || std::string(v.name) == "source_flow")
          nc.put_att(v.name, "cell_methods", "time: mean");
      }
      nc.enddef();
      write_ugrid_data(nc, mesh);
    } catch (const std::exception& e) {
      ok = 0;
      err = e.what();
    }
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, lm.comm);
  if (!ok) throw Failure(rank_ == 0 ? err : "hydrodynamics output could not be created (see rank 0)");
}

HydroWriter::~HydroWriter() = default;

std::vector<double> HydroWriter::gather_cells(const std::vector<double>& local) const {
  std::vector<double> all(rank_ == 0 ? mesh_.n_faces() : 0), out(all.size());
  MPI_Gatherv(local.data(), lm_.n_owned, MPI_DOUBLE, all.data(), cell_counts_.data(), cell_displs_.data(), MPI_DOUBLE,
              0, lm_.comm);
  for (std::size_t i = 0; i < all.size(); ++i) out[cell_gids_[i]] = all[i];
  return out;
}

std::vector<double> HydroWriter::gather_edges(const std::vector<double>& local) const {
  std::vector<double> mine(my_edges_.size());
  for (std::size_t i = 0; i < my_edges_.size(); ++i) mine[i] = local[my_edges_[i]];
  std::vector<double> all(rank_ == 0 ? mesh_.n_edges() : 0), out(all.size());
  MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.data(), edge_counts_.data(),
              edge_displs_.data(), MPI_DOUBLE, 0, lm_.comm);
  for (std::size_t i = 0; i < all.size(); ++i) out[edge_gids_[i]] = all[i];
  return out;
}

void HydroWriter::write_initial(const ShallowWaterModel& model) {
  std::fill(acc_flux_.begin(), acc_flux_.end(), 0.0);
  std::fill(acc_q_.begin(), acc_q_.end(), 0.0);
  acc_t_ = 0;
  write_record(model, 1.0);
}

void HydroWriter::after_step(const ShallowWaterModel& model) {
  const double h = model.last_dt();
  const auto& f = model.edge_flux();
  const auto& q = model.source_flow();
  for (std::size_t e = 0; e < acc_flux_.size(); ++e) acc_flux_[e] += f[e] * h;
  for (std::size_t c = 0; c < acc_q_.size(); ++c) acc_q_[c] += q[c] * h;
  acc_t_ += h;
  if (acc_t_ >= interval_ - 1e-6 * h) {
    const double span = acc_t_;
    for (double& v : acc_flux_) v /= span;
    for (double& v : acc_q_) v /= span;
    write_record(model, span);
    std::fill(acc_flux_.begin(), acc_flux_.end(), 0.0);
    std::fill(acc_q_.begin(), acc_q_.end(), 0.0);
    acc_t_ = 0;
  }
}

void HydroWriter::write_record(const ShallowWaterModel& model, double) {
  const auto vol = gather_cells(model.volume());
  const auto eta = gather_cells(model.eta());
  const auto u = gather_cells(model.cell_u());
  const auto v = gather_cells(model.cell_v());
  const auto q = gather_cells(acc_q_);
  const auto flux = gather_edges(acc_flux_);
  if (rank_ == 0) {
    const std::size_t n = static_cast<std::size_t>(records_), nf = mesh_.n_faces(), ne = mesh_.n_edges();
    const double t = model.time();
    nc_->put_slab("time", {n}, {1}, &t);
    nc_->put_slab("volume", {n, 0}, {1, nf}, vol.data());
    nc_->put_slab("edge_flux", {n, 0}, {1, ne}, flux.data());
    nc_->put_slab("source_flow", {n, 0}, {1, nf}, q.data());
    nc_->put_slab("eta", {n, 0}, {1, nf}, eta.data());
    nc_->put_slab("u", {n, 0}, {1, nf}, u.data());
    nc_->put_slab("v", {n, 0}, {1, nf}, v.data());
  }
  ++records_;
}

void HydroWriter::finish() {
  int ok = 1;
  std::string err;
  if (rank_ == 0 && nc_) {
    try {
      nc_->close();
      nc_.reset();
      out_->commit();
    } catch (const std::exception& e) {
      ok = 0;
      err = e.what();
    }
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, lm_.comm);
  if (!ok) throw Failure(rank_ == 0 ? err : "hydrodynamics output could not be completed (see rank 0)");
}

}  // namespace beibu::hydro
