#include "ingest/field_source.hpp"

#include <filesystem>

#include "core/config.hpp"

namespace fs = std::filesystem;

namespace beibu {

FieldSource parse_field_source(const Config& c, const std::string& base_dir, Vertical default_vertical) {
  if (!c.is_map()) c.fail("expected a number or a gridded field {file: F, variable: V, vertical: V}");
  c.check_keys({"file", "variable", "vertical"});
  FieldSource f;
  const fs::path p(c.at("file").as_string());
  f.file = (p.is_absolute() ? p : fs::path(base_dir) / p).lexically_normal().string();
  if (!fs::is_regular_file(f.file)) c.at("file").fail("no such file: " + f.file);
  f.variable = c.get("variable", std::string());
  const std::string v = c.get("vertical", vertical_name(default_vertical));
  if (v == "depth_average")
    f.vertical = Vertical::depth_average;
  else if (v == "surface")
    f.vertical = Vertical::surface;
  else
    c.at("vertical").fail("expected 'surface' (the shallowest level) or 'depth_average', got '" + v + "'");
  return f;
}

std::string vertical_name(Vertical v) {
  return v == Vertical::surface ? "surface" : "depth_average";
}

}  // namespace beibu
