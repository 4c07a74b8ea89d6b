#!/usr/bin/python3
"""`beibu allocate` on the 10-day wet-season matrix by jurisdiction (tests/data/allocation,
provenance in its README.md), against the optimum found here by vertex enumeration.

The linear programme is written from matrix.nc alone: every zone with a target class
must keep b + R x <= 0.9 x the GB 3097-1997 DIN limit of that class (0.20, 0.30, 0.40,
0.50 mg/L for Classes I-IV: the standard's values, not read from the project), each
group between its floor and today's load. Its optimum is the best vertex: every choice
of 4 active constraints among the zones and the 8 bounds, solved with numpy, kept where
every constraint holds to 1e-10 relative. The matrix's responses span 1e-79 to 1e-3,
which is what made GLPK's presolver report 4 % of the optimum.

Checked (tolerances in the code): the total allowed equals the enumerated optimum to
1e-8; it is about 165 000 t/yr; Maowei Sea and Anpu Bay are binding; Viet Nam and
Hainan keep today's load; each reported shadow price equals the finite-difference
rate of the enumerated optimum when that zone's limit moves by 1e-6 mg/L (to 1e-4), and
each reduced cost the rate when the group's bound moves (to 1e-4); cost-optimal with
unit weights and the --exact solver give the same total; the certificate is in
allocation.md.
usage: allocate_regression.py BEIBU MATRIX OUT"""
import csv
import itertools
import re
import subprocess
import sys

import netCDF4
import numpy as np

beibu, matrix, out = sys.argv[1:4]
TY = 365.25 * 86400 / 1e6
DIN_LIMITS = [0.20, 0.30, 0.40, 0.50]  # GB 3097-1997, Classes I-IV (mg/L)
MARGIN = 0.1

with netCDF4.Dataset(matrix) as d:
    cons = list(d["constituent_name"][:])
    k = cons.index("DIN")
    kind = list(d["receptor_kind"][:])
    names = list(d["receptor_name"][:])
    tclass = np.asarray(d["receptor_target_class"][:])
    groups = list(d["group_name"][:])
    R_all = np.asarray(d["response"][k])
    b_all = np.asarray(d["background"][k])
    current = np.asarray(d["current_load"][k], dtype=float)
    floor = np.asarray(d["floor_load"][k], dtype=float)
rows = [r for r in range(len(names)) if kind[r] == "zone" and 1 <= tclass[r] <= len(DIN_LIMITS)]
zones = [names[r] for r in rows]
R = np.maximum(R_all[rows], 0.0)
b = np.maximum(b_all[rows], 0.0)
lim = np.array([(1 - MARGIN) * DIN_LIMITS[tclass[r] - 1] for r in rows])
n = len(groups)
print(f"{len(zones)} zones, {n} groups, positive responses from {R[R > 0].min():.1e} to {R.max():.1e}")


def optimum(lim, lo, hi, c=None):
    """Best vertex of max c x, R x <= lim - b, lo <= x <= hi."""
    c = np.ones(n) if c is None else c
    A = np.vstack([R, np.eye(n), -np.eye(n)])
    rhs = np.concatenate([lim - b, hi, -lo])
    combos = np.array(list(itertools.combinations(range(len(rhs)), n)))
    M = A[combos]
    ok = np.abs(np.linalg.det(M)) > 0
    xs = np.linalg.solve(M[ok], rhs[combos[ok]][..., None])[..., 0]
    size = np.abs(rhs)[None, :] + np.abs(xs[:, None, :] * A[None, :, :]).sum(axis=2)
    feasible = np.all(xs @ A.T - rhs[None, :] <= 1e-10 * size, axis=1)
    best = np.argmax(np.where(feasible, xs @ c, -np.inf))
    assert feasible[best], "no feasible vertex"
    return xs[best] @ c, xs[best]


opt, xopt = optimum(lim, floor, current)
print(f"enumerated optimum {opt * TY:.9g} t/yr: " + ", ".join(f"{g} {v * TY:.6g}" for g, v in zip(groups, xopt)))

ok = True


