// Sources and open boundaries: where the point sources lie, their loads and the
// concentrations their water carries, the boundaries' inflow concentrations, and the
// cells with point flows of each interval.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/error.hpp"
#include "mesh/face_locator.hpp"
#include "mesh/local_mesh.hpp"
#include "mesh/mesh.hpp"
#include "solver/flow.hpp"
#include "solver/series.hpp"
#include "transport_model.hpp"

namespace beibu {

void TransportModel::setup_inputs(const Mesh& global) {
  const int no = m_.n_owned;
  // Sources: locate on the global mesh, keep those this rank owns.
  std::unordered_map<long, int> owned_of;
  for (int c = 0; c < no; ++c) owned_of[m_.cell_gid[c]] = c;
  inputs_.conc_source_of_cell.assign(no, -1);
  const FaceLocator locator(global);
  for (std::size_t s = 0; s < cfg_.sources.size(); ++s) {
    const auto& sp = cfg_.sources[s];
    std::vector<std::pair<long, double>> where = sp.cells;
    if (where.empty()) where.emplace_back(sp.by_cell ? sp.cell : locator.find(sp.x, sp.y), 1.0);
    for (const auto& [gid, share] : where)
      if (gid < 0 || gid >= static_cast<long>(global.n_faces()))
        throw InputError(cfg_.file, "source '" + sp.name + "'", "lies outside the mesh");
    if (where.size() > 1 && !sp.concentration.empty())
      throw InputError(cfg_.file, "source '" + sp.name + "'", "a source with a concentration enters one cell");
    Source src;
    src.tag = sp.tag;
    src.load.assign(K_, 0.0);
    src.conc.assign(K_, 0.0);
    auto apply = [&](const std::vector<std::pair<std::string, double>>& list, std::vector<double>& to) {
      for (const auto& [name, v] : list)
        for (int k = 0; k < K_; ++k)
          if (comps_[k].kind == ComponentInfo::kConstituent && cfg_.constituents[comps_[k].base].name == name &&
              (comps_[k].tag.empty() || comps_[k].tag == sp.tag))
            to[k] = v;
    };
    apply(sp.load, src.load);
    apply(sp.concentration, src.conc);
    src.has_conc = !sp.concentration.empty();
    for (int k = 0; k < K_; ++k)
      if (comps_[k].kind == ComponentInfo::kAgeTracer) src.conc[k] = 1.0;
    for (const auto& [gid, share] : where) {
      const auto it = owned_of.find(gid);
      if (it == owned_of.end()) continue;
      src.cells.push_back(it->second);
      src.shares.push_back(share);
      if (src.has_conc) {
        if (inputs_.conc_source_of_cell[it->second] >= 0)
          throw InputError(cfg_.file, "source '" + sp.name + "'",
                           "shares its cell with another concentration source; merge them");
        inputs_.conc_source_of_cell[it->second] = static_cast<int>(s);
      }
    }
    inputs_.sources.push_back(src);
    inputs_.source_names.push_back(sp.name);
  }
  inputs_.source_names.push_back("(unattributed source_flow)");

  // Open boundaries by mesh name.
  inputs_.boundary_names = global.open_boundary_names;
  const int nb = static_cast<int>(inputs_.boundary_names.size());
  inputs_.boundary_series.assign(nb, {});
  for (int b = 0; b < nb; ++b) {
    inputs_.boundary_series[b].values.resize(K_);
    for (int k = 0; k < K_; ++k) inputs_.boundary_series[b].values[k] = {comps_[k].boundary_default};
  }
  inputs_.boundary_series_given.assign(static_cast<std::size_t>(nb) * K_, 0);
  for (const auto& bs : cfg_.boundaries) {
    const auto it = std::find(inputs_.boundary_names.begin(), inputs_.boundary_names.end(), bs.name);
    if (it == inputs_.boundary_names.end())
      throw InputError(cfg_.file, "boundary '" + bs.name + "'", "the mesh has no open boundary of that name");
    const std::size_t b = static_cast<std::size_t>(it - inputs_.boundary_names.begin());
    auto& ser = inputs_.boundary_series[b];
    for (const auto& [name, vals] : bs.concentration)
      for (int k = 0; k < K_; ++k)
        if (comps_[k].kind == ComponentInfo::kConstituent && cfg_.constituents[comps_[k].base].name == name &&
            (comps_[k].tag.empty() || comps_[k].tag == bs.tag)) {
          ser.values[k] = vals;
          inputs_.boundary_series_given[b * K_ + k] = 1;
        }
    if (!bs.times.empty()) ser.times = bs.times;
    for (auto& v : ser.values)
      if (v.size() != 1 && v.size() != ser.times.size()) v.assign(std::max<std::size_t>(ser.times.size(), 1), v[0]);
  }
  inputs_.boundary_conc.assign(static_cast<std::size_t>(nb) * K_, 0.0);
  inputs_.boundary_field.assign(K_, {});
  inputs_.edge_conc.assign(K_, 0.0);
}

std::vector<int> TransportModel::open_boundary_cells() const {
  std::vector<int> cells;
  for (std::size_t q = 0; q < edge_.boundary.size(); ++q)
    if (edge_.boundary[q] >= 0) cells.push_back(num_.local_cell[edge_.left[q]]);
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  return cells;
}

void TransportModel::set_boundary_field(int comp, const std::vector<double>& per_cell) {
  const std::vector<int> cells = open_boundary_cells();
  if (comp < 0 || comp >= K_ || per_cell.size() != cells.size())
    throw Failure("transport: set_boundary_field needs a component and one value per open-boundary cell");
  auto& f = inputs_.boundary_field[comp];
  f.assign(m_.n_local, 0.0);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double v = per_cell[i];
    if (!(v >= 0) || !std::isfinite(v))
      throw InputError(cfg_.file, "boundary inflow of '" + comps_[comp].name + "'",
                       "must be finite and >= 0, got " + std::to_string(v));
    f[cells[i]] = v;
  }
  inputs_.any_boundary_field = true;
}

