#include "config.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "error.hpp"

namespace beibu {

Config::Config(YAML::Node node, std::string file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

namespace {

// Limits that keep absurd input from exhausting memory or the stack of the YAML
// parser (it recurses per nesting level): configuration files are small.
constexpr std::size_t kMaxYamlBytes = 16u << 20;
constexpr int kMaxYamlNesting = 64;

void check_limits(const std::string& text, const std::string& name) {
  if (text.size() > kMaxYamlBytes)
    throw InputError(name, "", "larger than " + std::to_string(kMaxYamlBytes >> 20) + " MiB: not a configuration file");
  int depth = 0, line = 1;
  for (char c : text) {
    if (c == '\n') ++line;
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && depth > 0) --depth;
    if (depth > kMaxYamlNesting)
      throw InputError(name, "line " + std::to_string(line),
                       "nested more than " + std::to_string(kMaxYamlNesting) + " levels deep");
  }
}

// yaml-cpp keeps every pair of a mapping and answers a look-up with the first, so a
// key given twice would silently lose its second value: refuse it, naming both lines.
// Aliases share nodes, so a file can expand to far more values than it has lines;
// `budget` bounds the walk.
void check_unique_keys(const YAML::Node& node, const std::string& path, const std::string& name, long& budget) {
  if (--budget < 0) throw InputError(name, "", "expands to too many values through aliases to be a configuration file");
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      check_unique_keys(node[i], path + "[" + std::to_string(i) + "]", name, budget);
  } else if (node.IsMap()) {
    std::map<std::string, int> first_line;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) continue;  // reported as "a key must be plain text" where it is read
      const std::string key = kv.first.Scalar();
      const std::string key_path = path.empty() ? key : path + "." + key;
      const int line = kv.first.Mark().line + 1;
      const auto [it, fresh] = first_line.emplace(key, line);
      if (!fresh)
        throw InputError(name, "line " + std::to_string(line),
                         "key '" + key_path + "' is given twice (first on line " + std::to_string(it->second) + ")");
      check_unique_keys(kv.second, key_path, name, budget);
    }
  }
}

constexpr long kMaxYamlValues = 1'000'000;

Config parse(const std::string& text, const std::string& name) {
  check_limits(text, name);
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) {
      if (!root.IsDefined() || root.IsNull())
        throw InputError(name, "", "is empty: expected a mapping of keys to values");
      throw InputError(name, "line " + std::to_string(root.Mark().line + 1),
                       "expected a mapping of keys to values at the top level");
    }
    long budget = kMaxYamlValues;
    check_unique_keys(root, "", name, budget);
    return Config(root, name, "");
  } catch (const YAML::Exception& e) {
    throw InputError(name, "line " + std::to_string(e.mark.line + 1), "malformed YAML: " + e.msg);
  }
}
}  // namespace

Config Config::load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "", "is a directory, not a YAML file");
  errno = 0;
  std::ifstream in(path);
  if (!in) {
    const int err = errno;
    if (err == ENOENT || !std::filesystem::exists(path, ec)) throw InputError(path, "", "no such file");
    throw InputError(path, "", std::string("cannot be read: ") + (err ? std::strerror(err) : "unknown reason"));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(path, "", std::string("cannot be read: ") + std::strerror(errno));
  return parse(ss.str(), path);
}

Config Config::load_string(const std::string& text, const std::string& name) {
  return parse(text, name);
}

int Config::line() const {
  return node_.Mark().line + 1;
}

void Config::fail(const std::string& problem) const {
  std::string where = "line " + std::to_string(line());
  if (!path_.empty()) where += ", key '" + path_ + "'";
  throw InputError(file_, where, problem);
}

bool Config::has(const std::string& key) const {
  return node_.IsMap() && node_[key] && !node_[key].IsNull();
}

Config Config::at(const std::string& key) const {
  if (!node_.IsMap()) fail("expected a mapping containing '" + key + "'");
  YAML::Node child = node_[key];
  const std::string child_path = path_.empty() ? key : path_ + "." + key;
  if (!child || child.IsNull()) fail("missing required key '" + child_path + "'");
  return Config(child, file_, child_path);
}

