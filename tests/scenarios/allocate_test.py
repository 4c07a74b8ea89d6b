#!/usr/bin/python3
"""`beibu allocate` on a small hand-made matrix with a known optimum.

Groups (DIN, g/s): CN.GX.industry current 12, VN.agriculture current 10, CN.GX.natural
current 2 = floor 2 (natural: cannot be cut). Receptors: zone Z1 (Class II, DIN <= 0.30),
zone Z2 (Class I, <= 0.20), station S1 (Class I; very sensitive to CN.GX.industry, but
not a control zone with --target-from zones). Margin 0.1: limits 0.27 and 0.18.
  Z1 = 0.10 + 0.010 x1 + 0.005 x2 + 0.010 x3      Z2 = 0.05 + 0.002 x1 + 0.010 x2
Today: Z1 = 0.29 (too high), Z2 = 0.174.
max-total: max x1 + x2, 0.010 x1 + 0.005 x2 <= 0.15, 0.002 x1 + 0.010 x2 <= 0.13,
  x1 <= 12, x2 <= 10 -> x1 = 10, x2 = 10 (moving along Z1 trades 2 of x2 for 1 of x1),
  total 22 g/s incl. the floor; Z1 binding at 0.27, Z2 = 0.17 not binding.
equal-cut: (0.12 + 0.05)(1 - r) + 0.12 = 0.27 -> r = 0.02 / 0.17.
margin 0.65: Z1 limit 0.105 < floor 0.10 + 0.02 = 0.12 -> infeasible by 0.015 mg/L.
usage: allocate_test.py BEIBU OUT"""
import csv
import subprocess
import sys

import netCDF4
import numpy as np

beibu, out = sys.argv[1], sys.argv[2]
subprocess.run(["mkdir", "-p", out], check=True)
path = out + "/matrix.nc"
groups = ["CN.GX.industry", "VN.agriculture", "CN.GX.natural"]
recs = [("Z1", "zone", "CN.GX", 2), ("Z2", "zone", "VN", 1), ("S1", "station", "CN.GX", 1)]
with netCDF4.Dataset(path, "w") as d:
    d.createDimension("constituent", 2)
    d.createDimension("receptor", len(recs))
    d.createDimension("group", len(groups))
    def strings(name, dim, vals):
        v = d.createVariable(name, str, (dim,))
        for i, s in enumerate(vals):
            v[i] = s
    strings("constituent_name", "constituent", ["COD", "DIN"])
    strings("receptor_name", "receptor", [r[0] for r in recs])
    strings("receptor_kind", "receptor", [r[1] for r in recs])
    strings("receptor_jurisdiction", "receptor", [r[2] for r in recs])
    d.createVariable("receptor_target_class", "i4", ("receptor",))[:] = [r[3] for r in recs]
    strings("group_name", "group", groups)
    strings("group_jurisdiction", "group", ["CN.GX", "VN", "CN.GX"])
    strings("group_sector", "group", ["industry", "agriculture", "natural"])
    R = np.zeros((2, 3, 3))
    R[1] = [[0.010, 0.005, 0.010], [0.002, 0.010, 0.0], [1.0, 0.0, 0.0]]
    R[0] = 0.5  # COD: not allocated here
    b = np.array([[1.0, 1.0, 1.0], [0.10, 0.05, 0.0]])
    L = np.array([[1, 1, 1], [12.0, 10.0, 2.0]])
    d.createVariable("response", "f8", ("constituent", "receptor", "group"))[:] = R
    d.createVariable("background", "f8", ("constituent", "receptor"))[:] = b
    d.createVariable("concentration", "f8", ("constituent", "receptor"))[:] = b + np.einsum("krg,kg->kr", R, L)
    d.createVariable("current_load", "f8", ("constituent", "group"))[:] = L
    d.createVariable("floor_load", "f8", ("constituent", "group"))[:] = [[0, 0, 1], [0, 0, 2.0]]
    for a in ("scenario_file", "scenario_sha256", "hydrodynamics", "period", "tag_by", "created_by"):
        d.setncattr(a, "test")

TY = 365.25 * 86400 / 1e6
ok = True


def run(sub, *args, constituent="DIN"):
    return subprocess.run([beibu, "--quiet", "allocate", path, "-o", out + "/" + sub, "--constituent", constituent,
                           *args]).returncode


def table(sub, name, key):
    return {r[key]: r for r in csv.DictReader(open(out + "/" + sub + "/" + name))}


def close(a, b, tol=1e-6):
    return abs(float(a) - b) <= tol * max(1.0, abs(b))


ok &= run("max", "--fairness", "max-total", "--margin", "0.1") == 0
a = table("max", "allocation.csv", "group")
z = table("max", "receptors.csv", "receptor")
checks = [close(a["CN.GX.industry"]["allowed (t/yr)"], 10 * TY), close(a["VN.agriculture"]["allowed (t/yr)"], 10 * TY),
          close(a["CN.GX.natural"]["allowed (t/yr)"], 2 * TY), close(a["CN.GX.industry"]["cut %"], 100 / 6, 1e-3),
          z["Z1"]["binding"] == "yes", z["Z2"]["binding"] == "no", close(z["Z1"]["allocated (mg/L)"], 0.27),
          close(z["Z2"]["allocated (mg/L)"], 0.17), "S1" not in z]
print("max-total", checks)
ok &= all(checks)

ok &= run("equal", "--fairness", "equal-cut", "--margin", "0.1") == 0
a = table("equal", "allocation.csv", "group")
r = 0.02 / 0.17
checks = [close(a["CN.GX.industry"]["allowed (t/yr)"], 12 * (1 - r) * TY, 1e-5),
          close(a["VN.agriculture"]["allowed (t/yr)"], 10 * (1 - r) * TY, 1e-5),
          close(a["CN.GX.natural"]["allowed (t/yr)"], 2 * TY)]
print("equal-cut", checks)
ok &= all(checks)

ok &= run("infeasible", "--margin", "0.65") == 0
md = open(out + "/infeasible/allocation.md").read()
inf = table("infeasible", "infeasible.csv", "receptor")
checks = ["Status: infeasible" in md, list(inf) == ["Z1"], close(inf["Z1"]["excess (mg/L)"], 0.015),
          "CN.GX.natural" in inf["Z1"]["largest floors"]]
print("infeasible", checks)
ok &= all(checks)

# Bad input: exit 2.
ok &= run("bad", constituent="NH4") == 2
print("ok" if ok else "FAIL")
sys.exit(0 if ok else 1)
