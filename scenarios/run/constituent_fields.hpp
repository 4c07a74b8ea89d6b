#pragma once
// The gridded initial and open-boundary concentrations of a run's constituents
// (`initial:` and `boundary_default:` given as {file, variable, vertical} in the
// transport block, TransportConfig): the fields are sampled at this rank's cells,
// a 3-D field averaged over each cell's own water column (point_field.hpp). The
// initial field at the owned cells at model time 0; the boundary field at the cells
// on the open boundaries once per coupling interval, at the interval's middle, and
// imposed as the inflow concentration of their open edges. Units are those of the
// constituent: practical salinity (PSU, PPT, 1e-3), or mass concentrations (mg/L,
// ug/L, ...) and, for a nitrogen or phosphorus species, molar ones (mmol m-3 of NO3
// is mg/L of N).
#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "ingest/point_field.hpp"
#include "solver/transport/map_output.hpp"
#include "solver/transport/transport_config.hpp"

namespace beibu {

class TransportModel;
struct LocalMesh;

// The plausible range of a constituent's field in model units: a value beyond it is a
// unit or file mistake (salinity 0..45; a concentration 0..1000 mg/L).
struct FieldRange {
  double lo = 0, hi = 0;
};
FieldRange constituent_field_range(const ConstituentSpec& c);

// Checks, before anything is written, every gridded field of `tc`: the file, the
// variable (named, or found for salinity), its units and that its time axis covers
// model times [t0, t1] (the initial field [t0, t0]). InputError naming file and variable.
void check_constituent_fields(const TransportConfig& tc, double t0, double t1);

class ConstituentFields {
 public:
  // Opens the fields of `tc` at this rank's cells and samples them once (initial ones
  // at t_epoch); an InputError on any rank (no valid value at a cell, a value out of
  // range) is thrown on every rank. Collective.
  ConstituentFields(const TransportConfig& tc, const TransportModel& model, const LocalMesh& lm, double t_epoch);

  bool any_initial() const;
  // The initial concentrations per owned cell * component: the fields where given,
  // the constituents' constants (and zero for tagged copies) elsewhere.
  std::vector<double> initial(const TransportModel& model) const;
  // Sets the boundary inflows of `model` over model times [t, t + dt] (sampled at
  // t + dt / 2). Collective.
  void apply(TransportModel& model, double t, double dt);
  // Wall seconds this rank spent sampling, and how many samplings.
  double seconds() const { return seconds_; }
  long samples() const { return samples_; }
  // One line per field for the log: what it is and the range of its values here.
  std::vector<std::string> describe() const;
  // maps.nc's `boundary_inflow_<constituent>`: the inflow concentration each face on
  // an open boundary was given (the fill value elsewhere), one per boundary field.
  std::vector<MapField> maps(const TransportModel& model) const;

 private:
  struct Entry {
    int comp = -1;         // the constituent's (untagged) component
    std::string name;      // constituent
    bool initial = false;  // initial (else boundary) field
    std::unique_ptr<PointField> field;
    std::vector<double> values;  // the last sample
    std::vector<int> cells;      // the LocalMesh cell of each value
    std::vector<double> map;     // per LocalMesh cell: the value, or kMapFillValue
    std::string units;
  };
  std::vector<Entry> entries_;
  double t_epoch_ = 0;
  double seconds_ = 0;
  long samples_ = 0;
  MPI_Comm comm_;
};

}  // namespace beibu
