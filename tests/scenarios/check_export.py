#!/usr/bin/python3
"""`beibu export` of one zone's 90th percentile: the NetCDF values equal a direct
computation from the run's maps.nc (numpy, independent of the C++ code), the
GeoTIFF and GeoPackage open in GDAL with the right bands and feature count.

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
din = m["DIN"][:][:, faces]  # time x faces
n = din.shape[0]
expected = np.sort(din, axis=0)[math.ceil(0.9 * n) - 1]
e = netCDF4.Dataset(f"{out}/zone.nc")
got = e["DIN"][:]
ok = True
if len(got) != len(faces):
    print(f"FAIL: {len(got)} faces exported, the zone has {len(faces)}"); ok = False
elif not np.allclose(got, expected, rtol=1e-12, atol=0):
    print(f"FAIL: exported p90 differs from numpy by up to {np.abs(got - expected).max()}"); ok = False
else:
    print(f"ok: {len(faces)} faces, DIN p90 equals the direct computation (max {expected.max():.4f} mg/L)")
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
