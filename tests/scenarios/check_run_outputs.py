#!/usr/bin/python3
"""Checks a `beibu run` output directory: every product exists and opens with the
tools GIS users have (GDAL, netCDF4), the mass budget closes, the time statistics in
maps.nc agree with an independent computation from the hourly station series
(stations.nc: the same cells at every coupling interval), and `beibu compliance` on
the run's map file, by default, reproduces the run's own headline indicator.

usage: check_run_outputs.py RUN_DIR COMPLIANCE_DIR
"""
import csv
import json
import os
import sys

import netCDF4
from osgeo import gdal, ogr

run, comp = sys.argv[1], sys.argv[2]
failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures.append(msg)


for f in ["maps.nc", "stations.nc", "mass_budget.csv", "seasonal_mean.tif", "compliance.gpkg", "report/report.html",
          "report/report.md", "report/tables/zones.csv", "report/tables/stations.csv", "mesh/mesh.nc", "beibu.log"]:
    try:
        open(f"{run}/{f}", "rb").close()
        check(True, f"{f} exists")
    except OSError:
        check(False, f"{f} exists")

# Map file: UGRID with a time axis and the constituents.
m = netCDF4.Dataset(f"{run}/maps.nc")
check(m["mesh"].cf_role == "mesh_topology", "maps.nc is UGRID")
check(len(m["time"]) == 13, f"maps.nc has 13 records: the start and every 6 h over 1 + 2 days (got {len(m['time'])})")
din = m["DIN"][:]
check(din.min() >= 0, f"DIN never negative (min {din.min():.3g})")
check(m["DIN"].location == "face" and "mg" in m["DIN"].units or "g" in m["DIN"].units, "DIN is a face variable with units")
s = netCDF4.Dataset(f"{run}/stations.nc")
check(getattr(s, "featureType", "") == "timeSeries", "stations.nc is a CF timeSeries")

# Time statistics of the assessment period (after the 1-day spin-up to the end, 2 days),
# from every coupling interval (hourly), linear in time between the states.
check(getattr(m["DIN"], "cell_methods", "") == "time: point", "snapshots are cell_methods = time: point")
have_stats = all(v in m.variables for v in ["period_bnds", "DIN_mean", "DIN_p90", "DIN_hours_worse"])
check(have_stats, "maps.nc holds the period's time statistics (DIN_mean, DIN_p90, DIN_hours_worse, period_bnds)")
if have_stats:
    import numpy as np
    bnds = m["period_bnds"][:]
    check(list(bnds) == [86400.0, 3 * 86400.0], f"the period is the spin-up's end to the run's end (got {list(bnds)})")
    check(m["DIN_mean"].cell_methods.startswith("period: mean") and m["period"].bounds == "period_bnds",
          "DIN_mean: cell_methods period: mean, period with bounds")
    st_t = s["time"][:]
    sel = (st_t >= bnds[0] - 1e-6) & (st_t <= bnds[1] + 1e-6)
    check(np.allclose(np.diff(st_t[sel]), 3600), "stations.nc is hourly over the period")
    faces = s["mesh_face"][:]
    limits = list(m["DIN_class_limit"][:])
    worst = {"mean": 0.0, "hours": 0.0, "p90": 0.0, "daily": 0.0}
    for k, f in enumerate(faces):
        y = np.asarray(s["DIN"][k, :])[sel]
        seg = 0.5 * (y[1:] + y[:-1])  # trapezoid, 1 h each
        mean = seg.mean()
        worst["mean"] = max(worst["mean"], abs(m["DIN_mean"][f] - mean) / mean)
        # Hours above each limit of the series linear between hourly values.
        a, b = y[:-1], y[1:]
        for li, L in enumerate(limits):
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            frac = np.where(lo > L, 1.0, np.where(hi <= L, 0.0, (hi - L) / np.where(hi > lo, hi - lo, 1)))
            worst["hours"] = max(worst["hours"], abs(m["DIN_hours_worse"][li, f] - frac.sum()))
        # Exact time-weighted 90th percentile of the linear series, by bisection.
        xl, xh = y.min(), y.max()
        for _ in range(100):
            x = 0.5 * (xl + xh)
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            below = np.where(x >= hi, 1.0, np.where(x <= lo, 0.0, (x - lo) / np.where(hi > lo, hi - lo, 1))).mean()
            xl, xh = (xl, x) if below >= 0.9 else (x, xh)
        worst["p90"] = max(worst["p90"], abs(m["DIN_p90"][f] - xh) / xh)
        # What the map snapshots (every 6 h here, daily in the shipped scenarios) give.
        mt = m["time"][:]
        recs = (mt > bnds[0] + 1e-6) & (mt <= bnds[1] + 1e-6)
        worst["daily"] = max(worst["daily"], abs(np.asarray(m["DIN"][recs, f]).mean() - mean) / mean)
    check(worst["mean"] < 1e-12, f"DIN_mean at the {len(faces)} station cells = trapezoid of their hourly series "
          f"(max relative difference {worst['mean']:.1e}; the 6-hourly snapshots' mean differs by up to {worst['daily']:.1e})")
    check(worst["hours"] < 1e-9, f"DIN_hours_worse = hours above each limit of the hourly series (max diff {worst['hours']:.1e} h)")
    check(worst["p90"] <= 0.02, f"DIN_p90 within one 2 % bin of the exact percentile (max {worst['p90']:.2e})")

# Mass budget closes.
with open(f"{run}/mass_budget.csv") as f:
    rows = list(csv.DictReader(f))
