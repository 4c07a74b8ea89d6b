#pragma once
// Synthetic river networks for the tests, written as the YAML a user would write.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "ingest/projection.hpp"
#include "ingest/vector_layer.hpp"
#include "solver/rivers/network.hpp"

namespace rivertest {

inline beibu::rivers::RiverNetwork network_from_yaml(const std::string& text,
                                                     const std::vector<std::string>& mouths = {},
                                                     const std::vector<beibu::PolygonFeature>& polys = {}) {
  const beibu::Config c = beibu::Config::load_string(text, "synthetic.yaml");
  static const beibu::Projection proj;
  return beibu::rivers::build_network(beibu::rivers::read_network_spec(c, proj), mouths, polys);
}

// Axis-aligned rectangle as a jurisdiction polygon with property code.
inline beibu::PolygonFeature box(double x0, double y0, double x1, double y1, const std::string& code) {
  beibu::PolygonFeature p;
  p.rings.push_back(beibu::Ring{{x0, x1, x1, x0}, {y0, y0, y1, y1}});
  p.props["code"] = code;
  return p;
}

}  // namespace rivertest
