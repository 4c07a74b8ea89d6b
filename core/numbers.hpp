#pragma once
// What a number read from a file or the command line may be: finite always, and
// inside a range. One parser and one wording of the message for every reader
// (Config for YAML, cli/numeric_option for flags).
#include <limits>
#include <string>

namespace beibu {

// An interval of the real line; each end closed or open, or absent (infinite).
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;
  bool integer = false;  // whole numbers only

  static Range any() { return {}; }
  static Range positive(double hi = std::numeric_limits<double>::infinity()) { return {0.0, hi, true, false}; }
  static Range non_negative(double hi = std::numeric_limits<double>::infinity()) { return {0.0, hi, false, false}; }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  static Range whole(double lo, double hi) { return {lo, hi, false, false, true}; }
  static Range longitude() { return closed(-180, 360); }
  static Range latitude() { return closed(-90, 90); }

  bool contains(double v) const;
  // "> 0", ">= 0.5 and <= 1", "a whole number >= 1 and <= 6" (short numbers, never 309 digits).
  std::string describe() const;
};

// A number as text for messages: up to 6 significant digits, "nan", "inf".
std::string number_text(double v);

// Why `v` may not be used under `r` ("is not a finite number", "must be > 0"), or "" when it may.
std::string range_problem(double v, const Range& r);

// Parses all of `text` as a number (decimal or exponent form; nothing else after it).
// Returns false for empty text, trailing characters or overflow; NaN and infinity parse
// ("nan", "inf") so that range_problem can name them.
bool parse_number_text(const std::string& text, double& out);

// The problem with `text` as a number under `r` ("expected a number, got 'abc'",
// "must be > 0, got 0", "is not a finite number (nan)"), or "" when it is good.
std::string number_problem(const std::string& text, const Range& r, double& out);

}  // namespace beibu
