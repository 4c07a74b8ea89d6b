#pragma once
// Helpers for the ingest tests: a scratch directory per test process (removed at exit) and the
// real NetCDF files of Debian's ferret-datasets.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/scratch_dir.hpp"

namespace beibu::test {

inline std::filesystem::path scratch() {
  static const ScratchDir dir("beibu_ingest_");
  return dir.path();
}

inline std::string scratch_file(const std::string& name) {
  return (scratch() / name).string();
}

inline std::string write_text(const std::string& name, const std::string& text) {
  const std::string p = scratch_file(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

// Files no one here wrote (Debian's ferret-datasets, installed by scripts/setup).
inline std::string ferret_file(const std::string& name) {
  const std::string p = "/usr/share/ferret-vis/data/" + name;
  INFO("install Debian's ferret-datasets: " << p);
  REQUIRE(std::filesystem::exists(p));
  return p;
}

}  // namespace beibu::test
