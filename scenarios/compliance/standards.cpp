#include "scenarios/compliance/standards.hpp"

#include <cctype>
#include <cmath>

#include "core/config.hpp"
#include "core/error.hpp"

namespace beibu {

bool ParameterLimit::meets(double v, std::size_t cls) const {
  const double lim = values[cls];
  switch (kind) {
    case LimitKind::max:
      return v <= lim;
    case LimitKind::max_exclusive:
      return v < lim;
    case LimitKind::min:
      return v >= lim;
    case LimitKind::min_exclusive:
      return v > lim;
  }
  return false;
}

const ParameterLimit* Standard::find(const std::string& p) const {
  for (const auto& x : parameters)
    if (x.id == p) return &x;
  return nullptr;
}

const std::string& Standard::class_name(int cls, const std::string& lang) const {
  const ClassName& c = (cls >= 0 && cls < static_cast<int>(classes.size())) ? classes[cls] : worse_than_all;
  return lang == "zh" ? c.name_zh : c.name;
}

std::string Standard::code_name(int code, const std::string& lang) const {
  if (code == kClassNotAssessed) return lang == "zh" ? "未评价" : "not assessed";
  return class_name(code - 1, lang);
}

std::vector<int> Standard::codes() const {
  std::vector<int> c;
  for (int k = 0; k <= static_cast<int>(classes.size()); ++k) c.push_back(class_code(k));
  return c;
}

std::string Standard::code_flag_meanings() const {
  std::string out;
  for (int code : codes()) {
    std::string w = code_name(code);
    for (char& ch : w)
      if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

namespace {
ClassName read_class(const Config& c) {
  c.check_keys({"name", "name_zh"});
  return {c.at("name").as_string(), c.at("name_zh").as_string()};
}

LimitKind read_kind(const Config& c) {
  const std::string k = c.as_string();
  if (k == "max") return LimitKind::max;
  if (k == "max_exclusive") return LimitKind::max_exclusive;
  if (k == "min") return LimitKind::min;
  if (k == "min_exclusive") return LimitKind::min_exclusive;
  c.fail("unknown limit '" + k + "' (expected max, max_exclusive, min or min_exclusive)");
}
}  // namespace

Standard load_standard(const std::string& path) {
  const Config root = Config::load_file(path);
  root.check_keys({"id", "title", "title_zh", "source", "water", "classes", "worse_than_all", "parameters"});
  Standard s;
  s.file = path;
  s.id = root.at("id").as_string();
  s.title = root.at("title").as_string();
  s.title_zh = root.get("title_zh", s.title);
  s.source = root.at("source").as_string();
  s.water = root.at("water").as_string();
  if (s.water != "sea" && s.water != "river") root.at("water").fail("expected 'sea' or 'river'");
  for (const Config& c : root.at("classes").items()) s.classes.push_back(read_class(c));
  if (s.classes.empty()) root.at("classes").fail("needs at least one class");
  s.worse_than_all = read_class(root.at("worse_than_all"));
  const Config params = root.at("parameters");
  for (const std::string& id : params.keys()) {
    const Config p = params.at(id);
    p.check_keys({"name", "name_zh", "units", "limit", "values"});
    ParameterLimit pl;
    pl.id = id;
    pl.name = p.at("name").as_string();
    pl.name_zh = p.get("name_zh", pl.name);
    pl.units = p.at("units").as_string();
    if (pl.units != "mg/L") p.at("units").fail("limits must be in mg/L");
    pl.kind = read_kind(p.at("limit"));
    pl.values = p.at("values").as_doubles();
    if (pl.values.size() != s.classes.size())
      p.at("values").fail("expected " + std::to_string(s.classes.size()) + " values, one per class");
    for (std::size_t i = 0; i < pl.values.size(); ++i) {
      if (!std::isfinite(pl.values[i]) || pl.values[i] < 0) p.at("values").fail("limits must be finite and >= 0");
      // Limits may not get stricter from one class to the next worse one.
      if (i > 0 && (pl.higher_is_worse() ? pl.values[i] < pl.values[i - 1] : pl.values[i] > pl.values[i - 1]))
        p.at("values").fail("class limits must not get stricter towards the worse classes");
    }
    s.parameters.push_back(pl);
  }
  return s;
}

}  // namespace beibu
