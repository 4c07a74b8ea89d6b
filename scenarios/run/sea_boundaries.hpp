#pragma once
// Sections along the sea boundaries between jurisdictions, for cross-border
// pollutant fluxes: every mesh edge whose two faces lie in different sea areas
// (Mesh::jurisdiction) belongs to the section "A|B" (codes in name order), oriented
// from A to B; every open-boundary edge of a jurisdiction's sea area to "A|open".
#include <string>
#include <utility>
#include <vector>

#include "mesh/mesh.hpp"
#include "solver/transport/transport_model.hpp"

namespace beibu {

struct SeaSection {
  std::string name, from, to;                   // positive direction: from -> to
  std::vector<std::pair<long, int>> face_edge;  // global face (in `from`), local edge 0..2
};

// Sections in name order; faces without a jurisdiction (-1) take part in none.
std::vector<SeaSection> sea_boundary_sections(const Mesh& m);

// Table rows (CSV text) of a run's section totals: section, from, to, component,
// gross from->to (t), gross to->from (t), net from->to (t); fluxes are matched to
// sections by name; `period` labels the rows.
std::string sea_flux_csv(const std::vector<SeaSection>& sections, const std::vector<SectionFlux>& fluxes,
                         const std::vector<ComponentInfo>& components, const std::string& period);

// Registers every section with the model (before initialise), in order.
void add_sea_sections(TransportModel& model, const std::vector<SeaSection>& sections);
// Collective: gathers the model's section totals and writes sea_flux_csv to `path`
// atomically on rank 0 of the model's communicator.
void write_sea_fluxes(const std::string& path, const TransportModel& model, const std::vector<SeaSection>& sections,
                      const std::string& period);

}  // namespace beibu
