#pragma once
// Minor tidal constituents inferred from the major ones by the admittance method
// (Munk & Cartwright 1966): within a species the ocean's response to the tidal
// potential, Z(omega) = z / H (z = A e^{-ig}, H the constituent's equilibrium
// amplitude), varies slowly with frequency. Z is known at the majors (Q1 O1 K1;
// N2 M2 S2) and taken linear in frequency between the two majors nearest a minor
// (extrapolated beyond the outermost ones), so that z_minor = H_minor Z(omega_minor).
// The phase convention is the constituent table's (Schureman: the 90-degree terms
// absorb the potential's signs), in which an equilibrium response has one phase
// lag for every constituent of a species.
//
// Used on the open boundaries, where the admittance is smooth; inside a resonant
// basin it is not (the Gulf of Tonkin amplifies K1 far more than J1), so the model,
// not the inference, carries the minors from the boundary to the coast.
#include <complex>
#include <map>
#include <string>
#include <vector>

namespace beibu::hydro {

// Equilibrium amplitude H (m) of the tide-generating potential of a constituent
// (Cartwright & Tayler 1971, Cartwright & Edden 1973; the degree-2 values of the
// IERS Conventions 2010, tables 6.5a-b), or 0 if the table has none.
double equilibrium_amplitude(const std::string& name);

// The minor constituents inference adds, in order: 2Q1 RHO1 J1 OO1 (diurnal),
// 2N2 MU2 NU2 LAMBDA2 L2 T2 (semidiurnal).
const std::vector<std::string>& inferable_minor_constituents();

// The minors inferred from `z` (constituent -> A e^{-ig}): for each species with at
// least two of its majors in `z`, every inferable minor of that species that `z`
// does not already hold. Empty if no species qualifies.
std::map<std::string, std::complex<double>> infer_minor_constituents(
    const std::map<std::string, std::complex<double>>& z);

}  // namespace beibu::hydro
