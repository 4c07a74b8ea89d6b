#!/usr/bin/python3
"""Superposition: a controlled scenario evaluated from the source-receptor matrix
must match a direct run of that scenario, cell by cell, to 1e-8 relative.

usage: check_superposition.py APPORTION_DIR CUT_RUN_DIR SPINUP_SECONDS

The matrix comes from `beibu apportion quick-wet-linear.yaml --by jurisdiction
--cells`; the direct run from `beibu run quick-wet-linear-cut.yaml`, whose controls
scale whole jurisdictions' loads by constant factors (listed below, by hand)."""
import sys

import netCDF4
import numpy as np

FACTORS = {  # (group, constituent or None for all) -> load factor; keep in step with quick-wet-linear-cut.yaml
    ("CN.GX", None): 0.6,
    ("VN", "DIN"): 0.75,
    ("CN.HI", "COD"): 0.4,
}
TOL = 1e-8


def factor(group, constituent):
    f = 1.0
    for (g, c), v in FACTORS.items():
        if g == group and (c is None or c == constituent):
            f *= v
    return f


def main():
    app, run, spinup = sys.argv[1], sys.argv[2], float(sys.argv[3])
    m = netCDF4.Dataset(app + "/matrix.nc")
    R = m["response"][:].data
    b = m["background"][:].data
    c0 = m["concentration"][:].data
    L = m["current_load"][:].data
    groups = list(m["group_name"][:])
    cons = list(m["constituent_name"][:])
    kinds = np.array(list(m["receptor_kind"][:]))
    names = list(m["receptor_name"][:])
    ok = True

    # The matrix reproduces its own run: background + sum R L = concentration.
    recon = b + np.einsum("krg,kg->kr", R, L)
    err = np.max(np.abs(recon - c0) / np.maximum(np.abs(c0), 1e-30))
    print(f"matrix self-consistency: max relative error {err:.3e}")
    ok &= err <= 1e-12
    neg = np.min(b / np.maximum(np.abs(c0), 1e-30))
    print(f"background / concentration: min {neg:.3e} (>= -1e-10: boundaries and initial water only add mass)")
    ok &= neg >= -1e-10
    for g in ("CN.GX", "VN", "CN.HI"):
        if g not in groups:
            print(f"FAIL: group {g} missing from the matrix: {groups}")
            return 1

    F = np.array([[factor(g, c) for g in groups] for c in cons])
    pred = b + np.einsum("krg,kg->kr", R, L * F)

    cells = np.where(kinds == "cell")[0]
    faces = np.array([int(names[i].split(":")[1]) for i in cells])
    d = netCDF4.Dataset(run + "/maps.nc")
    d.set_auto_mask(False)
    t = d["time"][:]
    samples = np.where(t > spinup + 1e-6)[0]
    worst, changed = 0.0, 0.0
    for k, c in enumerate(cons):
        v = d[c][samples, :]
        wet = np.abs(v) < 1e30
        n = wet.sum(axis=0)
        s = np.where(wet, v, 0.0).sum(axis=0)
        direct = np.where(n > 0, s / np.maximum(n, 1), 0.0)[faces]
        rel = np.abs(pred[k, cells] - direct) / np.maximum(np.abs(direct), 1e-30)
        i = int(np.argmax(rel))
        print(f"{c}: {len(cells)} cells, max relative error {rel[i]:.3e} at {names[cells[i]]} "
              f"(direct {direct[i]:.6g}, matrix {pred[k, cells[i]]:.6g})")
        worst = max(worst, rel[i])
        changed = max(changed, np.max(np.abs(direct - c0[k, cells]) / np.maximum(np.abs(c0[k, cells]), 1e-30)))
    print(f"superposition: max relative error {worst:.3e} (tolerance {TOL}); the cuts changed concentrations by up to "
          f"{changed:.3e} relative")
    ok &= worst <= TOL and changed > 1e-3

    # Sea-boundary fluxes: the sections "<jurisdiction>|open" together are the open
    # boundary, so their net outflow equals the budget's open-boundary out - in.
    import csv
    budget = {}
    for r in csv.DictReader(open(app + "/run/mass_budget.csv")):
        if r["term"] in ("boundary_in", "boundary_out"):
            budget[r["component"]] = budget.get(r["component"], 0.0) + (1 if r["term"] == "boundary_out" else -1) * float(r["mass_g"]) / 1e6
    net, gross, pairs = {}, {}, set()
    for r in csv.DictReader(open(app + "/run/sea_fluxes.csv")):
        pairs.add(r["section"])
        if r["to"] == "open":
            net[r["component"]] = net.get(r["component"], 0.0) + float(r["net_from_to_t"])
            gross[r["component"]] = gross.get(r["component"], 0.0) + float(r["gross_from_to_t"]) + float(r["gross_to_from_t"])
    print(f"sea sections: {sorted(pairs)}")
    ok &= "CN.GX|VN" in pairs
    worst_flux = 0.0
    for comp, v in budget.items():
        if comp not in net:
            continue
        e = abs(net[comp] - v) / max(gross[comp], 1e-30)
        worst_flux = max(worst_flux, e)
    print(f"open-boundary net flux from the sections vs the mass budget: max error {worst_flux:.3e} of the gross flux "
          f"({len(net)} components)")
    ok &= len(net) > 0 and worst_flux <= 1e-9
    print("ok" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