def check(name, cond):
    global ok
    print(("ok  " if cond else "FAIL") + " " + name)
    ok &= bool(cond)


def run(sub, *args):
    p = subprocess.run([beibu, "--quiet", "allocate", matrix, "-o", f"{out}/{sub}", "--constituent", "DIN",
                        "--margin", str(MARGIN), *args])
    return p.returncode


def certified_total(sub):
    md = open(f"{out}/{sub}/allocation.md").read()
    m = re.search(r"this one reaches ([0-9.e+]+) t/yr: it is the optimum", md)
    return (float(m.group(1)) if m else float("nan")), md


check("max-total exits 0", run("max") == 0)
total, md = certified_total("max")
print(f"beibu max-total: {total:.9g} t/yr")
check("total equals the enumerated optimum to 1e-8", abs(total - opt * TY) <= 1e-8 * opt * TY)
check("total is about 165 000 t/yr", 160e3 < total < 170e3)
check("certificate table in allocation.md", "| complementary slackness: duality gap / objective |" in md)
rec = {r["receptor"]: r for r in csv.DictReader(open(f"{out}/max/receptors.csv"))}
alloc = {r["group"]: r for r in csv.DictReader(open(f"{out}/max/allocation.csv"))}
binding = sorted(z for z, r in rec.items() if r["binding"] == "yes")
print("binding:", binding)
check("Maowei Sea (GX-A01) binding", "GX-A01" in binding)
check("Anpu Bay (GD-A01) binding", "GD-A01" in binding)
for g in groups:
    if g.startswith("VN") or g.startswith("CN.HI"):
        check(f"{g} keeps today's load", abs(float(alloc[g]["cut %"])) < 1e-3)

# Shadow prices: d(optimum)/d(limit) x 0.01 mg/L, by finite differences of the enumeration.
h = 1e-6
for j, z in enumerate(zones):
    up = lim.copy()
    up[j] += h
    rate = (optimum(up, floor, current)[0] - opt) / h * 0.01 * TY
    got = float(rec[z]["shadow price (t/yr per 0.01 mg/L)"])
    if rate != 0 or got != 0:
        check(f"shadow price of {z}: {got:.6g} vs finite difference {rate:.6g}",
              abs(got - rate) <= 1e-4 * max(abs(rate), 1.0))
# Reduced costs: the rate of the optimum as the bound the group sits on moves.
for g, name in enumerate(groups):
    r = alloc[name]
    if r["at bound"] not in ("ceiling", "floor"):
        check(f"{name} between its bounds has reduced cost 0", abs(float(r["reduced cost"])) < 1e-6)
        continue
    lo, hi = floor.copy(), current.copy()
    step = 1e-6 * current[g]
    if r["at bound"] == "ceiling":
        hi[g] += step
    else:
        lo[g] -= step
    rate = (optimum(lim, lo, hi)[0] - opt) / step * (1 if r["at bound"] == "ceiling" else -1)
    check(f"reduced cost of {name} at its {r['at bound']}: {r['reduced cost']} vs finite difference {rate:.6g}",
          abs(float(r["reduced cost"]) - rate) <= 1e-4 * max(abs(rate), 1.0))

check("cost-optimal exits 0", run("cost", "--fairness", "cost-optimal") == 0)
check("cost-optimal with unit weights: same total", abs(certified_total("cost")[0] - total) <= 1e-8 * total)
check("--exact exits 0", run("exact", "--exact") == 0)
t_exact, md_exact = certified_total("exact")
check("--exact: same total", abs(t_exact - total) <= 1e-8 * total)
check("--exact: solver named", "exact (rational) simplex" in md_exact)
check("proportional exits 0", run("prop", "--fairness", "proportional") == 0)
prop = sum(float(r["allowed (t/yr)"]) for r in csv.DictReader(open(f"{out}/prop/allocation.csv")))
check(f"proportional ({prop:.6g} t/yr) allows no more than the optimum", prop <= total * (1 + 1e-6))
print("ok" if ok else "FAIL")
sys.exit(0 if ok else 1)
