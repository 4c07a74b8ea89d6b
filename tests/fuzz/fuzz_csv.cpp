// libFuzzer harness for the observation CSV parser (ingest/observations_csv.cpp
// and the CSV reader under it). Any input must end in records or an
// InputError: never a crash, a hang, another exception or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "ingest/stations.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<beibu::Station> stations = [] {
    std::vector<beibu::Station> s(2);
    s[0].id = "GX01";
    s[1].id = "GX02";
    return s;
  }();
  if (size == 0) return 0;
  // The first byte chooses the options (station check, assumed UTC offset);
  // the rest is the file.
  beibu::ObservationOptions opt;
  if (data[0] & 1) opt.stations = &stations;
  if (data[0] & 2) opt.default_utc_offset_s = 8 * 3600.0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::istringstream in(text);
  try {
    const auto obs = beibu::parse_observations_csv(in, "fuzz.csv", opt);
    // Every record is at most one observation (plus summed DIN).
    if (obs.size() > size + 1) __builtin_trap();
  } catch (const beibu::InputError& e) {
    if (std::string(e.what()).rfind("fuzz.csv", 0) != 0) __builtin_trap();  // errors name the file
  }
  return 0;
}
