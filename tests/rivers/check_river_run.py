#!/usr/bin/python3
"""Checks a run coupled to the river network (usage: check_river_run.py RUN_DIR).

- rivers/sections.csv has exactly the contract's columns, one row per section and
  constituent plus an `all` row, and the Jiuzhou GX -> GD border section and the
  Beilun estuary carry a GB 3838 class;
- rivers/mouths.csv: the mass each mouth handed over equals, to 1e-12 relative,
  what the gulf received from that mouth (source_in of river:<mouth> in mass_budget.csv);
- the report has the river sections and mouth tables (report.md and tables/*.csv).
Exits 1 with the reasons on any failure.
"""
import csv
import os
import sys

run = sys.argv[1]
errors = []


def fail(msg):
    errors.append(msg)


sections_csv = os.path.join(run, "rivers", "sections.csv")
mouths_csv = os.path.join(run, "rivers", "mouths.csv")
for f in (sections_csv, mouths_csv):
    if not os.path.isfile(f):
        print("missing " + f)
        sys.exit(1)
leftovers = [f for f in os.listdir(os.path.join(run, "rivers")) if f not in ("sections.csv", "mouths.csv")]
if leftovers:
    fail("unexpected files in rivers/: %s" % leftovers)

with open(sections_csv, newline="") as f:
    rd = csv.reader(f)
    header = next(rd)
    rows = list(rd)
if header != ["section", "river", "from", "to", "constituent", "mean_mg_L", "p90_mg_L", "flux_t", "class",
              "class_code"]:
    fail("sections.csv header is %s" % header)
by_section = {}
for r in rows:
    by_section.setdefault(r[0], []).append(r)
for sid in ("jiuzhou:CN.GX->CN.GD", "beilun_estuary"):
    if sid not in by_section:
        fail("no section %s in sections.csv (have %s)" % (sid, sorted(by_section)))
        continue
    allrow = [r for r in by_section[sid] if r[4] == "all"]
    if len(allrow) != 1 or "Class" not in allrow[0][8]:
        fail("section %s has no overall GB 3838 class: %s" % (sid, allrow))
    roman = {"Class I": 1, "Class II": 2, "Class III": 3, "Class IV": 4, "Class V": 5, "Worse than Class V": 6}
    bad = [r for r in by_section[sid] if r[8] and str(roman.get(r[8])) != r[9]]
    if bad:
        fail("section %s: class_code disagrees with the class (1 = Class I ... 6 = worse than Class V): %s"
             % (sid, bad[:2]))
    din = [r for r in by_section[sid] if r[4] == "DIN"]
    if len(din) != 1 or not (float(din[0][7]) > 0) or not (float(din[0][5]) > 0):
        fail("section %s has no DIN flux/mean: %s" % (sid, din))
jz = by_section.get("jiuzhou:CN.GX->CN.GD", [[""] * 9])[0]
if jz[2:4] != ["CN.GX", "CN.GD"]:
    fail("Jiuzhou border section is not CN.GX -> CN.GD: %s" % jz)
ncons = {len(v) for v in by_section.values()}
if len(ncons) != 1:
    fail("sections have different numbers of rows: %s" % ncons)

received = {}
with open(os.path.join(run, "mass_budget.csv"), newline="") as f:
    for r in csv.DictReader(f):
        if r["term"] == "source_in" and r["name"].startswith("river:"):
            mouth = r["name"][len("river:"):].split("@")[0]
            key = (mouth, r["component"])
            received[key] = received.get(key, 0.0) + float(r["mass_g"])
worst = 0.0
n = 0
with open(mouths_csv, newline="") as f:
    for r in csv.DictReader(f):
        key = (r["mouth"], r["constituent"])
        if key not in received:
            fail("mass_budget.csv has no input from river:%s for %s" % key)
            continue
        given = float(r["load_t"]) * 1e6
        got = received[key]
        scale = max(abs(given), abs(got))
        rel = abs(given - got) / scale if scale > 0 else 0.0
        worst = max(worst, rel)
        n += 1
        if rel > 1e-12:
            fail("mouth %s %s: river delivered %.17g g, gulf received %.17g g (rel %.3g)" % (r["mouth"], r["constituent"], given, got, rel))
if n == 0:
    fail("mouths.csv is empty")
if not any(v > 0 for v in received.values()):
    fail("no mass reached the gulf from any mouth")
print("river coupling: %d mouth x constituent totals, largest relative difference %.3g" % (n, worst))

rep = os.path.join(run, "report")
for t in ("river_sections.csv", "river_mouths.csv"):
    if not os.path.isfile(os.path.join(rep, "tables", t)):
        fail("report table %s missing" % t)
md = open(os.path.join(rep, "report.md"), encoding="utf-8").read()
for title in ("River sections", "River loads to the sea"):
    if title not in md:
        fail("report.md has no '%s' section" % title)

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("ok")
