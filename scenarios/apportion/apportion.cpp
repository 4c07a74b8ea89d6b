#include "scenarios/apportion/apportion.hpp"

#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numbers.hpp"
#include "ingest/nc_var.hpp"
#include "ingest/netcdf_file.hpp"
#include "scenarios/compliance/assessment.hpp"
#include "scenarios/spec/loads.hpp"
#include "solver/transport/map_output.hpp"

namespace beibu {

namespace {

void put_strings(NcFile& nc, const std::string& var, const std::vector<std::string>& v) {
  std::vector<const char*> p;
  for (const auto& s : v) p.push_back(s.c_str());
  const int st = nc_put_var_string(nc.id(), nc.varid(var), p.data());
  if (st != NC_NOERR) throw Failure(nc.path() + ": cannot write " + var + ": " + nc_write_error(st, nc.path()));
}

std::vector<std::string> get_strings(const NcFile& nc, const std::string& var, std::size_t n) {
  if (!nc.has_var(var)) throw InputError(nc.path(), "variable '" + var + "'", "missing");
  std::vector<char*> p(n, nullptr);
  const int st = nc_get_var_string(nc.id(), nc.varid(var), p.data());
  if (st != NC_NOERR)
    throw InputError(nc.path(), "variable '" + var + "'", std::string("not strings: ") + nc_strerror(st));
  std::vector<std::string> out;
  for (char* s : p) out.emplace_back(s ? s : "");
  nc_free_string(n, p.data());
  return out;
}

}  // namespace

int SourceReceptorMatrix::constituent_index(const std::string& name) const {
  for (std::size_t k = 0; k < constituents.size(); ++k)
    if (constituents[k] == name) return static_cast<int>(k);
  return -1;
}

std::vector<Receptor> make_receptors(const Mesh& m, const std::vector<ZoneInfo>& zones,
                                     const std::vector<StationInfo>& stations, bool cells) {
  std::vector<Receptor> out;
  for (const auto& z : zones) {
    Receptor r{z.id, "zone", z.jurisdiction, z.target_class, z.faces, z.area};
    if (r.faces.empty()) continue;  // a zone the mesh does not resolve
    out.push_back(r);
  }
  for (std::size_t j = 0; j < m.jurisdiction_codes.size(); ++j) {
    Receptor r{m.jurisdiction_codes[j], "sea_area", m.jurisdiction_codes[j], -1, {}, {}};
    for (std::size_t f = 0; f < m.n_faces(); ++f)
      if (m.jurisdiction[f] == static_cast<int>(j) && m.assessed(f)) {
        r.faces.push_back(static_cast<long>(f));
        r.weight.push_back(m.face_area(f));
      }
    if (!r.faces.empty()) out.push_back(r);
  }
  for (const auto& s : stations) {
    if (s.face < 0) continue;
    out.push_back({s.id, "station", s.jurisdiction, m.assessed(s.face) ? s.target_class : -1, {s.face}, {1.0}});
  }
  if (cells)
    for (std::size_t f = 0; f < m.n_faces(); ++f) {
      const int j = m.jurisdiction[f];
      out.push_back({"cell:" + std::to_string(f),
                     "cell",
                     j >= 0 ? m.jurisdiction_codes[j] : "",
                     -1,
                     {static_cast<long>(f)},
                     {1.0}});
    }
  return out;
}

void group_mean_loads(const Scenario& s, TagBy by, const std::vector<std::string>& groups,
                      const std::vector<std::string>& constituents, double t_epoch, double T, double coupling_s,
                      std::vector<double>& mean, std::vector<double>& floor) {
  const std::size_t G = groups.size(), K = constituents.size();
  mean.assign(K * G, 0.0);
  floor.assign(K * G, 0.0);
  for (const LoadComponent& c : load_components(s)) {
    const auto it = std::find(groups.begin(), groups.end(), tag_of(s, c, by));
    if (it == groups.end()) continue;
    const std::size_t g = static_cast<std::size_t>(it - groups.begin());
    for (std::size_t k = 0; k < K; ++k) {
      // The same intervals and mid-points as ScenarioLoads::apply in the run loop.
      double sum = 0, t = 0;
      while (t < T - 1e-6) {
        const double dt = std::min(coupling_s, T - t);
        sum += controlled_load(s, c, constituents[k], t_epoch + t + 0.5 * dt) * dt;
        t += dt;
      }
      mean[k * G + g] += sum / T;
      if (c.sector == "natural") floor[k * G + g] += sum / T;
    }
  }
}

std::vector<double> group_loads_from_budget(const std::string& path, const std::vector<std::string>& groups,
                                            const std::vector<std::string>& constituents, double T) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot read the run's mass budget");
  std::map<std::string, double> mass;  // component -> sum of source inputs (g)
  std::string line;
  std::getline(in, line);
  if (line != "component,term,name,mass_g") throw InputError(path, "line 1", "not a beibu mass budget");
  for (int n = 2; std::getline(in, line); ++n) {
    const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.rfind(',');
    if (c1 == std::string::npos || c2 == std::string::npos || c3 <= c2)
      throw InputError(path, "line " + std::to_string(n), "expected 4 fields");
    if (line.compare(c1 + 1, c2 - c1 - 1, "source_in") != 0) continue;
    try {
      mass[line.substr(0, c1)] += std::stod(line.substr(c3 + 1));
    } catch (const std::exception&) {
      throw InputError(path, "line " + std::to_string(n), "mass is not a number");
    }
  }
  std::vector<double> L(constituents.size() * groups.size(), 0.0);
  for (std::size_t k = 0; k < constituents.size(); ++k)
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto it = mass.find(constituents[k] + "@" + groups[g]);
      if (it == mass.end())
        throw InputError(path, "",
                         "no source inputs of '" + constituents[k] + "@" + groups[g] + "' (not a tagged run?)");
      L[k * groups.size() + g] = it->second / T;
    }
  return L;
}

