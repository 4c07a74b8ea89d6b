#pragma once
// A progress line for long loops: percentage, rate, ETA, and a caller-supplied
// note (e.g. model time). Printed on rank 0 at most every `interval_s` seconds.
#include <chrono>
#include <string>

namespace beibu {

class Progress {
 public:
  Progress(std::string label, double total, std::string unit = "steps", double interval_s = 5.0);
  // `done` counts in the same units as `total`.
  void update(double done, const std::string& note = "");
  void finish(const std::string& note = "");
  double elapsed_s() const;

  // Formats seconds as e.g. "1h02m", "3m05s" or "12s".
  static std::string format_duration(double seconds);

 private:
  std::string label_, unit_;
  double total_, interval_s_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace beibu
