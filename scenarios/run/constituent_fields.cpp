#include "scenarios/run/constituent_fields.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>

#include "core/collective.hpp"
#include "core/error.hpp"
#include "ingest/units.hpp"
#include "mesh/local_mesh.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

namespace {

bool is_salinity(const ConstituentSpec& c) {
  return c.units == kPracticalSalinityUnits;
}

// How the field's units convert: practical salinity, a water-quality parameter
// (molar units as the element), or any mass concentration.
GridOptions grid_options(const ConstituentSpec& c) {
  GridOptions o;
  o.max_fill_cells = 3;
  if (is_salinity(c)) {
    o.quantity = Quantity::salinity;
  } else if (const auto p = parse_parameter(c.name); p && model_unit(*p) == "mg/L") {
    o.parameter = *p;
  } else {
    o.quantity = Quantity::concentration;
  }
  return o;
}

// The variable holding the constituent: named, or (salinity) found by what it is.
std::string field_variable(const ConstituentSpec& c, const FieldSource& f) {
  if (!f.variable.empty() || is_salinity(c)) return source_variable(f, {Field::sea_water_salinity});
  throw InputError(f.file, "constituent '" + c.name + "'",
                   "name the variable that holds it (variable: ...); only salinity is found by its standard_name");
}

std::unique_ptr<PointField> open_field(const ConstituentSpec& c, const FieldSource& f, const std::vector<double>& lon,
                                       const std::vector<double>& lat, const std::vector<double>& depth) {
  const FieldRange r = constituent_field_range(c);
  return std::make_unique<PointField>(f, field_variable(c, f), grid_options(c), lon, lat, depth, r.lo, r.hi);
}

template <class F>
void each_field(const TransportConfig& tc, F&& f) {
  for (const auto& c : tc.constituents) {
    if (c.initial_field.given()) f(c, c.initial_field, true);
    if (c.boundary_field.given()) f(c, c.boundary_field, false);
  }
}

}  // namespace

FieldRange constituent_field_range(const ConstituentSpec& c) {
  return is_salinity(c) ? FieldRange{0, 45} : FieldRange{0, 1000};
}

void check_constituent_fields(const TransportConfig& tc, double t0, double t1) {
  each_field(tc, [&](const ConstituentSpec& c, const FieldSource& f, bool initial) {
    open_field(c, f, {}, {}, {})->check_covers(t0, initial ? t0 : t1);
  });
}

ConstituentFields::ConstituentFields(const TransportConfig& tc, const TransportModel& model, const LocalMesh& lm,
                                     double t_epoch)
    : t_epoch_(t_epoch), comm_(lm.comm) {
  run_on_all(comm_, [&] {
    const auto owned = [&](const std::vector<double>& v) {
      return std::vector<double>(v.begin(), v.begin() + lm.n_owned);
    };
    const std::vector<int> bc = model.open_boundary_cells();
    std::vector<double> blon, blat, bdepth;
    for (int c : bc) {
      blon.push_back(lm.lon[c]);
      blat.push_back(lm.lat[c]);
      bdepth.push_back(lm.depth[c]);
    }
    each_field(tc, [&](const ConstituentSpec& c, const FieldSource& f, bool initial) {
      Entry e;
      e.comp = find_component(model.components(), c.name);
      e.name = c.name;
      e.initial = initial;
      e.field = initial ? open_field(c, f, owned(lm.lon), owned(lm.lat), owned(lm.depth))
                        : open_field(c, f, blon, blat, bdepth);
      e.units = c.units;
      if (initial) {
        for (int i = 0; i < lm.n_owned; ++i) e.cells.push_back(i);
      } else {
        e.cells = bc;
        e.map.assign(lm.n_local, kMapFillValue);
      }
      e.field->sample(t_epoch_, e.values);  // every cell has a value, in range
      for (std::size_t i = 0; i < e.map.size() && i < e.cells.size(); ++i) e.map[e.cells[i]] = e.values[i];
      entries_.push_back(std::move(e));
    });
  });
}

bool ConstituentFields::any_initial() const {
  return std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.initial; });
}

std::vector<double> ConstituentFields::initial(const TransportModel& model) const {
  const std::size_t K = static_cast<std::size_t>(model.ncomp()), n = static_cast<std::size_t>(model.mesh().n_owned);
  std::vector<double> conc(n * K);
  for (std::size_t c = 0; c < n; ++c)
    for (std::size_t k = 0; k < K; ++k) conc[c * K + k] = model.components()[k].initial;
  for (const auto& e : entries_)
    if (e.initial)
      for (std::size_t c = 0; c < n; ++c) conc[c * K + static_cast<std::size_t>(e.comp)] = e.values[c];
  return conc;
}

void ConstituentFields::apply(TransportModel& model, double t, double dt) {
  if (std::none_of(entries_.begin(), entries_.end(), [](const Entry& e) { return !e.initial; })) return;
  const auto t0 = std::chrono::steady_clock::now();
  run_on_all(comm_, [&] {
    for (auto& e : entries_) {
      if (e.initial) continue;
      e.field->sample(t_epoch_ + t + 0.5 * dt, e.values);
      model.set_boundary_field(e.comp, e.values);
      for (std::size_t i = 0; i < e.cells.size(); ++i) e.map[e.cells[i]] = e.values[i];
    }
  });
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ++samples_;
}

std::vector<std::string> ConstituentFields::describe() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) {
    std::ostringstream os;
    os << e.name << (e.initial ? " initial" : " boundary inflow") << ": variable '" << e.field->variable() << "' of "
       << std::filesystem::path(e.field->field().path()).filename().string()
       << (e.field->averages_columns() ? ", mean over each cell's water column" : "");
    if (!e.values.empty()) {
      const auto [lo, hi] = std::minmax_element(e.values.begin(), e.values.end());
      os << ", " << *lo << " .. " << *hi << " at " << e.values.size() << " cells (this rank, model time 0)";
    }
    out.push_back(os.str());
  }
  return out;
}

std::vector<MapField> ConstituentFields::maps(const TransportModel& model) const {
  std::vector<MapField> out;
  for (const auto& e : entries_) {
    if (e.initial) continue;
    const auto& comp = model.components()[e.comp];
    MapField f;
    f.name = "boundary_inflow_" + e.name;
    f.units = comp.units;
    f.standard_name = comp.standard_name;
    f.long_name = "inflow concentration of " + e.name + " on the open boundary";
    f.comment = "variable " + e.field->variable() + " of " + e.field->field().path() +
                (e.field->averages_columns() ? " (mean over each face's water column)" : "") +
                ", interpolated to each face with an open-boundary edge (nearest water where the grid has land) at the "
                "middle of the coupling interval ending at the record's time (record 0: at the start); the inflow "
                "concentration of those edges unless the scenario's boundaries give the boundary its own series";
    f.values = &e.map;
    out.push_back(f);
  }
  return out;
}

}  // namespace beibu
