#include "map_output.hpp"

#include <mpi.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "cell_gather.hpp"
#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "ingest/netcdf_file.hpp"
#include "ingest/stations.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "mesh/ugrid_io.hpp"
#include "transport_model.hpp"

namespace beibu {

namespace {

int rank_of(const TransportModel& m) {
  int r = 0;
  MPI_Comm_rank(m.mesh().comm, &r);
  return r;
}

void define_time(NcFile& nc, const std::string& units) {
  nc.def_dim("time", 0);
  nc.def_var("time", NC_DOUBLE, {"time"});
  nc.put_att("time", "standard_name", "time");
  nc.put_att("time", "units", units);
  nc.put_att("time", "calendar", "standard");
  nc.put_att("time", "axis", "T");
}

// Mean age alpha / C is left out (fill value) where less than this fraction of the
// water entered through sources or boundaries since the start: there the ratio of two
// tiny, independently limited concentrations is noise (ages of years seen after days).
constexpr double kAgeMinTracer = 1e-3;

// Water age in days from the age-concentration pair, or -1 if the model has none.
void age_indices(const TransportModel& m, int& kt, int& ka) {
  kt = ka = -1;
  for (int k = 0; k < m.ncomp(); ++k) {
    if (m.components()[k].kind == ComponentInfo::kAgeTracer) kt = k;
    if (m.components()[k].kind == ComponentInfo::kAgeConcentration) ka = k;
  }
}

constexpr double kFill = kMapFillValue;

}  // namespace

std::string output_name(const std::string& c) {
  std::string s = c;
  const auto at = s.find('@');
  if (at != std::string::npos) s = s.substr(0, at) + "_from_" + s.substr(at + 1);
  for (auto& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') ch = '_';
  return s;
}

// After the header is defined, the file is reopened with the NetCDF-C API for the
// records, so a snapshot (close, copy, reopen) or a resume (copy back, reopen) keeps
// appending to the same file.
struct MapWriter::Impl {
  std::optional<AtomicOutput> out;
  int ncid = -1;
  std::vector<std::string> names;
  std::vector<int> varids;
  std::vector<MapField> extra;
  std::vector<int> extra_ids;
  int time_id = -1, age_id = -1;
  MPI_Comm comm = MPI_COMM_NULL;
  std::size_t nf = 0, n = 0;
  bool age = false;
  std::string age_name;

  void check(int status, const std::string& what) const {
    if (status != NC_NOERR)
      throw Failure("writing " + out->final_path().string() + " (" + what +
                    "): " + nc_write_error(status, out->temp_path().string()));
  }
  void reopen() {
    check(nc_open(out->temp_path().c_str(), NC_WRITE, &ncid), "open");
    varids.clear();
    for (const auto& n : names) {
      int id = -1;
      check(nc_inq_varid(ncid, n.c_str(), &id), "variable " + n);
      varids.push_back(id);
    }
    extra_ids.clear();
    for (const auto& f : extra) {
      int id = -1;
      check(nc_inq_varid(ncid, f.name.c_str(), &id), "variable " + f.name);
      extra_ids.push_back(id);
    }
    check(nc_inq_varid(ncid, "time", &time_id), "variable time");
    if (age) check(nc_inq_varid(ncid, age_name.c_str(), &age_id), "variable " + age_name);
  }
  void close_file() {
    if (ncid < 0) return;
    const int id = ncid;
    ncid = -1;
    const int status = nc_close(id);
    // A close that failed (full disk) leaves the file open in HDF5; abort it, so the
    // library does not try to flush it again at exit.
    if (status != NC_NOERR) nc_abort(id);
    check(status, "close");
  }
  ~Impl() {
    if (ncid >= 0) nc_close(ncid);
  }
};

MapWriter::MapWriter(const std::string& path, const Mesh& g, const TransportModel& model, const std::string& units,
                     const std::string& resume_from, std::size_t records, std::vector<MapField> extra)
    : impl_(std::make_unique<Impl>()) {
  impl_->nf = g.n_faces();
  impl_->extra = std::move(extra);
  int kt, ka;
  age_indices(model, kt, ka);
  impl_->age = kt >= 0 && ka >= 0;
  for (const auto& c : model.components()) impl_->names.push_back(output_name(c.name));
  if (impl_->age)
    impl_->age_name = output_name(model.components()[ka].name.substr(0, model.components()[ka].name.rfind('_')));
  impl_->n = records;
  impl_->comm = model.mesh().comm;
  // Errors on rank 0 (an unwritable directory, a bad checkpoint copy) reach every rank.
  run_on_root(impl_->comm, [&] { create(path, g, model, units, resume_from, records); });
}

void MapWriter::create(const std::string& path, const Mesh& g, const TransportModel& model, const std::string& units,
                       const std::string& resume_from, std::size_t records) {
  impl_->out.emplace(path);
  if (!resume_from.empty()) {
    std::error_code ec;
    std::filesystem::copy_file(resume_from, impl_->out->temp_path(), std::filesystem::copy_options::overwrite_existing,
                               ec);
    if (ec)
      throw Failure("cannot copy " + resume_from + " to " + impl_->out->temp_path().string() + ": " + ec.message());
    impl_->reopen();
    std::size_t have = 0;
    int dim = -1;
    impl_->check(nc_inq_dimid(impl_->ncid, "time", &dim), "dimension time");
    impl_->check(nc_inq_dimlen(impl_->ncid, dim, &have), "dimension time");
    if (have != records)
      throw InputError(resume_from, "dimension 'time'",
                       "holds " + std::to_string(have) + " records, the checkpoint expects " + std::to_string(records));
    return;
  }
  NcFile nc = NcFile::create(impl_->out->temp_path().string());
  define_ugrid(nc, g);
  define_time(nc, units);
  auto def = [&](const std::string& name, const std::string& units_s, const std::string& standard,
                 const std::string& long_name) {
    nc.def_var(name, NC_DOUBLE, {"time", "nMesh_face"}, 4);
    const std::size_t chunks[2] = {1, impl_->nf};
    nc_def_var_chunking(nc.id(), nc.varid(name), NC_CHUNKED, chunks);
    if (!standard.empty()) nc.put_att(name, "standard_name", standard);
    nc.put_att(name, "long_name", long_name);
    nc.put_att(name, "units", units_s);
    put_face_attributes(nc, name);
    nc.put_att(name, "cell_methods", "time: point");
    nc.put_att(name, "_FillValue", kFill);
  };
  for (std::size_t k = 0; k < model.components().size(); ++k) {
    const auto& c = model.components()[k];
    def(impl_->names[k], c.units, c.standard_name, c.long_name);
  }
  for (const auto& f : impl_->extra) {
    def(f.name, f.units, f.standard_name, f.long_name);
    if (!f.comment.empty()) nc.put_att(f.name, "comment", f.comment);
  }
  if (impl_->age) {
    int kt, ka;
    age_indices(model, kt, ka);
    def(impl_->age_name, "days", "",
        "mean water age (age-concentration method; missing where under 0.1 % of the water entered since the start)");
    nc.put_att(impl_->age_name, "comment",
               "mean age of the water that entered through sources and open boundaries since the start: at most "
               "the time since the start (the age tracer starts at 0); _FillValue where the age tracer (" +
                   model.components()[kt].name + ") is at most " + std::to_string(kAgeMinTracer) +
                   " or the cell is dry");
  }
  nc.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
  nc.put_att("", "title", "beibu transport map output");
  nc.put_att("", "institution", "beibu");
  nc.put_att("", "source", "beibu finite-volume transport (second order, bounded)");
  nc.enddef();
  write_ugrid_data(nc, g);
  nc.close();
  impl_->reopen();
}

MapWriter::~MapWriter() = default;
std::size_t MapWriter::records() const {
  return impl_->n;
}

void MapWriter::write(const TransportModel& model) {
  const int K = model.ncomp();
  const std::vector<double> all = gather_cells(model.mesh(), model.concentration(), K);
  std::vector<double> wet(model.mesh().n_owned);
  for (int c = 0; c < model.mesh().n_owned; ++c) wet[c] = model.is_wet(c) ? 1.0 : 0.0;
  const std::vector<double> wet_all = gather_cells(model.mesh(), wet, 1);
  std::vector<std::vector<double>> extra_all;
  for (const auto& f : impl_->extra) {
    const std::vector<double> owned(f.values->begin(), f.values->begin() + model.mesh().n_owned);
    extra_all.push_back(gather_cells(model.mesh(), owned, 1));
  }
  const std::size_t n = impl_->n++;
  // A write error (full disk) on rank 0 is thrown on every rank, so none waits in a collective.
  run_on_root(model.mesh().comm, [&] { write_record(model, n, all, wet_all, extra_all); });
}

void MapWriter::write_record(const TransportModel& model, std::size_t n, const std::vector<double>& all,
                             const std::vector<double>& wet_all, const std::vector<std::vector<double>>& extra_all) {
  if (impl_->ncid < 0) return;
  const int K = model.ncomp();
  const double t = model.time();
  const std::size_t one = 1, start[2] = {n, 0}, count[2] = {1, impl_->nf};
  impl_->check(nc_put_vara_double(impl_->ncid, impl_->time_id, &n, &one, &t), "variable time");
  std::vector<double> field(impl_->nf);
  for (int k = 0; k < K; ++k) {
    for (std::size_t f = 0; f < impl_->nf; ++f) field[f] = wet_all[f] > 0 ? all[f * K + k] : kFill;
    impl_->check(nc_put_vara_double(impl_->ncid, impl_->varids[k], start, count, field.data()),
                 "variable " + impl_->names[k]);
  }
  if (impl_->age) {
    int kt, ka;
    age_indices(model, kt, ka);
    for (std::size_t f = 0; f < impl_->nf; ++f) {
      const double c = all[f * K + kt];
      field[f] = (wet_all[f] > 0 && c > kAgeMinTracer) ? all[f * K + ka] / c / 86400.0 : kFill;
    }
    impl_->check(nc_put_vara_double(impl_->ncid, impl_->age_id, start, count, field.data()),
                 "variable " + impl_->age_name);
  }
  for (std::size_t e = 0; e < extra_all.size(); ++e)
    impl_->check(nc_put_vara_double(impl_->ncid, impl_->extra_ids[e], start, count, extra_all[e].data()),
                 "variable " + impl_->extra[e].name);
}

void MapWriter::snapshot(const std::string& path) {
  if (impl_->ncid < 0) return;
  impl_->close_file();
  std::error_code ec;
  std::filesystem::copy_file(impl_->out->temp_path(), path, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) throw Failure("cannot copy the map file to " + path + ": " + ec.message());
  impl_->reopen();
}

void MapWriter::close(const std::function<void(const std::string& path)>& finish) {
  run_on_root(impl_->comm, [&] {
    if (impl_->ncid < 0) return;
    impl_->close_file();
    if (finish) finish(impl_->out->temp_path().string());
    impl_->out->commit();
  });
}

// ---------------------------------------------------------------- stations

struct StationWriter::Impl {
  std::string path, units;
  std::vector<Station> stations;
  std::vector<long> face;  // global face per station
  std::vector<int> local;  // owned local cell or -1
  std::vector<std::string> names, long_names, unit_s, standard;
  std::vector<double> times;
  std::vector<double> values;  // per time, station, component
  int K = 0;
  bool root = false;
  MPI_Comm comm = MPI_COMM_NULL;
};

StationWriter::StationWriter(const std::string& path, const Mesh& g, const TransportModel& model,
                             const std::vector<Station>& stations, const std::string& units, const std::string& source)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->units = units;
  impl_->stations = stations;
  impl_->K = model.ncomp();
  impl_->root = rank_of(model) == 0;
  impl_->comm = model.mesh().comm;
  for (const auto& c : model.components()) {
    impl_->names.push_back(output_name(c.name));
    impl_->long_names.push_back(c.long_name);
    impl_->unit_s.push_back(c.units);
    impl_->standard.push_back(c.standard_name);
  }
  const LocalMesh& lm = model.mesh();
  for (const auto& s : stations) {
    long found = -1;
    for (std::size_t f = 0; f < g.n_faces() && found < 0; ++f) {
      const int a = g.tri[3 * f], b = g.tri[3 * f + 1], c = g.tri[3 * f + 2];
      auto side = [&](int p, int q) {
        return (g.lon[q] - g.lon[p]) * (s.lat - g.lat[p]) - (g.lat[q] - g.lat[p]) * (s.lon - g.lon[p]);
      };
      const double s1 = side(a, b), s2 = side(b, c), s3 = side(c, a);
      if ((s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)) found = static_cast<long>(f);
    }
    if (found < 0)
      throw InputError(source, "station '" + s.id + "'",
                       "at lon " + std::to_string(s.lon) + ", lat " + std::to_string(s.lat) + " lies outside the mesh");
    impl_->face.push_back(found);
    int loc = -1;
    for (int c = 0; c < lm.n_owned; ++c)
      if (lm.cell_gid[c] == found) loc = c;
    impl_->local.push_back(loc);
  }
}

StationWriter::~StationWriter() = default;
const std::vector<double>& StationWriter::times() const {
  return impl_->times;
}
const std::vector<double>& StationWriter::values() const {
  return impl_->values;
}
void StationWriter::restore(const std::vector<double>& times, const std::vector<double>& values) {
  if (!impl_->root) return;
  if (values.size() != times.size() * impl_->stations.size() * static_cast<std::size_t>(impl_->K))
    throw Failure("station series state does not fit this run's stations and components");
  impl_->times = times;
  impl_->values = values;
}
long StationWriter::station_face(std::size_t i) const {
  return impl_->face[i];
}

void StationWriter::sample(const TransportModel& model) {
  const int K = impl_->K;
  const std::size_t ns = impl_->stations.size();
  std::vector<double> mine(ns * K, 0.0), sum(ns * K, 0.0);
  const auto conc = model.concentration();
  for (std::size_t s = 0; s < ns; ++s)
    if (impl_->local[s] >= 0)
      for (int k = 0; k < K; ++k) mine[s * K + k] = conc[static_cast<std::size_t>(impl_->local[s]) * K + k];
  // Each station's cell has exactly one owner, so the sum is that owner's value.
  MPI_Reduce(mine.data(), sum.data(), static_cast<int>(mine.size()), MPI_DOUBLE, MPI_SUM, 0, model.mesh().comm);
  impl_->times.push_back(model.time());
  impl_->values.insert(impl_->values.end(), sum.begin(), sum.end());
}

void StationWriter::close() {
  run_on_root(impl_->comm, [&] { write_file(); });
}

void StationWriter::write_file() {
  if (!impl_->root) return;
  const std::size_t ns = impl_->stations.size(), nt = impl_->times.size(), K = impl_->K;
  std::vector<std::string> ids;
  std::vector<double> lon, lat;
  std::vector<int> face;
  for (std::size_t s = 0; s < ns; ++s) {
    ids.push_back(impl_->stations[s].id);
    lon.push_back(impl_->stations[s].lon);
    lat.push_back(impl_->stations[s].lat);
    face.push_back(static_cast<int>(impl_->face[s]));
  }
  AtomicOutput out(impl_->path);
  {
    NcFile nc = NcFile::create(out.temp_path().string());
    define_station_axis(nc, ids);
    define_time(nc, impl_->units);
    nc.def_var("mesh_face", NC_INT, {"station"});
    nc.put_att("mesh_face", "long_name", "mesh face containing the station (0-based)");
    for (std::size_t k = 0; k < K; ++k) {
      const std::string& n = impl_->names[k];
      nc.def_var(n, NC_DOUBLE, {"station", "time"}, 4);
      if (!impl_->standard[k].empty()) nc.put_att(n, "standard_name", impl_->standard[k]);
      nc.put_att(n, "long_name", impl_->long_names[k]);
      nc.put_att(n, "units", impl_->unit_s[k]);
      nc.put_att(n, "coordinates", "time lat lon station_name");
      nc.put_att(n, "grid_mapping", "crs");
    }
    nc.put_att("", "Conventions", "CF-1.8");
    nc.put_att("", "featureType", "timeSeries");
    nc.put_att("", "title", "beibu transport station time series");
    nc.enddef();
    put_station_axis(nc, ids, lon, lat);
    nc.put("mesh_face", face);
    if (nt > 0) {
      nc.put_slab("time", {0}, {nt}, impl_->times.data());
      std::vector<double> series(nt);
      for (std::size_t k = 0; k < K; ++k)
        for (std::size_t s = 0; s < ns; ++s) {
          for (std::size_t t = 0; t < nt; ++t) series[t] = impl_->values[(t * ns + s) * K + k];
          nc.put_slab(impl_->names[k], {s, 0}, {1, nt}, series.data());
        }
    }
    nc.close();
  }
  out.commit();
}

}  // namespace beibu