SourceReceptorMatrix build_matrix(const std::string& maps_file, const std::vector<Receptor>& receptors,
                                  const std::vector<std::string>& groups, const std::vector<std::string>& constituents,
                                  const std::vector<double>& mean_load, const std::vector<double>& floor_load,
                                  double from_s,
                                  std::map<std::string, std::map<std::string, std::vector<double>>>* face_means) {
  const NcFile nc = NcFile::open(maps_file);
  const std::size_t nf = nc.dim_len("nMesh_face");
  const NcTimeAxis axis = read_time_axis(nc, "time", real_calendars());
  std::vector<std::size_t> samples;
  for (std::size_t t = 0; t < axis.raw.size(); ++t)
    if (axis.raw[t] * axis.units.unit_seconds > from_s + 1e-6) samples.push_back(t);
  if (samples.empty())
    throw InputError(maps_file, "variable 'time'", "no map sample after the spin-up (run longer or map more often)");
  const std::size_t G = groups.size(), K = constituents.size(), NR = receptors.size();

  SourceReceptorMatrix M;
  for (const auto& r : receptors) {
    M.receptors.push_back(r.name);
    M.receptor_kind.push_back(r.kind);
    M.receptor_jurisdiction.push_back(r.jurisdiction);
    M.receptor_target_class.push_back(r.target_class);
  }
  M.groups = groups;
  M.constituents = constituents;
  M.current_load = mean_load;
  M.floor_load = floor_load;
  M.response.assign(K * NR * G, 0.0);
  M.background.assign(K * NR, 0.0);
  M.concentration.assign(K * NR, 0.0);

  // Face sums over the wet samples and their counts; the wet set is the base field's.
  auto face_sums = [&](const std::string& var, std::vector<double>& S, std::vector<double>& n) {
    if (!nc.has_var(var))
      throw InputError(maps_file, "variable '" + var + "'", "missing (was the run made with tagged copies?)");
    // By dimension name, in g/m3; fill values (dry faces) are not samples.
    const NcVar v(nc, NcVarSpec{var, {"time", "nMesh_face"}, "g m-3", true});
    if (v.len(0) != axis.raw.size() || v.len(1) != nf)
      throw InputError(maps_file, "variable '" + var + "'", "is not one value per time and face");
    S.assign(nf, 0.0);
    n.assign(nf, 0.0);
    for (std::size_t t : samples) {
      const std::vector<double> rec = v.read_record(t);
      for (std::size_t f = 0; f < nf; ++f)
        if (std::isfinite(rec[f])) {
          S[f] += rec[f];
          n[f] += 1;
        }
    }
  };
  auto receptor_means = [&](const std::vector<double>& S, const std::vector<double>& n) {
    std::vector<double> v(NR, 0.0);
    for (std::size_t r = 0; r < NR; ++r) {
      double num = 0, den = 0;
      for (std::size_t i = 0; i < receptors[r].faces.size(); ++i) {
        const auto f = static_cast<std::size_t>(receptors[r].faces[i]);
        num += receptors[r].weight[i] * S[f];
        den += receptors[r].weight[i] * n[f];
      }
      v[r] = den > 0 ? num / den : 0.0;
    }
    return v;
  };
  auto per_face = [&](const std::vector<double>& S, const std::vector<double>& n) {
    std::vector<double> v(nf);
    for (std::size_t f = 0; f < nf; ++f) v[f] = n[f] > 0 ? S[f] / n[f] : std::nan("");
    return v;
  };

  std::vector<double> S, n;
  for (std::size_t k = 0; k < K; ++k) {
    face_sums(output_name(constituents[k]), S, n);
    const auto base = receptor_means(S, n);
    if (face_means) (*face_means)[constituents[k]][""] = per_face(S, n);
    std::vector<double> tagged_sum(NR, 0.0);
    for (std::size_t g = 0; g < G; ++g) {
      face_sums(output_name(constituents[k] + "@" + groups[g]), S, n);
      const auto v = receptor_means(S, n);
      if (face_means) (*face_means)[constituents[k]][groups[g]] = per_face(S, n);
      const double L = mean_load[k * G + g];
      for (std::size_t r = 0; r < NR; ++r) {
        tagged_sum[r] += v[r];
        M.response[(k * NR + r) * G + g] = L > 0 ? v[r] / L : 0.0;
      }
    }
    for (std::size_t r = 0; r < NR; ++r) {
      M.concentration[k * NR + r] = base[r];
      M.background[k * NR + r] = base[r] - tagged_sum[r];
    }
  }
  return M;
}