const double* TransportModel::open_edge_concentration(int b, int cell) {
  const std::size_t K = static_cast<std::size_t>(K_);
  const double* series = inputs_.boundary_conc.data() + static_cast<std::size_t>(b) * K;
  if (!inputs_.any_boundary_field) return series;
  const int lc = num_.local_cell[cell];
  for (std::size_t k = 0; k < K; ++k) {
    const auto& f = inputs_.boundary_field[k];
    inputs_.edge_conc[k] = f.empty() || inputs_.boundary_series_given[b * K + k] ? series[k] : f[lc];
  }
  return inputs_.edge_conc.data();
}

void TransportModel::set_source_load(SourceHandle source, ConstituentHandle constituent, double g_per_s) {
  if (source.index >= inputs_.sources.size())
    throw Failure("transport: no point source " + std::to_string(source.index) + " (there are " +
                  std::to_string(inputs_.sources.size()) + ")");
  if (constituent.index >= cfg_.constituents.size())
    throw Failure("transport: no constituent " + std::to_string(constituent.index) + " (there are " +
                  std::to_string(cfg_.constituents.size()) + ")");
  if (!(g_per_s >= 0) || !std::isfinite(g_per_s))
    throw InputError(cfg_.file, "source '" + inputs_.source_names[source.index] + "'",
                     "load of '" + cfg_.constituents[constituent.index].name + "' must be finite and >= 0, got " +
                         std::to_string(g_per_s));
  Source& s = inputs_.sources[source.index];
  for (int k = 0; k < K_; ++k)
    if (comps_[k].kind == ComponentInfo::kConstituent && comps_[k].base == static_cast<int>(constituent.index) &&
        (comps_[k].tag.empty() || comps_[k].tag == s.tag))
      s.load[k] = g_per_s;
}