std::vector<Config> Config::items() const {
  if (!node_.IsSequence()) fail("expected a list");
  std::vector<Config> out;
  for (std::size_t i = 0; i < node_.size(); ++i)
    out.emplace_back(node_[i], file_, path_ + "[" + std::to_string(i) + "]");
  return out;
}

// A mapping's key as text; keys that are lists or mappings are input errors.
std::string Config::key_text(const YAML::Node& key) const {
  if (!key.IsScalar())
    throw InputError(file_, "line " + std::to_string(key.Mark().line + 1),
                     "a key must be plain text" + (path_.empty() ? std::string() : " (in '" + path_ + "')"));
  return key.Scalar();
}

std::vector<std::string> Config::keys() const {
  if (!node_.IsMap()) fail("expected a mapping");
  std::vector<std::string> out;
  for (const auto& kv : node_) out.push_back(key_text(kv.first));
  return out;
}

namespace {
// YAML's spellings of infinity and not-a-number (1.2 core schema), which strtod does not read.
bool yaml_special(const std::string& t, double& out) {
  std::string s = t;
  double sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.erase(0, 1);
  }
  if (s == ".inf" || s == ".Inf" || s == ".INF") {
    out = sign * INFINITY;
    return true;
  }
  if (t == ".nan" || t == ".NaN" || t == ".NAN") {
    out = NAN;
    return true;
  }
  return false;
}
}  // namespace

double Config::as_double(const Range& range) const {
  if (!node_.IsScalar()) fail("expected a number");
  const std::string& text = node_.Scalar();
  double v = 0;
  if (!yaml_special(text, v) && !parse_number_text(text, v)) fail("expected a number, got '" + text + "'");
  const std::string problem = range_problem(v, range);
  if (!problem.empty()) fail(problem);
  return v;
}

long Config::as_int(const Range& range) const {
  if (!node_.IsScalar()) fail("expected an integer");
  long v = 0;
  try {
    v = node_.as<long>();
  } catch (const YAML::Exception&) {
    fail("expected an integer, got '" + node_.Scalar() + "'");
  }
  const std::string problem = range_problem(static_cast<double>(v), range);
  if (!problem.empty()) fail(problem);
  return v;
}

bool Config::as_bool() const {
  if (!node_.IsScalar()) fail("expected true or false");
  try {
    return node_.as<bool>();
  } catch (const YAML::Exception&) {
    fail("expected true or false, got '" + node_.Scalar() + "'");
  }
}

std::string Config::as_string() const {
  if (!node_.IsScalar()) fail("expected a text value");
  return node_.Scalar();
}

std::vector<double> Config::as_doubles(const Range& range) const {
  std::vector<double> out;
  for (const auto& item : items()) out.push_back(item.as_double(range));
  return out;
}

void Config::check_keys(std::initializer_list<const char*> allowed) const {
  if (!node_.IsMap()) fail("expected a mapping");
  for (const auto& kv : node_) {
    const std::string key = key_text(kv.first);
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      const std::string where = "line " + std::to_string(kv.first.Mark().line + 1);
      throw InputError(
          file_, where,
          "unknown key '" + (path_.empty() ? key : path_ + "." + key) + "' (expected one of: " + list + ")");
    }
  }
}

void read_lon_lat(const Config& c, double& lon, double& lat) {
  const Config lon_c = c.at("lon"), lat_c = c.at("lat");
  lon = lon_c.as_double();
  lat = lat_c.as_double();
  const bool lon_ok = Range::longitude().contains(lon), lat_ok = Range::latitude().contains(lat);
  if (lon_ok && lat_ok) return;
  if (Range::latitude().contains(lon) && Range::longitude().contains(lat))
    c.fail("lon " + number_text(lon) + ", lat " + number_text(lat) + " look swapped: lat must be " +
           Range::latitude().describe());
  if (!lon_ok)
    lon_c.fail("must be a longitude in degrees (" + Range::longitude().describe() + "), got " + number_text(lon));
  lat_c.fail("must be a latitude in degrees (" + Range::latitude().describe() + "), got " + number_text(lat));
}

}  // namespace beibu
