#include "stored_flow.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ingest/cf_time.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/ugrid_io.hpp"

namespace beibu {

StoredFlow::StoredFlow(const std::string& path, const Mesh& g, const LocalMesh& m, StoredFlowOptions opt)
    : m_(m), path_(path), opt_(opt) {
  auto file = std::make_shared<NcFile>(NcFile::open(path));
  nc_ = file;
  const NcFile& nc = *file;
  const std::size_t nf = g.n_faces(), ne = g.n_edges();
  nf_ = nf;
  ne_ = ne;
  // By dimension name, in any order; volumes in m3 and flows in m3/s, converted
  // from any units of the same kind; a fill value anywhere is refused.
  volume_ = std::make_shared<NcVar>(nc, NcVarSpec{"volume", {"time", "nMesh_face"}, "m3"});
  edge_flux_ = std::make_shared<NcVar>(nc, NcVarSpec{"edge_flux", {"time", "nMesh_edge"}, "m3 s-1"});
  source_flow_ = std::make_shared<NcVar>(nc, NcVarSpec{"source_flow", {"time", "nMesh_face"}, "m3 s-1"});
  if (volume_->len(1) != nf)
    throw InputError(
        path, "dimension 'nMesh_face'",
        "the file's mesh has " + std::to_string(volume_->len(1)) + " faces, the model mesh " + std::to_string(nf));
  if (edge_flux_->len(1) != ne)
    throw InputError(path, "dimension 'nMesh_edge'",
                     "the file's mesh does not have the model mesh's " + std::to_string(ne) + " edges");
  if (nc.has_var("mesh_face_nodes") && nc.get_int("mesh_face_nodes") != g.tri)
    throw InputError(path, "variable 'mesh_face_nodes'", "the file's mesh differs from the model mesh");
  // Saved intervals are real seconds: calendars without real instants are refused.
  const NcTimeAxis axis = read_time_axis(nc, "time", real_calendars());
  const double epoch = cf_to_model(0.0, axis.units);
  units_ = "seconds since " + format_iso8601(epoch);
  times_.resize(axis.raw.size());
  for (std::size_t n = 0; n < times_.size(); ++n) times_[n] = axis.raw[n] * axis.units.unit_seconds;
  if (times_.size() < 2) throw InputError(path, "variable 'time'", "needs at least two saved times");
  if (volume_->len(0) != times_.size() || edge_flux_->len(0) != times_.size() || source_flow_->len(0) != times_.size())
    throw InputError(path, "dimension 'time'", "the variables do not all have the time variable's length");
  min_spacing_ = times_[1] - times_[0];
  for (std::size_t n = 1; n < times_.size(); ++n) min_spacing_ = std::min(min_spacing_, times_[n] - times_[n - 1]);

  // Every rank reads and checks the whole file (global continuity) once; records are
  // read again, one interval at a time, as the run needs them.
  const std::size_t nt = times_.size();
  std::vector<double> vprev = volume_->read_record(0);
  std::vector<double> vfirst = vprev;
  for (std::size_t n = 1; n < nt; ++n) {
    std::vector<double> v = volume_->read_record(n);
    const std::vector<double> f = edge_flux_->read_record(n);
    const std::vector<double> q = source_flow_->read_record(n);
    const double dt = times_[n] - times_[n - 1];
    std::vector<double> div(nf, 0.0);
    for (std::size_t e = 0; e < ne; ++e) {
      div[g.edge_face[2 * e]] += f[e];
      if (g.edge_face[2 * e + 1] >= 0) div[g.edge_face[2 * e + 1]] -= f[e];
    }
    for (std::size_t c = 0; c < nf; ++c) {
      const double expect = vprev[c] + dt * (q[c] - div[c]);
      const double scale = std::max({std::fabs(vprev[c]), std::fabs(v[c]), 1e-300});
      // A cell that has just dried can end a few ulps below zero (a model's own
      // round-off, which transport treats as dry); anything below a nanometre of
      // water over the cell is a broken file.
      if (v[c] < -std::max(opt_.continuity_tolerance * scale, 1e-9 * g.face_area(c)))
        throw InputError(path, "variable 'volume'",
                         "negative at time index " + std::to_string(n) + ", face " + std::to_string(c) + " (" +
                             std::to_string(v[c]) + " m3)");
      if (std::fabs(v[c] - expect) > opt_.continuity_tolerance * scale)
        throw InputError(path, "variable 'volume'",
                         "violates continuity at time index " + std::to_string(n) + ", face " + std::to_string(c) +
                             " (relative error " + std::to_string(std::fabs(v[c] - expect) / scale) + ")");
    }
    vprev = std::move(v);
  }
  if (opt_.periodic)
    for (std::size_t c = 0; c < nf; ++c) {
      const double scale = std::max({std::fabs(vfirst[c]), std::fabs(vprev[c]), 1e-300});
      if (std::fabs(vprev[c] - vfirst[c]) > opt_.closure_tolerance * scale)
        throw InputError(path, "variable 'volume'",
                         "the stored period does not close (face " + std::to_string(c) +
                             ": end volume differs from the start by " +
                             std::to_string(std::fabs(vprev[c] - vfirst[c]) / scale) +
                             " relative); cycling it would create or destroy water. Save exactly one closed period");
    }
}

void check_stored_flow_file(const std::string& path) {
  const Mesh own = read_ugrid(path);
  const LocalMesh none;
  const StoredFlow check(path, own, none);
}

void StoredFlow::advance(double t0, double dt, FlowState& s) {
  const double T0 = times_.front(), P = period();
  double tl = t0;
  if (opt_.periodic) {
    tl = T0 + std::fmod(t0 - T0, P);
    if (tl < T0) tl += P;
  }
  // Interval n holds (times[n-1], times[n]]; the requested one must lie inside it.
  const double eps = 1e-9 * std::max(1.0, std::fabs(P));
  std::size_t n = static_cast<std::size_t>(std::upper_bound(times_.begin(), times_.end(), tl + eps) - times_.begin());
  if (n == times_.size() && opt_.periodic && tl + eps >= times_.back()) {
    tl -= P;
    n = 1;
  }
  if (n == 0 || n >= times_.size() + (std::fabs(tl + dt - times_.back()) <= eps ? 1 : 0))
    throw Failure(path_ + ": no stored flow for t = " + std::to_string(t0) + " s");
  if (n == times_.size()) n = times_.size() - 1;
  const double a = times_[n - 1], b = times_[n];
  if (tl < a - eps || tl + dt > b + eps)
    throw Failure(path_ + ": the interval [" + std::to_string(t0) + ", " + std::to_string(t0 + dt) +
                  "] s crosses a stored interval; step in the file's intervals");
  s.resize(m_);
  s.t0 = t0;
  s.dt = dt;
  // Fluxes are constant over the stored interval, so volumes are linear in time and
  // any sub-interval satisfies continuity as the stored one does.
  const double w0 = (tl - a) / (b - a), w1 = (tl + dt - a) / (b - a);
  load_interval(n);
  const auto& v0 = v0_;
  const auto& v1 = v1_;
  for (int c = 0; c < m_.n_local; ++c) {
    s.volume0[c] = w0 == 0 ? v0[c] : v0[c] + w0 * (v1[c] - v0[c]);
    s.volume1[c] = w1 == 1 ? v1[c] : v0[c] + w1 * (v1[c] - v0[c]);
  }
  s.edge_flux = flux_;
  s.source_flow = source_;
  s.temperature.clear();
}

void StoredFlow::load_interval(std::size_t n) {
  if (n == held_) return;
  auto keep_cells = [&](const std::vector<double>& gv) {
    std::vector<double> out(m_.n_local);
    for (int c = 0; c < m_.n_local; ++c) out[c] = gv[m_.cell_gid[c]];
    return out;
  };
  if (held_ > 0 && n == held_ + 1)
    v0_ = std::move(v1_);  // the next interval starts where the held one ends
  else
    v0_ = keep_cells(volume_->read_record(n - 1));
  v1_ = keep_cells(volume_->read_record(n));
  const std::vector<double> f = edge_flux_->read_record(n);
  flux_.resize(m_.n_edges());
  for (int e = 0; e < m_.n_edges(); ++e) flux_[e] = f[m_.edge_gid[e]];
  source_ = keep_cells(source_flow_->read_record(n));
  held_ = n;
}

struct StoredFlowWriter::Impl {
  AtomicOutput out;
  std::optional<NcFile> nc;
  std::size_t nf, ne, n = 0;
  explicit Impl(const std::string& p) : out(p) {}
};

StoredFlowProvenance stored_flow_provenance(const std::string& path) {
  const NcFile nc = NcFile::open(path);
  return {nc.att_text("", "hydrodynamics"), nc.att_text("", "tides_uncertainty"),
          nc.att_text("", "tides_uncertainty_zh")};
}

StoredFlowWriter::StoredFlowWriter(const std::string& path, const Mesh& mesh, const std::string& time_units,
                                   const StoredFlowProvenance& provenance)
    : impl_(std::make_unique<Impl>(path)) {
  impl_->nf = mesh.n_faces();
  impl_->ne = mesh.n_edges();
  impl_->nc.emplace(NcFile::create(impl_->out.temp_path().string()));
  NcFile& nc = *impl_->nc;
  define_ugrid(nc, mesh);
  nc.def_dim("time", 0);
  nc.def_var("time", NC_DOUBLE, {"time"});
  nc.put_att("time", "units", time_units);
  nc.put_att("time", "standard_name", "time");
  nc.put_att("time", "calendar", "standard");
  struct V {
    const char *name, *dim, *units, *long_name;
  };
  for (const V& v : {V{"volume", "nMesh_face", "m3", "water volume of the face at the saved time"},
                     V{"edge_flux", "nMesh_edge", "m3 s-1",
                       "mean volume flux through the edge over the interval ending at the saved time"},
                     V{"source_flow", "nMesh_face", "m3 s-1", "mean point-source inflow over the interval"},
                     V{"eta", "nMesh_face", "m", "sea surface height above mean sea level"}}) {
    nc.def_var(v.name, NC_DOUBLE, {"time", v.dim}, 4);
    nc.put_att(v.name, "units", v.units);
    nc.put_att(v.name, "long_name", v.long_name);
    if (std::string(v.dim) == "nMesh_face") {
      put_face_attributes(nc, v.name);
    } else {
      nc.put_att(v.name, "mesh", "mesh");
      nc.put_att(v.name, "location", "edge");
    }
  }
  nc.put_att("eta", "standard_name", "sea_surface_height_above_mean_sea_level");
  nc.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
  if (!provenance.hydrodynamics.empty()) nc.put_att("", "hydrodynamics", provenance.hydrodynamics);
  if (!provenance.tides_uncertainty.empty()) nc.put_att("", "tides_uncertainty", provenance.tides_uncertainty);
  if (!provenance.tides_uncertainty_zh.empty()) nc.put_att("", "tides_uncertainty_zh", provenance.tides_uncertainty_zh);
  nc.enddef();
  write_ugrid_data(nc, mesh);
}

StoredFlowWriter::~StoredFlowWriter() = default;

void StoredFlowWriter::append(double t, const std::vector<double>& volume, const std::vector<double>& edge_flux,
                              const std::vector<double>& source_flow, const std::vector<double>& eta) {
  NcFile& nc = *impl_->nc;
  const std::size_t n = impl_->n++;
  nc.put_slab("time", {n}, {1}, &t);
  nc.put_slab("volume", {n, 0}, {1, impl_->nf}, volume.data());
  nc.put_slab("edge_flux", {n, 0}, {1, impl_->ne}, edge_flux.data());
  nc.put_slab("source_flow", {n, 0}, {1, impl_->nf}, source_flow.data());
  nc.put_slab("eta", {n, 0}, {1, impl_->nf}, eta.data());
}

void StoredFlowWriter::close() {
  impl_->nc->close();
  impl_->out.commit();
}

}  // namespace beibu
