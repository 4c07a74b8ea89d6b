#include "scenarios/run/batch.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "scenarios/products/report.hpp"
#include "scenarios/run/manifest.hpp"
#include "scenarios/run/run_checkpoint.hpp"
#include "scenarios/spec/scenario.hpp"

namespace beibu {

namespace fs = std::filesystem;

namespace {

// Entries travel between ranks as lines "index\tname\tstatus\tmessage".
std::string encode(std::size_t i, const BatchEntry& e) {
  std::string msg = e.message;
  for (char& c : msg)
    if (c == '\t' || c == '\n') c = ' ';
  return std::to_string(i) + "\t" + e.name + "\t" + e.status + "\t" + msg + "\n";
}

std::string pct(double v) {
  if (std::isnan(v)) return "-";
  std::ostringstream os;
  os.precision(4);
  os << 100 * v << " %";
  return os.str();
}

// Batch-wide requests checked before any scenario runs, identically on every rank: every
// scenario file loads (with the batch's mesh configuration), no two entries would write
// one output directory (the same scenario twice, or two with one name), and --baseline
// is in the batch. A failure here refuses the whole batch before anything is written;
// a scenario that fails while it runs fails on its own.
void check_batch(const std::vector<std::string>& files, const BatchOptions& o) {
  std::map<std::string, std::size_t> first;
  std::string names;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Scenario s = load_scenario(files[i]);
    if (!o.mesh_config.empty()) use_mesh_config(s, o.mesh_config);
    const std::string name = s.name;
    const auto [it, fresh] = first.emplace(name, i);
    if (!fresh)
      throw InputError(files[i], "",
                       "would write the same output directory (" + o.out_dir + "/" + name + ") as " +
                           files[it->second] + ": scenario '" + name + "' is given twice in this batch");
    names += (names.empty() ? "" : ", ") + name;
  }
  if (!o.baseline.empty() && !first.count(o.baseline))
    throw InputError("", "--baseline", "'" + o.baseline + "' is not a scenario of this batch (it has " + names + ")");
}

}  // namespace

std::vector<BatchEntry> run_batch(const std::vector<std::string>& files, const BatchOptions& o, MPI_Comm world) {
  int rank = 0, size = 1;
  MPI_Comm_rank(world, &rank);
  MPI_Comm_size(world, &size);
  if (files.empty()) throw InputError("", "beibu batch", "no scenario files given");
  check_batch(files, o);
  int groups = o.groups > 0 ? std::min(o.groups, size) : size;
  groups = std::min<int>(groups, static_cast<int>(files.size()));
  const int color = rank * groups / size;  // contiguous ranks share a group
  MPI_Comm sub;
  MPI_Comm_split(world, color, rank, &sub);
  int sub_rank = 0;
  MPI_Comm_rank(sub, &sub_rank);
  run_on_root(world, [&] { prepare_output_dir(o.out_dir); });

  std::string mine;
  for (std::size_t i = static_cast<std::size_t>(color); i < files.size(); i += static_cast<std::size_t>(groups)) {
    BatchEntry e;
    e.file = files[i];
    e.name = sanitise_name(fs::path(files[i]).stem().string());
    try {
      Scenario s = load_scenario(files[i]);
      if (!o.mesh_config.empty()) use_mesh_config(s, o.mesh_config);
      e.name = s.name;
      RunOptions ro = o.run;
      ro.out_dir = o.out_dir + "/" + s.name;
      if (read_run_summary(ro.out_dir, e.summary) && run_is_complete(ro.out_dir)) {
        e.status = "skipped";
        if (sub_rank == 0) BLOG(info) << "batch: " << s.name << " is already complete, skipped";
      } else {
        // An interrupted run continues from its newest checkpoint (every rank of the group sees the same files).
        ro.resume = !latest_checkpoint(ro.out_dir).empty();
        if (sub_rank == 0)
          BLOG(info) << "batch: " << (ro.resume ? "resuming " : "running ") << s.name << " on ranks group " << color;
        e.summary = run_scenario(s, ro, sub);
        e.status = "done";
      }
    } catch (const std::exception& ex) {
      e.status = "failed";
      e.message = ex.what();
      if (sub_rank == 0) BLOG(error) << "batch: " << e.name << " failed: " << e.message;
    }
    if (sub_rank == 0) mine += encode(i, e);
  }
  MPI_Comm_free(&sub);

  // Every rank learns every entry; summaries come from the runs' own files.
  int len = static_cast<int>(mine.size());
  std::vector<int> lens(size), offs(size, 0);
  MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, world);
  for (int r = 1; r < size; ++r) offs[r] = offs[r - 1] + lens[r - 1];
  std::string all(static_cast<std::size_t>(offs[size - 1] + lens[size - 1]), '\0');
  MPI_Allgatherv(mine.data(), len, MPI_CHAR, all.data(), lens.data(), offs.data(), MPI_CHAR, world);
  std::vector<BatchEntry> out(files.size());
  std::istringstream in(all);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string idx, name, status, msg;
    std::getline(f, idx, '\t');
    std::getline(f, name, '\t');
    std::getline(f, status, '\t');
    std::getline(f, msg);
    const std::size_t i = std::stoul(idx);
    out[i].file = files[i];
    out[i].name = name;
    out[i].status = status;
    out[i].message = msg;
    if (status != "failed") read_run_summary(o.out_dir + "/" + name, out[i].summary);
  }
  std::string baseline = o.baseline;
  run_on_root(world, [&] { write_comparison(o.out_dir, out, baseline); });
  return out;
}

