#pragma once
// Where every gram went, per component: initial, each point source, each open
// boundary (in and out), decay, settling, withdrawals, production (water age),
// final, and the residual, which the flux-form update keeps at round-off.
// Scenario code reads this struct; runs print it and save it as CSV.
#include <string>
#include <vector>

namespace beibu {

struct ComponentBudget {
  std::string name;
  double initial = 0, final = 0;
  std::vector<double> source_in;                   // g, per point source
  std::vector<double> boundary_in, boundary_out;   // g, per open boundary (both >= 0)
  double decay = 0, settling = 0, withdrawal = 0;  // g removed (>= 0)
  double production = 0;                           // g created inside (water-age concentration)

  double total_in() const;
  double total_out() const;
  double expected_final() const { return initial + total_in() - total_out(); }
  double residual() const { return final - expected_final(); }
  // |residual| relative to the largest mass involved.
  double relative_residual() const;
  // Every term times f (the kernel's integrals of concentration x volume to grams).
  void scale(double f);
};

struct MassBudget {
  double t_start = 0, t_end = 0;  // s
  std::vector<std::string> source_names, boundary_names;
  std::vector<ComponentBudget> components;

  const ComponentBudget& at(const std::string& name) const;  // throws Failure if absent
  void log() const;                                          // BLOG(info) a table (rank 0)
  // One row per component and term; written atomically.
  void write_csv(const std::string& path) const;
};

}  // namespace beibu
