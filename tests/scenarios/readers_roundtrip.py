#!/usr/bin/python3
"""The readers read what the writers write: a short `beibu run --save-hydro`, then
  - GDAL finds EPSG:4326 on the (time, face) and (station, time) variables of maps.nc,
    stations.nc and hydro.nc, QGIS's mesh reader (MDAL, emulated) on the meshes of
    maps.nc, mesh.nc, hydro.nc and tides.nc; lon/lat variables name the
    latitude_longitude mapping "crs", only the projected x/y the model projection,
  - `beibu tides` on its hydro.nc,
  - `beibu skill` on its stations.nc, against observations that are the model's own
    station values (so bias and RMSE must be 0 for DIN and salinity: a unit read back
    wrongly, e.g. salinity's, shows as a bias),
  - `beibu compliance --observations` on its stations.nc, `--run` on the directory
    and `--maps` on its maps.nc,
  - `compliance --maps` on a copy of maps.nc in which one face falls dry (fill value,
    as the map writer marks a dry face) for one record in the middle, its snapshot
    records assessed (--from): the face keeps its previous wet value, so the zone
    table equals that of a copy holding that value, also when the assessed window
    starts at that record.
Each must exit 0 and write its result.

usage: readers_roundtrip.py BEIBU SCENARIO OUT
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys

import netCDF4

beibu, scenario, out = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
run = os.path.join(out, "run")
failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures.append(msg)


def beibu_ok(*args):
    p = subprocess.run([beibu, "--quiet", *args], capture_output=True, text=True)
    check(p.returncode == 0, f"beibu {' '.join(args[:2])} ... exits 0 (rc {p.returncode}: {p.stderr.strip()[:300]})")
    return p.returncode == 0


if not beibu_ok("run", scenario, "--days", "0.25", "--no-report", "--checkpoint-every", "0", "--save-hydro",
                "-o", run):
    sys.exit(1)



def epsg_of(path, var):
    from osgeo import gdal
    gdal.UseExceptions()
    ds = gdal.Open(f'NETCDF:"{path}":{var}')
    srs = ds.GetSpatialRef() if ds else None
    return srs.GetAuthorityCode(None) if srs is not None else None


def grid_mappings(path):
    with netCDF4.Dataset(path) as d:
        gm = {v: d[v].grid_mapping for v in d.variables if "grid_mapping" in d[v].ncattrs()}
        names = {v: d[v].grid_mapping_name for v in set(gm.values())}
        coords = {v: d[v].coordinates for v in gm if "coordinates" in d[v].ncattrs()}
    return gm, names, coords


def mdal_crs(path):
    """The CRS QGIS's mesh reader (MDAL's UGRID driver) takes: the grid_mapping of the
    first node coordinate, then its wkt, EPSG_code or epsg attribute."""
    with netCDF4.Dataset(path) as d:
        node_x = d["mesh"].node_coordinates.split()[0]
        gm = getattr(d[node_x], "grid_mapping", "")
        if not gm:
            return None
        v = d[gm]
        return getattr(v, "wkt", None) or getattr(v, "EPSG_code", None) or getattr(v, "epsg", None)


# GDAL gives a CRS to 2-D variables (time x face); QGIS opens the UGRID files as meshes (MDAL).
for rel, var in (("maps.nc", "DIN"), ("maps.nc", "salinity"), ("stations.nc", "DIN"), ("hydro.nc", "eta")):
    path = os.path.join(run, rel)
    check(epsg_of(path, var) == "4326", f"GDAL reads EPSG:4326 for {rel}:{var} (got {epsg_of(path, var)})")
for rel in ("maps.nc", "mesh/mesh.nc", "hydro.nc"):
    got = mdal_crs(os.path.join(run, rel))
    check(got == "EPSG:4326", f"QGIS/MDAL finds EPSG:4326 for the mesh of {rel} (got {got})")
for rel in ("maps.nc", "stations.nc", "mesh/mesh.nc", "hydro.nc"):
    gm, names, coords = grid_mappings(os.path.join(run, rel))
    lonlat = lambda v: "lon" in coords.get(v, "lon") and not v.endswith(("_x", "_y"))
    wrong = [v for v, m in gm.items() if (names[m] == "latitude_longitude") != lonlat(v)]
    check(gm and not wrong, f"{rel}: lon/lat variables name the latitude_longitude mapping, x/y the projected one "
          f"({len(gm)} variables; wrong: {wrong[:4]})")

# beibu tides on the run's own hydro.nc (the run is short: no spin-up skipped).
if beibu_ok("tides", os.path.join(run, "hydro.nc"), "--skip-days", "0", "--stations", "", "-o",
            os.path.join(out, "tides")):
    tides = os.path.join(out, "tides", "tides.nc")
    with netCDF4.Dataset(tides) as t:
        amp = [v for v in t.variables if v.endswith("_amplitude")]
    check(amp and mdal_crs(tides) == "EPSG:4326", f"tides.nc has amplitude maps on EPSG:4326 ({amp[:1]})")

# Observations equal to the model's station values, in the units an agency reports.
with netCDF4.Dataset(os.path.join(run, "stations.nc")) as s:
    ids = [bytes(r).decode().rstrip("\0") for r in s["station_name"][:].filled(b"\0")]
    tvar = s["time"]
    times = netCDF4.num2date(tvar[:], tvar.units, only_use_cftime_datetimes=False)
    check(s["salinity"].units == "1" and s["salinity"].standard_name == "sea_water_practical_salinity",
          f"stations.nc salinity is practical salinity ({s['salinity'].units!r}, {s['salinity'].standard_name!r})")
    obs = os.path.join(out, "obs.csv")
    n = 0
    with open(obs, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["station_id", "time", "parameter", "value", "unit", "qc_flag"])
        for si in range(0, len(ids), 4):
            for ti in range(1, len(times)):
                when = times[ti].replace(tzinfo=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                w.writerow([ids[si], when, "DIN", repr(float(s["DIN"][si, ti])), "mg/L", 1])
                w.writerow([ids[si], when, "salinity", repr(float(s["salinity"][si, ti])), "PSU", 1])
                n += 2
check(n > 20, f"{n} observations taken from stations.nc")

if beibu_ok("skill", "-m", os.path.join(run, "stations.nc"), "--obs", obs, "--no-plot", "-o",
            os.path.join(out, "skill")):
    with open(os.path.join(out, "skill", "skill.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["station_id"] == "ALL"]
    by_param = {r["parameter"]: r for r in rows}
    for p, scale in (("DIN", 0.1), ("salinity", 30.0)):
        r = by_param.get(p)
        check(r is not None and int(r["n"]) > 0 and abs(float(r["bias"])) < 1e-9 * scale
              and abs(float(r["rmse"])) < 1e-9 * scale,
              f"skill of the model against its own {p}: {r and (r['n'], r['bias'], r['rmse'])}")

if beibu_ok("compliance", "--observations", os.path.join(run, "stations.nc"), "-o", os.path.join(out, "c-obs")):
    with open(os.path.join(out, "c-obs", "stations.csv")) as f:
        check(len(list(csv.DictReader(f))) == len(ids), "compliance --observations assesses every station")
if beibu_ok("compliance", "--run", run, "-o", os.path.join(out, "c-run")):
    check(os.path.exists(os.path.join(out, "c-run", "report.html")), "compliance --run writes its report")
if beibu_ok("compliance", "--maps", os.path.join(run, "maps.nc"), "-o", os.path.join(out, "c-maps")):
    check(os.path.exists(os.path.join(out, "c-maps", "report.html")), "compliance --maps writes its report")

# A dry face: the fill value the map writer puts there, against the value it held.
import numpy as np
dry, held = os.path.join(out, "maps-dry.nc"), os.path.join(out, "maps-held.nc")
shutil.copy(os.path.join(run, "maps.nc"), dry)
with netCDF4.Dataset(dry, "a") as d:
    din = d["DIN"]
    nt = din.shape[0]
    i = nt // 2
    face = int(np.argmax(din[i, :]))  # the most polluted face: the zone means feel it
    kept = float(din[i - 1, face])
    din[i, face] = din._FillValue
shutil.copy(dry, held)
with netCDF4.Dataset(held, "a") as d:
    d["DIN"][i, face] = kept
# --from: the snapshot records are assessed (by default the run's statistics, which
# the edit does not touch, would be).
win = ("--from", "2000-01-01T00:00:00Z")
if beibu_ok("compliance", "--maps", dry, *win, "-o", os.path.join(out, "c-dry")) and \
        beibu_ok("compliance", "--maps", held, *win, "-o", os.path.join(out, "c-held")):
    a = open(os.path.join(out, "c-dry", "tables", "zones.csv")).read()
    b = open(os.path.join(out, "c-held", "tables", "zones.csv")).read()
    check(a == b and "e+3" not in a, f"a face dry at record {i} of {nt} keeps its last wet value (zone tables equal)")

# The same face dry at the first record of an assessed window: its last wet value is
# before the window (record i - 1), not the first wet one in the file.
with netCDF4.Dataset(dry) as d:
    tv = d["time"]
    start = netCDF4.num2date(tv[i], tv.units, getattr(tv, "calendar", "standard"))
when = start.strftime("%Y-%m-%dT%H:%M:%SZ")
if beibu_ok("compliance", "--maps", dry, "--from", when, "-o", os.path.join(out, "w-dry")) and \
        beibu_ok("compliance", "--maps", held, "--from", when, "-o", os.path.join(out, "w-held")):
    a = open(os.path.join(out, "w-dry", "tables", "zones.csv")).read()
    b = open(os.path.join(out, "w-held", "tables", "zones.csv")).read()
    check(a == b, f"a face dry at the window's first record {i} takes the wet value before the window")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