void TransportModel::boundary_values(double t) {
  for (std::size_t b = 0; b < inputs_.boundary_series.size(); ++b)
    for (int k = 0; k < K_; ++k)
      inputs_.boundary_conc[b * K_ + k] =
          interpolate_linear(inputs_.boundary_series[b].times, inputs_.boundary_series[b].values[k], t);
}

void TransportModel::collect_point_inputs(const FlowState& flow) {
  const int no = m_.n_owned;
  // Cells with point flow or a point source, and each one's sources in source order
  // (an entry per source and cell it enters, linked per cell).
  inputs_.point_cells.clear();
  std::vector<int> first(no, -1), last(no, -1), next, entry_src;
  std::vector<double> entry_share;
  for (std::size_t s = 0; s < inputs_.sources.size(); ++s)
    for (std::size_t i = 0; i < inputs_.sources[s].cells.size(); ++i) {
      const int p = num_.internal_cell[inputs_.sources[s].cells[i]];
      const int e = static_cast<int>(entry_src.size());
      entry_src.push_back(static_cast<int>(s));
      entry_share.push_back(inputs_.sources[s].shares[i]);
      next.push_back(-1);
      if (first[p] < 0)
        first[p] = e;
      else
        next[static_cast<std::size_t>(last[p])] = e;
      last[p] = e;
    }
  inputs_.point_src_start.assign(1, 0);
  inputs_.point_src.clear();
  inputs_.point_share.clear();
  for (int p = 0; p < no; ++p) {
    flow_.point_flow[p] = flow.source_flow[num_.local_cell[p]];
    if (flow_.point_flow[p] == 0 && first[p] < 0) continue;
    inputs_.point_cells.push_back(p);
    for (int e = first[p]; e >= 0; e = next[static_cast<std::size_t>(e)]) {
      inputs_.point_src.push_back(entry_src[static_cast<std::size_t>(e)]);
      inputs_.point_share.push_back(entry_share[static_cast<std::size_t>(e)]);
    }
    inputs_.point_src_start.push_back(static_cast<int>(inputs_.point_src.size()));
  }
  stage_.point_result.assign(inputs_.point_cells.size() * static_cast<std::size_t>(K_), 0.0);
  // What the sources and the inflows with a concentration add is constant over the
  // interval: one rate per special cell, and the budget takes rate x interval (every
  // cell's steps cover the interval, and Heun's two stages add dt x rate per step).
  const std::size_t K = static_cast<std::size_t>(K_), ns = inputs_.sources.size();
  inputs_.point_rate.assign(inputs_.point_cells.size() * K, 0.0);
  for (std::size_t i = 0; i < inputs_.point_cells.size(); ++i) {
    double* rate = inputs_.point_rate.data() + i * K;
    const int p = inputs_.point_cells[i];
    if (flow_.point_flow[p] > 0) {
      const int s = inputs_.conc_source_of_cell[num_.local_cell[p]];
      const double* conc = s >= 0 ? inputs_.sources[s].conc.data() : nullptr;
      const std::size_t bidx = s >= 0 ? static_cast<std::size_t>(s) : ns;  // unattributed water
      for (std::size_t k = 0; k < K; ++k) {
        const double ck = conc ? conc[k] : (comps_[k].kind == ComponentInfo::kAgeTracer ? 1.0 : 0.0);
        rate[k] += flow_.point_flow[p] * ck;
        budget_.source_in[bidx * K + k] += flow.dt * flow_.point_flow[p] * ck;
      }
    }
    for (int j = inputs_.point_src_start[i]; j < inputs_.point_src_start[i + 1]; ++j) {
      const std::size_t src = static_cast<std::size_t>(inputs_.point_src[j]);
      const double share = inputs_.point_share[j];
      for (std::size_t k = 0; k < K; ++k) {
        const double load = share * inputs_.sources[src].load[k];
        rate[k] += load;
        budget_.source_in[src * K + k] += flow.dt * load;
      }
    }
  }
}

}  // namespace beibu