void split_group(const std::string& group, TagBy by, const Scenario& s, std::string& jurisdiction,
                 std::string& sector) {
  jurisdiction = group;
  sector = "all";
  if (by == TagBy::sector) {
    const auto dot = group.rfind('.');
    jurisdiction = group.substr(0, dot);
    sector = dot == std::string::npos ? "" : group.substr(dot + 1);
  } else if (by == TagBy::source) {
    for (const auto& src : s.sources)
      if (src.id == group) jurisdiction = src.jurisdiction;
  }
}

void write_matrix(const std::string& path, const SourceReceptorMatrix& m) {
  AtomicOutput out(path);
  {
    NcFile nc = NcFile::create(out.temp_path().string());
    nc.def_dim("constituent", m.constituents.size());
    nc.def_dim("receptor", m.nr());
    nc.def_dim("group", m.ng());
    nc.def_var("constituent_name", NC_STRING, {"constituent"});
    nc.def_var("receptor_name", NC_STRING, {"receptor"});
    nc.put_att("receptor_name", "long_name", "zone id, sea-area jurisdiction code, station id or cell:<face>");
    nc.def_var("receptor_kind", NC_STRING, {"receptor"});
    nc.put_att("receptor_kind", "flag_meanings", "zone sea_area station cell");
    nc.def_var("receptor_jurisdiction", NC_STRING, {"receptor"});
    nc.def_var("receptor_target_class", NC_INT, {"receptor"});
    nc.put_att("receptor_target_class", "long_name", "target water class, 1 = Class I; 0 = none");
    nc.def_var("group_name", NC_STRING, {"group"});
    nc.def_var("group_jurisdiction", NC_STRING, {"group"});
    nc.def_var("group_sector", NC_STRING, {"group"});
    nc.def_var("response", NC_DOUBLE, {"constituent", "receptor", "group"}, 4);
    nc.put_att("response", "long_name",
               "period-mean concentration at the receptor per unit period-mean load of the group");
    nc.put_att("response", "units", "(g m-3) (g s-1)-1");
    nc.def_var("background", NC_DOUBLE, {"constituent", "receptor"});
    nc.put_att("background", "long_name", "period-mean concentration from open boundaries and initial water");
    nc.put_att("background", "units", "g m-3");
    nc.def_var("concentration", NC_DOUBLE, {"constituent", "receptor"});
    nc.put_att("concentration", "long_name", "period-mean concentration of the run (background + response x load)");
    nc.put_att("concentration", "units", "g m-3");
    nc.def_var("current_load", NC_DOUBLE, {"constituent", "group"});
    nc.put_att("current_load", "long_name", "period-mean load of the group in the run (controls applied)");
    nc.put_att("current_load", "units", "g s-1");
    nc.def_var("floor_load", NC_DOUBLE, {"constituent", "group"});
    nc.put_att("floor_load", "long_name", "natural-sector part of current_load (no control may cut it)");
    nc.put_att("floor_load", "units", "g s-1");
    nc.put_att("", "Conventions", "CF-1.8");
    nc.put_att("", "title", "beibu source-receptor matrix");
    for (const auto& [key, value] : m.attributes) nc.put_att("", key, value);
    nc.enddef();
    put_strings(nc, "constituent_name", m.constituents);
    put_strings(nc, "receptor_name", m.receptors);
    put_strings(nc, "receptor_kind", m.receptor_kind);
    put_strings(nc, "receptor_jurisdiction", m.receptor_jurisdiction);
    std::vector<int> tc;
    for (int c : m.receptor_target_class) tc.push_back(c + 1);
    nc.put("receptor_target_class", tc);
    put_strings(nc, "group_name", m.groups);
    put_strings(nc, "group_jurisdiction", m.group_jurisdiction);
    put_strings(nc, "group_sector", m.group_sector);
    nc.put("response", m.response);
    nc.put("background", m.background);
    nc.put("concentration", m.concentration);
    nc.put("current_load", m.current_load);
    nc.put("floor_load", m.floor_load);
    nc.close();
  }
  out.commit();
}

