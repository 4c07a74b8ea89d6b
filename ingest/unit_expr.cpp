#include "unit_expr.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace beibu {

namespace {

using Power = std::array<int, 5>;
constexpr Power kLength{1, 0, 0, 0, 0}, kMass{0, 1, 0, 0, 0}, kTime{0, 0, 1, 0, 0}, kAmount{0, 0, 0, 1, 0},
    kTemp{0, 0, 0, 0, 1}, kVolume{3, 0, 0, 0, 0}, kNone{0, 0, 0, 0, 0};

const std::map<std::string, UnitExpr>& symbols() {
  static const std::map<std::string, UnitExpr> table = [] {
    std::map<std::string, UnitExpr> t;
    auto add = [&](std::initializer_list<const char*> names, double f, Power p) {
      for (const char* n : names) t[n] = UnitExpr{f, p};
    };
    add({"m", "metre", "meter", "metres", "meters"}, 1, kLength);
    add({"km"}, 1e3, kLength);
    add({"cm"}, 1e-2, kLength);
    add({"mm"}, 1e-3, kLength);
    add({"um"}, 1e-6, kLength);
    add({"kg"}, 1, kMass);
    add({"g", "gram", "grams"}, 1e-3, kMass);
    add({"mg"}, 1e-6, kMass);
    add({"ug"}, 1e-9, kMass);
    add({"ng"}, 1e-12, kMass);
    add({"s", "sec", "secs", "second", "seconds"}, 1, kTime);
    add({"min", "minute", "minutes"}, 60, kTime);
    add({"h", "hr", "hour", "hours"}, 3600, kTime);
    add({"d", "day", "days"}, 86400, kTime);
    add({"L", "l", "litre", "liter", "litres", "liters"}, 1e-3, kVolume);
    add({"mL", "ml"}, 1e-6, kVolume);
    add({"mol", "mole", "moles"}, 1, kAmount);
    add({"mmol"}, 1e-3, kAmount);
    add({"umol"}, 1e-6, kAmount);
    add({"nmol"}, 1e-9, kAmount);
    add({"K", "kelvin"}, 1, kTemp);
    add({"percent"}, 1e-2, kNone);
    return t;
  }();
  return table;
}

// Spellings UDUNITS accepts that the table keeps in ASCII.
std::string normalise(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto rest = s.substr(i);
    if (rest.rfind("\xC2\xB5", 0) == 0 || rest.rfind("\xCE\xBC", 0) == 0) {  // µ, μ
      out += 'u';
      ++i;
    } else if (rest.rfind("\xC2\xB3", 0) == 0) {  // ³
      out += '3';
      ++i;
    } else if (rest.rfind("\xC2\xB2", 0) == 0) {  // ²
      out += '2';
      ++i;
    } else if (rest.rfind("**", 0) == 0) {
      out += '^';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string s) : s_(std::move(s)) {}

  UnitExpr parse() {
    UnitExpr u = product();
    skip_space();
    if (i_ != s_.size()) fail("unexpected '" + s_.substr(i_, 1) + "'");
    return u;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw std::invalid_argument(what); }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool at_term_start() const {
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    return c == '(' || std::isalpha(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
  }

  UnitExpr product() {
    skip_space();
    UnitExpr u = term();
    for (;;) {
      skip_space();
      if (i_ >= s_.size() || s_[i_] == ')') return u;
      bool divide = false;
      if (s_[i_] == '/' || s_[i_] == '.' || s_[i_] == '*') {
        divide = s_[i_] == '/';
        ++i_;
        skip_space();
      }
      if (!at_term_start()) fail("expected a unit after '" + s_.substr(0, i_) + "'");
      const UnitExpr v = term();
      combine(u, v, divide ? -1 : 1);
    }
  }

  static void combine(UnitExpr& u, const UnitExpr& v, int sign) {
    u.factor = sign > 0 ? u.factor * v.factor : u.factor / v.factor;
    for (std::size_t k = 0; k < u.power.size(); ++k) u.power[k] += sign * v.power[k];
  }

  // An integer power: "^-1", "-3", "3", "^+2"; absent = 1.
  int exponent(bool attached) {
    std::size_t j = i_;
    const bool caret = j < s_.size() && s_[j] == '^';
    if (caret) ++j;
    if (!caret && !attached) return 1;
    std::size_t k = j;
    if (k < s_.size() && (s_[k] == '-' || s_[k] == '+')) ++k;
    if (k >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[k]))) {
      if (caret) fail("expected an integer power after '^'");
      return 1;
    }
    while (k < s_.size() && std::isdigit(static_cast<unsigned char>(s_[k]))) ++k;
    const int p = std::stoi(s_.substr(j, k - j));
    if (std::abs(p) > 12) fail("power " + std::to_string(p) + " is out of range");
    i_ = k;
    return p;
  }

  UnitExpr term() {
    UnitExpr base;
    bool attached = false;
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      base = product();
      if (i_ >= s_.size() || s_[i_] != ')') fail("unbalanced '('");
      ++i_;
      attached = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      const char* begin = s_.c_str() + i_;
      char* end = nullptr;
      const double v = std::strtod(begin, &end);
      if (end == begin || !std::isfinite(v) || v <= 0) fail("bad number in units");
      i_ += static_cast<std::size_t>(end - begin);
      base.factor = v;
    } else {
      const std::size_t j = i_;
      while (i_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
      const std::string name = s_.substr(j, i_ - j);
      const auto it = symbols().find(name);
      if (it == symbols().end()) fail("unknown unit '" + name + "'");
      base = it->second;
      attached = true;
    }
    const int p = exponent(attached);
    UnitExpr out;
    out.factor = std::pow(base.factor, p);
    for (std::size_t k = 0; k < out.power.size(); ++k) out.power[k] = base.power[k] * p;
    return out;
  }

  std::string s_;
  std::size_t i_ = 0;
};

std::string describe(const UnitExpr& u) {
  static const char* names[] = {"m", "kg", "s", "mol", "K"};
  std::string out;
  for (std::size_t k = 0; k < u.power.size(); ++k)
    if (u.power[k] != 0)
      out += (out.empty() ? "" : " ") + std::string(names[k]) + (u.power[k] == 1 ? "" : std::to_string(u.power[k]));
  return out.empty() ? "1" : out;
}

}  // namespace

UnitExpr parse_unit_expr(const std::string& text) {
  const std::string s = normalise(text);
  std::size_t first = 0;
  while (first < s.size() && std::isspace(static_cast<unsigned char>(s[first]))) ++first;
  if (first == s.size()) throw std::invalid_argument("empty units");
  try {
    return Parser(s).parse();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("units '" + text + "': " + e.what());
  }
}

double unit_factor(const std::string& from, const std::string& to) {
  const UnitExpr a = parse_unit_expr(from), b = parse_unit_expr(to);
  if (!a.same_dimension(b))
    throw std::invalid_argument("units '" + from + "' (" + describe(a) + ") cannot be converted to '" + to + "' (" +
                                describe(b) + ")");
  return a.factor / b.factor;
}

}  // namespace beibu
