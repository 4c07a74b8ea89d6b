#include "config.hpp"

#include <filesystem>
#include <fstream>
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

Config parse(const std::string& text, const std::string& name) {
  check_limits(text, name);
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) throw InputError(name, "line 1", "expected a mapping of keys to values at the top level");
    return Config(root, name, "");
  } catch (const YAML::Exception& e) {
    throw InputError(name, "line " + std::to_string(e.mark.line + 1), "malformed YAML: " + e.msg);
  }
}
}  // namespace

Config Config::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    const bool exists = std::filesystem::exists(path);
    throw InputError(path, "", exists ? "cannot be read" : "no such file");
  }
  std::stringstream ss;
  ss << in.rdbuf();
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

double Config::as_double() const {
  if (!node_.IsScalar()) fail("expected a number");
  try {
    return node_.as<double>();
  } catch (const YAML::Exception&) {
    fail("expected a number, got '" + node_.Scalar() + "'");
  }
}

long Config::as_int() const {
  if (!node_.IsScalar()) fail("expected an integer");
  try {
    return node_.as<long>();
  } catch (const YAML::Exception&) {
    fail("expected an integer, got '" + node_.Scalar() + "'");
  }
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

std::vector<double> Config::as_doubles() const {
  std::vector<double> out;
  for (const auto& item : items()) out.push_back(item.as_double());
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

}  // namespace beibu