SourceReceptorMatrix read_matrix(const std::string& path) {
  const NcFile nc = NcFile::open(path);
  for (const char* d : {"constituent", "receptor", "group"})
    if (!nc.has_dim(d))
      throw InputError(path, std::string("dimension '") + d + "'", "missing (not a beibu matrix file?)");
  const std::size_t K = nc.dim_len("constituent"), NR = nc.dim_len("receptor"), G = nc.dim_len("group");
  SourceReceptorMatrix m;
  m.constituents = get_strings(nc, "constituent_name", K);
  m.receptors = get_strings(nc, "receptor_name", NR);
  m.receptor_kind = get_strings(nc, "receptor_kind", NR);
  m.receptor_jurisdiction = get_strings(nc, "receptor_jurisdiction", NR);
  m.groups = get_strings(nc, "group_name", G);
  m.group_jurisdiction = get_strings(nc, "group_jurisdiction", G);
  m.group_sector = get_strings(nc, "group_sector", G);
  // By dimension name: a file written with its dimensions in another order is read
  // in this order; units converted; a fill value anywhere is refused.
  auto get = [&](const std::string& var, const std::vector<std::string>& dims, const std::string& units) {
    return NcVar(nc, NcVarSpec{var, dims, units}).read();
  };
  m.response = get("response", {"constituent", "receptor", "group"}, "(g m-3) (g s-1)-1");
  m.background = get("background", {"constituent", "receptor"}, "g m-3");
  m.concentration = get("concentration", {"constituent", "receptor"}, "g m-3");
  m.current_load = get("current_load", {"constituent", "group"}, "g s-1");
  m.floor_load = get("floor_load", {"constituent", "group"}, "g s-1");
  for (std::size_t i = 0; i < m.current_load.size(); ++i) {
    const std::string group = "group '" + m.groups[i % G] + "': ", of = m.constituents[i / G];
    if (m.current_load[i] < 0)
      throw InputError(path, "variable 'current_load'", group + "a load of " + of + " below zero");
    if (m.floor_load[i] < 0) throw InputError(path, "variable 'floor_load'", group + "a load of " + of + " below zero");
    if (m.floor_load[i] > m.current_load[i] * (1 + 1e-12))
      throw InputError(path, "variable 'floor_load'",
                       group + "the floor load of " + of + " (" + number_text(m.floor_load[i]) +
                           " g/s) is above its current load (" + number_text(m.current_load[i]) + " g/s)");
  }
  for (double c : NcVar(nc, {"receptor_target_class", {"receptor"}, ""}).read()) {
    if (c != std::floor(c) || c < 0)
      throw InputError(path, "variable 'receptor_target_class'",
                       "holds " + number_text(c) + " where a class number (0: no target) belongs");
    m.receptor_target_class.push_back(static_cast<int>(c) - 1);
  }
  for (const char* a : {"scenario_file", "scenario_sha256", "hydrodynamics", "period", "tag_by", "created_by"})
    m.attributes[a] = nc.att_text("", a);
  for (const char* a : {"tides_uncertainty", "tides_uncertainty_zh"})  // matrices from before they were kept lack them
    if (const std::string v = nc.att_text("", a); !v.empty()) m.attributes[a] = v;
  return m;
}

}  // namespace beibu
