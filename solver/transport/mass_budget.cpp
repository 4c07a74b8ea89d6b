#include "mass_budget.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace beibu {

namespace {
double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}
}  // namespace

double ComponentBudget::total_in() const {
  return sum(source_in) + sum(boundary_in) + production;
}
double ComponentBudget::total_out() const {
  return sum(boundary_out) + decay + settling + withdrawal;
}

double ComponentBudget::relative_residual() const {
  const double scale = std::max({std::fabs(initial), std::fabs(final), total_in(), total_out(), 1e-300});
  return std::fabs(residual()) / scale;
}

void ComponentBudget::scale(double f) {
  if (f == 1.0) return;
  for (double* v : {&initial, &final, &decay, &settling, &withdrawal, &production}) *v *= f;
  for (auto* list : {&source_in, &boundary_in, &boundary_out})
    for (double& v : *list) v *= f;
}

const ComponentBudget& MassBudget::at(const std::string& name) const {
  for (const auto& c : components)
    if (c.name == name) return c;
  throw Failure("mass budget: no component '" + name + "'");
}

void MassBudget::log() const {
  for (const auto& c : components) {
    std::ostringstream os;
    os << std::setprecision(10) << "mass budget " << c.name << " [g] t=" << t_start << ".." << t_end << " s: initial "
       << c.initial;
    for (std::size_t i = 0; i < c.source_in.size(); ++i) os << ", source " << source_names[i] << " +" << c.source_in[i];
    for (std::size_t b = 0; b < c.boundary_in.size(); ++b)
      os << ", boundary " << boundary_names[b] << " +" << c.boundary_in[b] << " -" << c.boundary_out[b];
    os << ", decay -" << c.decay << ", settling -" << c.settling << ", withdrawal -" << c.withdrawal;
    if (c.production != 0) os << ", production +" << c.production;
    os << ", final " << c.final << ", residual " << c.residual() << " (relative " << c.relative_residual() << ")";
    BLOG(info) << os.str();
  }
}

void MassBudget::write_csv(const std::string& path) const {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path());
    f << std::setprecision(17);
    f << "component,term,name,mass_g\n";
    for (const auto& c : components) {
      f << c.name << ",initial,," << c.initial << "\n";
      for (std::size_t i = 0; i < c.source_in.size(); ++i)
        f << c.name << ",source_in," << source_names[i] << "," << c.source_in[i] << "\n";
      for (std::size_t b = 0; b < c.boundary_in.size(); ++b) {
        f << c.name << ",boundary_in," << boundary_names[b] << "," << c.boundary_in[b] << "\n";
        f << c.name << ",boundary_out," << boundary_names[b] << "," << c.boundary_out[b] << "\n";
      }
      f << c.name << ",decay,," << c.decay << "\n";
      f << c.name << ",settling,," << c.settling << "\n";
      f << c.name << ",withdrawal,," << c.withdrawal << "\n";
      f << c.name << ",production,," << c.production << "\n";
      f << c.name << ",final,," << c.final << "\n";
      f << c.name << ",residual,," << c.residual() << "\n";
    }
    if (!f) throw Failure("cannot write mass budget " + path);
  }
  out.commit();
}

}  // namespace beibu
