#include "scenarios/run/run_checkpoint.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "scenarios/compliance/time_statistics.hpp"
#include "scenarios/run/scenario_loads.hpp"
#include "solver/hydro/gauge_record.hpp"
#include "solver/hydro/restart.hpp"
#include "solver/hydro/shallow_water.hpp"
#include "solver/transport/checkpoint.hpp"
#include "solver/transport/map_output.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMagic = "beibu-run-state 2";

void put_text(std::ostream& o, const std::string& key, const std::string& v) {
  o << "S " << key << " " << v.size() << "\n" << v << "\n";
}
void put_vec(std::ostream& o, const std::string& key, const std::vector<double>& v) {
  o << "V " << key << " " << v.size() << "\n";
  o.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
  o << "\n";
}

std::string ckpt_name(long interval) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ckpt-%06ld", interval);
  return buf;
}

}  // namespace

void write_run_state(const std::string& path, const RunState& s) {
  AtomicOutput out(path);
  {
    std::ofstream o(out.temp_path(), std::ios::binary);
    o << kMagic << "\n";
    put_text(o, "scenario_hash", s.scenario_hash);
    put_vec(o, "scalars",
            {static_cast<double>(s.ranks), static_cast<double>(s.interval), s.t, s.next_map, s.next_station,
             s.map_records});
    put_vec(o, "loads", s.loads);
    put_vec(o, "assessment", s.assessment);
    put_vec(o, "station_times", s.station_times);
    put_vec(o, "station_values", s.station_values);
    if (s.gauge_record) {
      put_vec(o, "gauge_times", s.gauge_times);
      put_vec(o, "gauge_values", s.gauge_values);
    }
    o << "end\n";
    o.flush();
    if (!o) throw Failure("cannot write " + out.temp_path().string() + ": " + std::strerror(errno));
  }
  out.commit();
}

RunState read_run_state(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot be read");
  std::string line;
  if (!std::getline(in, line) || line != kMagic) throw InputError(path, "line 1", "not a beibu run state");
  RunState s;
  bool ended = false;
  std::vector<double> scalars;
  while (std::getline(in, line)) {
    if (line == "end") {
      ended = true;
      break;
    }
    std::istringstream h(line);
    std::string kind, key;
    std::size_t n = 0;
    if (!(h >> kind >> key >> n) || (kind != "S" && kind != "V") || n > (std::size_t(1) << 34))
      throw InputError(path, "record '" + key + "'", "malformed header");
    if (kind == "S") {
      std::string v(n, '\0');
      in.read(v.data(), static_cast<std::streamsize>(n));
      if (key == "scenario_hash") s.scenario_hash = v;
    } else {
      std::vector<double> v(n);
      in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(double)));
      if (key == "scalars") scalars = v;
      if (key == "loads") s.loads = v;
      if (key == "assessment") s.assessment = v;
      if (key == "station_times") s.station_times = v;
      if (key == "station_values") s.station_values = v;
      if (key == "gauge_times") s.gauge_times = v, s.gauge_record = true;
      if (key == "gauge_values") s.gauge_values = v;
    }
    if (!in || in.get() != '\n') throw InputError(path, "record '" + key + "'", "truncated");
  }
  if (!ended || scalars.size() != 6) throw InputError(path, "", "truncated run state");
  s.ranks = static_cast<int>(scalars[0]);
  s.interval = static_cast<long>(scalars[1]);
  s.t = scalars[2];
  s.next_map = scalars[3];
  s.next_station = scalars[4];
  s.map_records = scalars[5];
  return s;
}

std::string latest_checkpoint(const std::string& out_dir) {
  const fs::path dir = fs::path(out_dir) / "checkpoints";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "";
  std::string best;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("ckpt-", 0) == 0 && e.is_directory() && fs::exists(e.path() / "state.bin") && n > best) best = n;
  }
  return best.empty() ? "" : (dir / best).string();
}