# Recompute each component's balance from the terms: final = initial + in - out.
res = []
for comp_name in sorted({r["component"] for r in rows}):
    terms = {}
    for r in rows:
        if r["component"] == comp_name:
            terms.setdefault(r["term"], []).append(float(r["mass_g"]))
    total_in = sum(terms.get("source_in", [])) + sum(terms.get("boundary_in", [])) + sum(terms.get("production", []))
    total_out = sum(terms.get("boundary_out", [])) + sum(terms.get("decay", [])) + sum(terms.get("settling", [])) + \
        sum(terms.get("withdrawal", []))
    expected = terms["initial"][0] + total_in - total_out
    scale = max(abs(terms["initial"][0]), total_in, total_out, abs(terms["final"][0]), 1e-300)
    res.append(abs(terms["final"][0] - expected) / scale)
check(res and max(res) < 1e-10, f"mass-budget residuals recomputed from the CSV below 1e-10 (max {max(res):.2e})")

# GeoTIFF: CRS, one band per parameter, values in range.
t = gdal.Open(f"{run}/seasonal_mean.tif")
check(t is not None and t.GetSpatialRef() is not None and t.GetSpatialRef().IsGeographic(), "GeoTIFF has a geographic CRS")
names = [t.GetRasterBand(b + 1).GetDescription() for b in range(t.RasterCount)]
check(names == ["DIN_mean", "DIP_mean", "COD_mean", "petroleum_mean"], f"GeoTIFF bands {names}")
band = t.GetRasterBand(1).ReadAsArray()
valid = band[band == band]
check(valid.size > 1000 and valid.min() >= 0 and valid.max() < 10, f"DIN band: {valid.size} water pixels within 0..10 mg/L")

# The class map: one Byte band of codes 1..5 (1 = Class I, 5 = worse than Class IV), 0 no
# data, its colour table and class names inside the file, no sidecar.
c = gdal.Open(f"{run}/seasonal_class.tif")
cb = c.GetRasterBand(1)
check(cb.DataType == gdal.GDT_Byte and cb.GetNoDataValue() == 0, "class GeoTIFF: Byte codes, no-data 0")
codes = cb.ReadAsArray()
water = codes[codes != 0]
check(water.size > 1000 and water.min() >= 1 and water.max() <= 5, f"class codes within 1..5 ({water.size} pixels)")
tif_names = {k: cb.GetMetadataItem(f"CLASS_{k}") for k in range(6)}
check(tif_names[1] == "Class I" and tif_names[4] == "Class IV" and tif_names[5] == "Worse than Class IV",
      f"class names in the GeoTIFF: {tif_names}")
check(cb.GetColorTable() is not None and cb.GetColorTable().GetCount() >= 6, "class GeoTIFF has a colour table")
check(not any(n.endswith(".aux.xml") for n in os.listdir(run)), "no .aux.xml sidecar in the run directory")

# GeoPackage: zones and stations with compliance attributes.
g = ogr.Open(f"{run}/compliance.gpkg")
zones, stations = g.GetLayerByName("zones"), g.GetLayerByName("stations")
check(zones is not None and zones.GetFeatureCount() > 0, "GeoPackage has zones")
with open(f"{run}/report/tables/zones.csv") as fz:
    n_zone_rows = len(list(csv.reader(fz))) - 1
zone_ids = [z.GetField("id") for z in zones]
check(len(zone_ids) == n_zone_rows and len(set(zone_ids)) == len(zone_ids),
      f"one GeoPackage feature per assessed zone ({len(zone_ids)} features, {n_zone_rows} zones in the report)")
n_stations = len(json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "beibu",
                                              "stations.geojson")))["features"])
check(stations is not None and stations.GetFeatureCount() == n_stations,
      f"GeoPackage has the {n_stations} stations of data/beibu/stations.geojson")
f = stations.GetNextFeature()
check(f.GetField("class") is not None and f.GetField("DIN_mean") is not None, "stations carry class and DIN_mean")

# One coding: the GeoPackage's codes carry the GeoTIFF's names for the same codes, and
# the report's CSV tables the same codes as the GeoPackage.
tif_names[0] = "not assessed"
bad = []
for layer, pairs in ((zones, [("class_mean", "class_mean_name"), ("class_p90", "class_p90_name"),
                              ("target_class", "target_class_name")]),
                     (stations, [("class", "class_name"), ("target_class", "target_class_name")])):
    layer.ResetReading()
    for feat in layer:
        for code_field, name_field in pairs:
            if tif_names.get(feat.GetField(code_field)) != feat.GetField(name_field):
                bad.append((feat.GetField("id"), code_field, feat.GetField(code_field), feat.GetField(name_field)))
check(not bad, f"GeoPackage class codes and names agree with the GeoTIFF's coding ({bad[:3]})")
gpkg_zone = {}
zones.ResetReading()
for z in zones:
    gpkg_zone[z.GetField("id")] = (z.GetField("target_class"), z.GetField("class_mean"), z.GetField("class_p90"))
with open(f"{run}/report/tables/zones.csv") as fz:
    csv_zone = {r["id"]: (int(r["target_code"]), int(r["class_mean_code"]), int(r["class_p90_code"]))
                for r in csv.DictReader(fz)}
check(csv_zone == gpkg_zone, "zones.csv class codes equal the GeoPackage's")

# The same assessment from the map file as in the run.
def headline(path):
    with open(path) as f:
        return list(csv.reader(f))[1:]


a, b = headline(f"{run}/report/tables/headline.csv"), headline(f"{comp}/tables/headline.csv")
check(a == b, f"beibu compliance on maps.nc reproduces the run's headline: {a} vs {b}")
for table in ["zones", "stations"]:
    a, b = headline(f"{run}/report/tables/{table}.csv"), headline(f"{comp}/tables/{table}.csv")
    check(a == b, f"beibu compliance on maps.nc reproduces the run's {table} table ({len(a)} rows)")
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
