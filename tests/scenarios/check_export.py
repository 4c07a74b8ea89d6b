#!/usr/bin/python3
"""`beibu export` of one zone: by default the run's own time statistics of its
assessment period (the 90th percentile and the mean equal maps.nc's DIN_p90 and
DIN_mean, the values the run assessed); with --from/--to the snapshot records in the
window (equal to a direct numpy computation from maps.nc, independent of the C++
code); the GeoTIFF and GeoPackage open in GDAL with the right bands and feature count.

usage: check_export.py MAPS.nc OUT_DIR ZONE_ID
"""
import math
import sys

import netCDF4
import numpy as np
from osgeo import gdal, ogr

maps, out, zone = sys.argv[1:4]
m = netCDF4.Dataset(maps)
zones = m["zone"].flag_meanings.split()
zi = zones.index(zone)
faces = np.where(np.ma.filled(m["zone"][:], -1) == zi)[0]
ok = True


def compare(name, got, expected, what):
    global ok
    if len(got) != len(faces):
        print(f"FAIL: {name}: {len(got)} faces exported, the zone has {len(faces)}"); ok = False
    elif not np.allclose(got, expected, rtol=1e-12, atol=0):
        print(f"FAIL: {name} differs from {what} by up to {np.abs(got - expected).max()}"); ok = False
    else:
        print(f"ok: {name}: {len(faces)} faces equal {what} (max {expected.max():.4f} mg/L)")


expected = m["DIN_p90"][:][faces]
compare("zone.nc (p90)", netCDF4.Dataset(f"{out}/zone.nc")["DIN"][:], expected, "maps.nc DIN_p90")
compare("zone-mean.nc", netCDF4.Dataset(f"{out}/zone-mean.nc")["DIN"][:], m["DIN_mean"][:][faces], "maps.nc DIN_mean")
# A window of one's own: the snapshot records in it, nearest-rank 90th percentile.
t = m["time"][:]
w = (t >= 1.5 * 86400) & (t <= 3 * 86400)
din = m["DIN"][:][w][:, faces]  # time x faces
n = din.shape[0]
compare("zone-window.nc", netCDF4.Dataset(f"{out}/zone-window.nc")["DIN"][:],
        np.sort(din, axis=0)[math.ceil(0.9 * n) - 1], f"numpy's p90 of the {n} records in the window")
t = gdal.Open(f"{out}/zone.tif")
names = [t.GetRasterBand(b + 1).GetDescription() for b in range(t.RasterCount)]
if names != ["DIN_p90"] or t.GetSpatialRef() is None:
    print(f"FAIL: GeoTIFF bands {names} or no CRS"); ok = False
else:
    band = t.GetRasterBand(1).ReadAsArray()
    vals = band[band == band]
    if vals.size == 0 or abs(vals.max() - expected.max()) > 1e-6 * max(1, expected.max()):
        print(f"FAIL: GeoTIFF max {vals.max() if vals.size else None} vs {expected.max()}"); ok = False
    else:
        print("ok: GeoTIFF")
g = ogr.Open(f"{out}/zone.gpkg")
if g.GetLayerByName("faces").GetFeatureCount() != len(faces):
    print("FAIL: GeoPackage feature count"); ok = False
else:
    print("ok: GeoPackage")
sys.exit(0 if ok else 1)
