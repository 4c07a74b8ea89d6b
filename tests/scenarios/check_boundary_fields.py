#!/usr/bin/python3
"""A run's gridded open-boundary and initial concentrations against the field itself.

maps.nc's boundary_inflow_<name> (what each face with an open-boundary edge was given
as its inflow concentration) must be defined on exactly those faces and equal there
the field averaged over the face's water column (the face's depth in maps.nc); the
initial field is record 0 of the constituent itself. The reference values come from
outside beibu:

  analytic RUN        the run of bgc_good.yaml (tests/data/ingest/make_forcing_files.py):
                      DIN = no3 x 14.007 / 1000 (mmol m-3 as mg/L of N) and salinity =
                      so, both linear in lon, lat, depth and time, so bilinear and
                      linear-in-time interpolation are exact; the column mean of the
                      piecewise-linear profile (shallowest value above the first level,
                      the value at 55.76 m, the last above the file's 60 m bottom,
                      below it) is integrated here in closed form. Tolerance 2e-6
                      relative: the file's float32 values.
  levitus RUN FILE    a run whose salinity comes from Levitus SALT (annual, no time
                      axis): the numpy computation of tests/data/ingest/column_reference.py
                      at each face. Tolerance 1e-9 absolute. Its report must name the
                      ocean data (COADS SST, Levitus SALT, the constant boundary inflows).

Record 0 holds the fields at the start (model time 0); the last record those at the
middle of the last coupling interval (COUPLING_S before its end / 2).
"""
import math
import os
import sys

import netCDF4
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "ingest"))
import column_reference  # noqa: E402

COUPLING_S = 3600.0
N_PER_MMOL = 14.007 / 1000.0
SO_DEPTHS = np.array([0.494, 5.078, 15.81, 29.44, 55.76], dtype=np.float32).astype(float)  # above the 60 m bottom


def column_linear(a, b, h):
    """Mean over [0, h] of a + b z between the first and last levels, constant beyond."""
    z0, z1 = SO_DEPTHS[0], SO_DEPTHS[-1]
    if h <= z0:
        return a + b * z0
    top = (a + b * z0) * z0
    if h <= z1:
        return (top + a * (h - z0) + 0.5 * b * (h * h - z0 * z0)) / h
    return (top + a * (z1 - z0) + 0.5 * b * (z1 * z1 - z0 * z0) + (a + b * z1) * (h - z1)) / h


def analytic(name, lon, lat, h, day):
    if name == "DIN":
        return N_PER_MMOL * column_linear(2 + 0.5 * (lon - 108) + 0.3 * (lat - 20) + 0.1 * day, 0.02, h)
    return column_linear(33 + 0.1 * (lon - 108) - 0.2 * (lat - 20) + 0.05 * day, 0.01, h)