std::string begin_checkpoint(const std::string& out_dir, long interval) {
  const fs::path dir = fs::path(out_dir) / "checkpoints";
  std::error_code ec;
  fs::create_directories(dir, ec);  // mid-run, a failure here is the disk's, not the input's
  if (ec) throw Failure("cannot create " + dir.string() + ": " + ec.message());
  const fs::path tmp = dir / ("." + ckpt_name(interval) + ".part" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  fs::create_directory(tmp, ec);
  if (ec) throw Failure("cannot create checkpoint directory " + tmp.string() + ": " + ec.message());
  return tmp.string();
}

std::string commit_checkpoint(const std::string& out_dir, const std::string& temp_dir, long interval, int keep) {
  const fs::path dir = fs::path(out_dir) / "checkpoints";
  const fs::path final_dir = dir / ckpt_name(interval);
  std::error_code ec;
  fs::remove_all(final_dir, ec);  // a checkpoint of the same interval from an earlier attempt
  fs::rename(temp_dir, final_dir, ec);
  if (ec) throw Failure("cannot move checkpoint " + temp_dir + " to " + final_dir.string() + ": " + ec.message());
  // Keep the newest `keep`; remove older ones and leftovers of killed attempts.
  std::vector<std::string> done;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("ckpt-", 0) == 0)
      done.push_back(n);
    else if (n.rfind(".ckpt-", 0) == 0)
      fs::remove_all(e.path(), ec);
  }
  std::sort(done.begin(), done.end());
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < done.size(); ++i) fs::remove_all(dir / done[i], ec);
  return final_dir.string();
}

std::string save_run_checkpoint(const std::string& out_dir, const RunParts& p, RunState st) {
  int rank = 0;
  MPI_Comm_rank(p.comm, &rank);
  std::string tmp;
  run_on_root(p.comm, [&] { tmp = begin_checkpoint(out_dir, st.interval); });
  // Every rank needs the directory name for the collective writers (only rank 0 writes).
  int len = static_cast<int>(tmp.size());
  MPI_Bcast(&len, 1, MPI_INT, 0, p.comm);
  tmp.resize(static_cast<std::size_t>(len));
  MPI_Bcast(tmp.data(), len, MPI_CHAR, 0, p.comm);
  if (p.online) hydro::write_restart(*p.online, *p.mesh, tmp + "/hydro.nc");
  write_checkpoint(*p.model, tmp + "/transport.nc");
  std::string final_dir;
  run_on_root(p.comm, [&] {
    p.maps->snapshot(tmp + "/maps.nc");
    st.map_records = static_cast<double>(p.maps->records());
    st.loads = p.loads->state();
    if (p.stats) st.assessment = p.stats->state();
    st.station_times = p.stations->times();
    st.station_values = p.stations->values();
    if (p.gauges) {
      st.gauge_record = true;
      st.gauge_times = p.gauges->times();
      st.gauge_values = p.gauges->values();
    }
    write_run_state(tmp + "/state.bin", st);
    final_dir = commit_checkpoint(out_dir, tmp, st.interval);
  });
  return final_dir;
}

void restore_run_checkpoint(const std::string& dir, const RunParts& p, const RunState& st) {
  if (p.online) {
    if (!fs::exists(dir + "/hydro.nc"))
      throw InputError(dir, "hydro.nc", "missing: the checkpoint was written by a run on stored hydrodynamics");
    hydro::read_restart(*p.online, dir + "/hydro.nc");
  }
  read_checkpoint(*p.model, dir + "/transport.nc");
  p.loads->restore(st.loads);
  if (p.gauges) {
    if (!st.gauge_record || st.gauge_values.size() != st.gauge_times.size() * p.gauges->gauges())
      throw InputError(dir + "/state.bin", "gauge_times",
                       st.gauge_record
                           ? "the record at tide gauges is not one of " + std::to_string(p.gauges->gauges()) + " gauges"
                           : "missing: the checkpoint has no record at tide gauges; start the run afresh");
    p.gauges->restore(st.gauge_times, st.gauge_values);
  }
  run_on_root(p.comm, [&] {
    p.stations->restore(st.station_times, st.station_values);
    if (p.stats) p.stats->restore(st.assessment);
  });
}

}  // namespace beibu
