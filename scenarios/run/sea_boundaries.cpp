#include "scenarios/run/sea_boundaries.hpp"

#include <map>
#include <sstream>

#include "core/collective.hpp"
#include "mesh/local_mesh.hpp"
#include "scenarios/products/report.hpp"

namespace beibu {

std::vector<SeaSection> sea_boundary_sections(const Mesh& m) {
  std::map<std::string, SeaSection> by_name;
  auto code = [&](long f) -> std::string {
    const int j = m.jurisdiction.empty() ? -1 : m.jurisdiction[static_cast<std::size_t>(f)];
    return j >= 0 ? m.jurisdiction_codes[static_cast<std::size_t>(j)] : std::string();
  };
  for (std::size_t f = 0; f < m.n_faces(); ++f) {
    const std::string a = code(static_cast<long>(f));
    if (a.empty()) continue;
    for (int k = 0; k < 3; ++k) {
      const int e = m.face_edge[3 * f + static_cast<std::size_t>(k)];
      const int f0 = m.edge_face[2 * static_cast<std::size_t>(e)],
                f1 = m.edge_face[2 * static_cast<std::size_t>(e) + 1];
      std::string b;
      if (f1 < 0) {
        if (m.edge_tag[static_cast<std::size_t>(e)] < kOpenEdgeBase) continue;  // land
        b = "open";
      } else {
        const long other = f0 == static_cast<int>(f) ? f1 : f0;
        b = code(other);
        // Each interior edge once: from the face of the first code in name order.
        if (b.empty() || b == a || !(a < b)) continue;
      }
      SeaSection& s = by_name[a + "|" + b];
      s.name = a + "|" + b;
      s.from = a;
      s.to = b;
      s.face_edge.emplace_back(static_cast<long>(f), k);
    }
  }
  std::vector<SeaSection> out;
  for (auto& [n, s] : by_name) out.push_back(std::move(s));
  return out;
}

std::string sea_flux_csv(const std::vector<SeaSection>& sections, const std::vector<SectionFlux>& fluxes,
                         const std::vector<ComponentInfo>& components, const std::string& period) {
  std::ostringstream os;
  os.precision(17);
  os << "section,from,to,component,period,gross_from_to_t,gross_to_from_t,net_from_to_t\n";
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const SectionFlux* fx = nullptr;  // by name: the model may hold other sections too
    for (const auto& f : fluxes)
      if (f.name == sections[i].name) fx = &f;
    if (!fx) continue;
    for (std::size_t k = 0; k < components.size(); ++k) {
      if (components[k].kind != ComponentInfo::kConstituent) continue;  // not water age
      const double g = components[k].budget_grams / 1e6;                // tonnes, as the mass budget counts them (salt)
      const double p = fx->positive[k] * g, n = fx->negative[k] * g;
      os << sections[i].name << "," << sections[i].from << "," << sections[i].to << "," << components[k].name << ",\""
         << period << "\"," << p << "," << n << "," << p - n << "\n";
    }
  }
  return os.str();
}

void add_sea_sections(TransportModel& model, const std::vector<SeaSection>& sections) {
  for (const auto& s : sections) model.add_flux_section(s.name, s.face_edge);
}

void write_sea_fluxes(const std::string& path, const TransportModel& model, const std::vector<SeaSection>& sections,
                      const std::string& period) {
  const auto fluxes = model.section_fluxes();  // collective
  run_on_root(model.mesh().comm, [&] { write_text(path, sea_flux_csv(sections, fluxes, model.components(), period)); });
}

}  // namespace beibu