def main():
    mode, run = sys.argv[1], sys.argv[2]
    d = netCDF4.Dataset(os.path.join(run, "maps.nc"))
    lon, lat, depth = (np.asarray(d[v][:], dtype=float) for v in ("mesh_face_lon", "mesh_face_lat", "depth"))
    etype = np.asarray(d["mesh_edge_type"][:])
    ef = np.asarray(d["mesh_edge_faces"][:])
    open_faces = sorted({int(max(ef[e])) for e in np.nonzero(etype >= 2)[0]})
    assert open_faces, "no open-boundary faces"
    time = np.asarray(d["time"][:], dtype=float)
    origin = netCDF4.num2date(0, d["time"].units, only_use_cftime_datetimes=False)
    # Model days since 2024-06-30T00Z (the analytic fields' origin) of record 0 and of the last record.
    t0 = (np.datetime64(origin.isoformat()) - np.datetime64("2024-06-30T00:00")) / np.timedelta64(1, "s")
    days = {0: t0 / 86400.0, len(time) - 1: (t0 + time[-1] - 0.5 * COUPLING_S) / 86400.0}
    if mode == "analytic":
        names, tol = ["DIN", "salinity"], 2e-6

        def ref(name, f, rec):
            return analytic(name, lon[f], lat[f], depth[f], days[rec])
    else:
        column = column_reference.Column(sys.argv[3], "SALT")
        names, tol = ["salinity"], 1e-9

        def ref(name, f, rec):
            return column.mean(lon[f], lat[f], depth[f])
    failures, worst = 0, 0.0
    for name in names:  # no open boundary lies near the analytic field's land block
        v = np.ma.filled(d["boundary_inflow_" + name][:], np.nan)
        defined = sorted(np.nonzero(~np.isnan(v[0]))[0].tolist())
        if defined != open_faces:
            print(f"boundary_inflow_{name}: defined on {len(defined)} faces, the open boundary has {len(open_faces)}")
            failures += 1
        for rec in days:
            for f in open_faces:
                want, got = ref(name, f, rec), v[rec, f]
                err = abs(got - want) / (abs(want) if mode == "analytic" else 1.0)
                worst = max(worst, err)
                if not err <= tol:
                    failures += 1
                    if failures < 10:
                        print(f"boundary_inflow_{name} record {rec} face {f} ({lon[f]:.4f}E {lat[f]:.4f}N, "
                              f"{depth[f]:.2f} m): {got!r}, the field gives {want!r}")
    # The initial field: record 0 of salinity at wet faces (every 7th face for Levitus;
    # for the analytic field, faces whose grid cell has no land corner: near the land
    # block the column is a renormalised or the nearest water column's, not the formula's).
    s0 = np.ma.filled(d["salinity"][0], np.nan)
    faces = range(0, len(lon), 1 if mode == "analytic" else 7)
    checked = 0
    for f in faces:
        if math.isnan(s0[f]):
            continue
        if (mode == "analytic" and math.ceil(lon[f] / 0.25) * 0.25 > 109.2 and math.floor(lon[f] / 0.25) * 0.25 < 110.6
                and math.ceil(lat[f] / 0.25) * 0.25 > 21.2):  # the land block of make_forcing_files.py
            continue
        want = ref("salinity", f, 0)
        err = abs(s0[f] - want) / (abs(want) if mode == "analytic" else 1.0)
        worst = max(worst, err)
        checked += 1
        if not err <= tol:
            failures += 1
            if failures < 10:
                print(f"initial salinity face {f}: {s0[f]!r}, the field gives {want!r}")
    # The mass budget closes with the fields' inflows (mass_budget.csv: residual against the largest term).
    budget = {}
    with open(os.path.join(run, "mass_budget.csv")) as fh:
        next(fh)
        for line in fh:
            comp, term, _, value = line.rstrip("\n").rsplit(",", 3) if line.count(",") >= 3 else (None,) * 4
            if comp is None:
                continue
            budget.setdefault(comp, {}).setdefault(term, []).append(abs(float(value)))
    for comp, terms in budget.items():
        scale = max(max(v) for t, v in terms.items() if t != "residual")
        rel = terms["residual"][0] / scale
        if not rel < 1e-10:
            failures += 1
            print(f"mass budget of {comp}: residual {rel:.3g} of its largest term")
    # levitus: the run's report says where its ocean data came from and that they are not observations.
    if mode == "levitus":
        report = open(os.path.join(run, "report", "report.md"), encoding="utf-8").read()
        for text in ("Water temperature of the decay rates: variable SST of coads_climatology.cdf",
                     "salinity initial: variable SALT of levitus_climatology.cdf",
                     "salinity at the open boundaries: variable SALT of levitus_climatology.cdf",
                     "not observations of the period",
                     "Open-boundary inflow concentrations set as constants by the scenario (not measured): DIN 0.05"):
            if text not in report:
                failures += 1
                print(f"report.md has no note '{text}'")
    print(f"{len(open_faces)} open-boundary faces x {len(names)} fields x {len(days)} records and "
          f"{checked} initial values: largest {'relative ' if mode == 'analytic' else ''}difference {worst:.3g} "
          f"(tolerance {tol:g})")
    if failures:
        print(f"FAILED: {failures} values")
        sys.exit(1)


main()