void write_comparison(const std::string& dir, const std::vector<BatchEntry>& entries, const std::string& wanted) {
  // The baseline: as named, else the first "baseline*", else the first that ran.
  const BatchEntry* base = nullptr;
  for (const auto& e : entries)
    if (e.status != "failed" && (wanted.empty() ? e.name.rfind("baseline", 0) == 0 : e.name == wanted)) {
      base = &e;
      break;
    }
  if (!wanted.empty() && !base)
    throw InputError("", "--baseline", "scenario '" + wanted + "' is not in the batch or failed");
  for (const auto& e : entries)
    if (!base && e.status != "failed") base = &e;
  std::set<std::string> jur;
  for (const auto& e : entries)
    for (const auto& [j, v] : e.summary.share_by_jurisdiction) jur.insert(j);
  Table t{{"scenario", "status", "Class I+II by area", "change vs baseline (points)", "Class I+II stations",
           "zones meeting target"},
          {}};
  for (const auto& j : jur) t.header.push_back(j + " Class I+II");
  for (const auto& e : entries) {
    std::vector<std::string> r{e.name, e.status == "failed" ? "failed: " + e.message : e.status};
    if (e.status == "failed") {
      r.resize(t.header.size(), "-");
    } else {
      std::ostringstream d;
      d.precision(3);
      if (base) d << std::showpos << 100 * (e.summary.share_area_good - base->summary.share_area_good);
      r.push_back(pct(e.summary.share_area_good));
      r.push_back(base ? d.str() : "-");
      r.push_back(pct(e.summary.share_stations_good));
      r.push_back(std::to_string(e.summary.zones_passing) + "/" + std::to_string(e.summary.zones_total));
      for (const auto& j : jur) {
        auto it = e.summary.share_by_jurisdiction.find(j);
        r.push_back(it == e.summary.share_by_jurisdiction.end() ? "-" : pct(it->second));
      }
    }
    t.rows.push_back(r);
  }
  write_csv(dir + "/comparison.csv", t);
  std::ostringstream md, h;
  md << "# Scenario comparison\n\nBaseline: `" << (base ? base->name : "none") << "`. Headline indicator: share of the "
     << "coastal water (by area) whose seasonal mean is Class I or II (GB 3097-1997, worst parameter).\n\n";
  md_table(md, t);
  write_text(dir + "/comparison.md", md.str());
  h << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Scenario comparison</title><style>"
    << "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #bbb;"
    << "padding:3px 8px}th{background:#eef}</style></head><body><h1>Scenario comparison</h1><p>Baseline: "
    << html_escape(base ? base->name : "none") << "</p>";
  html_table(h, t);
  h << "</body></html>\n";
  write_text(dir + "/comparison.html", h.str());
}

}  // namespace beibu
