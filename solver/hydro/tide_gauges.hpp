#pragma once
// Observed harmonic constants at tide gauges (data/beibu/tide_gauges.yaml; the format is
// in docs/hydrodynamics.md, "Comparison with tide gauges"):
//   source: ...                      provenance (required)
//   phase_convention: greenwich      g relative to Greenwich, UTC (the only one accepted)
//   gauges:
//     - id: beihai                   unique, [a-z0-9_]
//       name: Beihai
//       lon: 109.083                 WGS84 degrees
//       lat: 21.483
//       use: fit                     fit | validate (validate: never used to fit the model)
//       source_id, epoch, notes      optional text; datum: optional {reference, *_m}
//       constituents:
//         K1: {amplitude: 0.9004, phase: 336.00}     metres, degrees
// Strict: unknown keys, duplicates, missing fields, non-finite numbers, negative
// amplitudes and unknown constituent names throw InputError naming the file and line.
#include <string>
#include <vector>

#include "tide_prediction.hpp"

namespace beibu {
class Config;
}

namespace beibu::hydro {

struct TideGauge {
  std::string id, name;
  double lon = 0, lat = 0;
  bool validate = false;  // use: validate
  int line = 0;           // of the gauge's entry in the file
  std::vector<HarmonicConstant> constituents;
};

struct TideGaugeFile {
  std::string file;
  std::vector<TideGauge> gauges;
};

TideGaugeFile read_tide_gauges(const Config& cfg);
TideGaugeFile load_tide_gauges(const std::string& path);

}  // namespace beibu::hydro
