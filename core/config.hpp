#pragma once
// Typed access to YAML configuration with errors that name the file, the line,
// the key path and the expected form. Every YAML file beibu reads comes through
// here: a key given twice in one mapping is an error (at load), unknown keys are
// errors (check_keys), and every number is finite and, where a Range is given, in it.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/numbers.hpp"

namespace beibu {

class Config {
 public:
  // Parses a YAML file; throws InputError (file, line) on a missing or unreadable file
  // (with the system's reason), a directory, bad syntax or a key given twice.
  static Config load_file(const std::string& path);
  static Config load_string(const std::string& text, const std::string& name);

  Config(YAML::Node node, std::string file, std::string path);

  bool has(const std::string& key) const;
  // The child under `key`; throws InputError if it is missing.
  Config at(const std::string& key) const;
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }  // `~`, `null` or nothing
  std::vector<Config> items() const;                                     // elements of a sequence (error if not one)
  std::vector<std::string> keys() const;                                 // keys of a map

  // Converts this node; throws InputError naming line, key and expected form. Numbers
  // are finite (.nan, .inf are refused) and inside `range`.
  double as_double(const Range& range = Range::any()) const;
  long as_int(const Range& range = Range::any()) const;
  bool as_bool() const;
  std::string as_string() const;
  std::vector<double> as_doubles(const Range& range = Range::any()) const;

  double get(const std::string& key, double fallback, const Range& range = Range::any()) const {
    return has(key) ? at(key).as_double(range) : fallback;
  }
  std::string get(const std::string& key, const std::string& fallback) const {
    return has(key) ? at(key).as_string() : fallback;
  }
  bool get_bool(const std::string& key, bool fallback) const { return has(key) ? at(key).as_bool() : fallback; }

  // Throws InputError for any key of this map not in `allowed`.
  void check_keys(std::initializer_list<const char*> allowed) const;
  // Throws InputError saying `problem` at this node.
  [[noreturn]] void fail(const std::string& problem) const;

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  int line() const;  // 1-based

 private:
  std::string key_text(const YAML::Node& key) const;
  YAML::Node node_;
  std::string file_, path_;
};

// The `lon` and `lat` keys of mapping `c`, in degrees. Out-of-range values are refused;
// where the two look swapped (a latitude beyond +-90 that would be a longitude, and a
// longitude that would be a latitude) the message says so.
void read_lon_lat(const Config& c, double& lon, double& lat);

}  // namespace beibu
