#include "numbers.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace beibu {

bool Range::contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (integer && v != std::floor(v)) return false;
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

std::string Range::describe() const {
  std::string bounds;
  if (std::isfinite(lo)) bounds = std::string(lo_open ? "> " : ">= ") + number_text(lo);
  if (std::isfinite(hi))
    bounds += (bounds.empty() ? "" : " and ") + std::string(hi_open ? "< " : "<= ") + number_text(hi);
  if (integer) return bounds.empty() ? "a whole number" : "a whole number " + bounds;
  return bounds.empty() ? "a finite number" : bounds;
}

std::string range_problem(double v, const Range& r) {
  if (!std::isfinite(v)) return "is not a finite number (" + number_text(v) + ")";
  if (r.contains(v)) return "";
  return "must be " + r.describe() + ", got " + number_text(v);
}

bool parse_number_text(const std::string& text, double& out) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  if (b == e) return false;
  const std::string t = text.substr(b, e - b);
  // Hexadecimal floats are not a spelling anyone means in a configuration.
  if (t.find_first_of("xX") != std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return false;
  if (errno == ERANGE && std::isinf(v)) return false;  // 1e400: overflow, not a number we can use
  out = v;
  return true;
}

std::string number_problem(const std::string& text, const Range& r, double& out) {
  // A whole number is written as one: "3", not "3.0" or "3e0".
  const bool digits_only = text.find_first_not_of("+-0123456789 \t") == std::string::npos;
  if (!parse_number_text(text, out) || (r.integer && !digits_only && std::isfinite(out)))
    return std::string("expected ") + (r.integer ? "a whole number" : "a number") + ", got '" + text + "'";
  return range_problem(out, r);
}

}  // namespace beibu
