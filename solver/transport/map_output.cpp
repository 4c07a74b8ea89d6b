#include "map_output.hpp"

#include <mpi.h>

#include <algorithm>
#include <optional>

#include "cell_gather.hpp"
#include "core/atomic_file.hpp"
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

// Water age in days from the age-concentration pair, or -1 if the model has none.
void age_indices(const TransportModel& m, int& kt, int& ka) {
  kt = ka = -1;
  for (int k = 0; k < m.ncomp(); ++k) {
    if (m.components()[k].kind == ComponentInfo::kAgeTracer) kt = k;
    if (m.components()[k].kind == ComponentInfo::kAgeConcentration) ka = k;
  }
}

constexpr double kFill = 9.96921e36;

}  // namespace

std::string output_name(const std::string& c) {
  std::string s = c;
  const auto at = s.find('@');
  if (at != std::string::npos) s = s.substr(0, at) + "_from_" + s.substr(at + 1);
  for (auto& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') ch = '_';
  return s;
}

struct MapWriter::Impl {
  std::optional<AtomicOutput> out;
  std::optional<NcFile> nc;
  std::vector<std::string> names;
  std::size_t nf = 0, n = 0;
  bool age = false;
  std::string age_name;
};

MapWriter::MapWriter(const std::string& path, const Mesh& g, const TransportModel& model, const std::string& units)
    : impl_(std::make_unique<Impl>()) {
  impl_->nf = g.n_faces();
  int kt, ka;
  age_indices(model, kt, ka);
  impl_->age = kt >= 0 && ka >= 0;
  for (const auto& c : model.components()) impl_->names.push_back(output_name(c.name));
  if (rank_of(model) != 0) return;
  impl_->out.emplace(path);
  impl_->nc.emplace(NcFile::create(impl_->out->temp_path().string()));
  NcFile& nc = *impl_->nc;
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
    nc.put_att(name, "mesh", "mesh");
    nc.put_att(name, "location", "face");
    nc.put_att(name, "coordinates", "mesh_face_lon mesh_face_lat");
    nc.put_att(name, "grid_mapping", "crs");
    nc.put_att(name, "_FillValue", kFill);
  };
  for (std::size_t k = 0; k < model.components().size(); ++k) {
    const auto& c = model.components()[k];
    def(impl_->names[k], c.units, c.standard_name, c.long_name);
  }
  if (impl_->age) {
    impl_->age_name = output_name(model.components()[ka].name.substr(0, model.components()[ka].name.rfind('_')));
    def(impl_->age_name, "days", "", "mean water age (age-concentration method)");
  }
  nc.put_att("", "Conventions", "CF-1.8 UGRID-1.0");
  nc.put_att("", "title", "beibu transport map output");
  nc.put_att("", "institution", "beibu");
  nc.put_att("", "source", "beibu finite-volume transport (second order, bounded)");
  nc.enddef();
  write_ugrid_data(nc, g);
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
  const std::size_t n = impl_->n++;
  if (!impl_->nc) return;
  NcFile& nc = *impl_->nc;
  const double t = model.time();
  nc.put_slab("time", {n}, {1}, &t);
  std::vector<double> field(impl_->nf);
  for (int k = 0; k < K; ++k) {
    for (std::size_t f = 0; f < impl_->nf; ++f) field[f] = wet_all[f] > 0 ? all[f * K + k] : kFill;
    nc.put_slab(impl_->names[k], {n, 0}, {1, impl_->nf}, field.data());
  }
  if (impl_->age) {
    int kt, ka;
    age_indices(model, kt, ka);
    for (std::size_t f = 0; f < impl_->nf; ++f) {
      const double c = all[f * K + kt];
      field[f] = (wet_all[f] > 0 && c > 1e-9) ? all[f * K + ka] / c / 86400.0 : kFill;
    }
    nc.put_slab(impl_->age_name, {n, 0}, {1, impl_->nf}, field.data());
  }
}

void MapWriter::close() {
  if (!impl_->nc) return;
  impl_->nc->close();
  impl_->out->commit();
  impl_->nc.reset();
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
};

StationWriter::StationWriter(const std::string& path, const Mesh& g, const TransportModel& model,
                             const std::vector<Station>& stations, const std::string& units, const std::string& source)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->units = units;
  impl_->stations = stations;
  impl_->K = model.ncomp();
  impl_->root = rank_of(model) == 0;
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
