#pragma once
// Units of NetCDF variables in UDUNITS syntax, reduced to SI: products and
// quotients of symbols with integer powers ("m3 s-1", "m^3/s", "m**3.s-1",
// "g m-3", "mg/L", "(g m-3) (g s-1)-1", "1e-3", "1"). Only the units this model
// reads are known (metre, gram, second, litre, mole, kelvin, their common
// prefixes, minute, hour, day); anything else ("furlong3", "parsec") is refused
// rather than guessed. Temperature offsets (degC) are not expressions: see units.hpp.
#include <array>
#include <string>

namespace beibu {

struct UnitExpr {
  double factor = 1;           // value in SI base units per value in this unit
  std::array<int, 5> power{};  // m, kg, s, mol, K
  bool same_dimension(const UnitExpr& o) const { return power == o.power; }
};

// Throws std::invalid_argument naming the unknown symbol or the syntax error.
UnitExpr parse_unit_expr(const std::string& text);

// The factor taking a value in `from` to `to`; throws std::invalid_argument if
// either is unknown or they measure different things.
double unit_factor(const std::string& from, const std::string& to);

}  // namespace beibu
