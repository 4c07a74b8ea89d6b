#!/usr/bin/python3
"""Reference values for gridded fields averaged over a local water column, computed
directly from the file with numpy (no beibu code): the independent check of
ingest/point_field.cpp and ingest/column_mean.hpp.

For a point (lon, lat) with water depth h on a regular lon/lat grid:
  - its column is the bilinear mix of the four grid columns around it, over those
    corners (positive weight) that have a value at the shallowest level; where none has
    one, the grid column nearest to the point (within 3 cells, distance with the
    longitude difference scaled by cos(lat)) that has one;
  - at each level the value is the weighted mean over the corners with a value there
    (weights renormalised); a level where none has one lies below the column's bottom;
  - the profile is linear between the levels with values, the shallowest value above
    them and the deepest below them; its mean over [0, h] is integrated exactly
    (trapezoids on a grid that holds every level above h, and h).

usage: column_reference.py FILE VARIABLE LON LAT H [TIME_INDEX]
       prints the column mean (in the file's units) with 17 significant digits.
"""
import math
import sys

import netCDF4
import numpy as np


def axis(d, var, kind):
    for name in d[var].dimensions:
        if name not in d.variables:
            continue
        units = getattr(d[name], "units", "").lower()
        std = getattr(d[name], "standard_name", "")
        ax = getattr(d[name], "axis", "")
        if kind == "X" and (ax == "X" or std == "longitude" or units.startswith("degrees_e")):
            return name
        if kind == "Y" and (ax == "Y" or std == "latitude" or units.startswith("degrees_n")):
            return name
        if kind == "Z" and (ax == "Z" or std == "depth" or getattr(d[name], "positive", "") in ("up", "down")):
            return name
        if kind == "T" and (ax == "T" or " since " in units):
            return name
    return None


class Column:
    def __init__(self, path, var, time_index=0):
        d = netCDF4.Dataset(path)
        d.set_auto_mask(True)
        v = d[var]
        self.lon = np.asarray(d[axis(d, var, "X")][:], dtype=float)
        self.lat = np.asarray(d[axis(d, var, "Y")][:], dtype=float)
        zname = axis(d, var, "Z")
        z = np.asarray(d[zname][:], dtype=float)
        if getattr(d[zname], "positive", "down") == "up":
            z = -z
        index = []
        for name in v.dimensions:
            index.append(time_index if name == axis(d, var, "T") else slice(None))
        data = np.ma.filled(np.ma.asarray(v[tuple(index)], dtype=float), np.nan)
        zdim = [n for n in v.dimensions if n != axis(d, var, "T")].index(zname)
        data = np.moveaxis(data, zdim, 0)  # (z, lat, lon)
        order = np.argsort(z)
        self.z = z[order]
        self.data = data[order]
        self.coslat = None

    def corners(self, lon, lat):
        x = self.lon[0] + (lon - self.lon[0]) % 360.0 if self.lon[-1] - self.lon[0] > 300 else lon
        i1 = int(np.clip(np.searchsorted(self.lon, x, side="right"), 1, len(self.lon) - 1))
        j1 = int(np.clip(np.searchsorted(self.lat, lat, side="right"), 1, len(self.lat) - 1))
        i0, j0 = i1 - 1, j1 - 1
        wx = (x - self.lon[i0]) / (self.lon[i1] - self.lon[i0])
        wy = (lat - self.lat[j0]) / (self.lat[j1] - self.lat[j0])
        return [(j0, i0, (1 - wx) * (1 - wy)), (j0, i1, wx * (1 - wy)), (j1, i0, (1 - wx) * wy),
                (j1, i1, wx * wy)]

    def profile(self, lon, lat):
        cs = self.corners(lon, lat)
        top = self.data[0]
        if not any(w > 0 and not math.isnan(top[j, i]) for j, i, w in cs):
            j0, i0, _ = max(cs, key=lambda c: c[2])
            best, found = 1e300, None
            for j in range(j0 - 3, j0 + 4):
                for i in range(i0 - 3, i0 + 4):
                    if j < 0 or j >= len(self.lat) or i < 0 or i >= len(self.lon) or math.isnan(top[j, i]):
                        continue
                    dx = math.remainder(self.lon[i] - lon, 360.0) * math.cos(math.radians(lat))
                    d2 = dx * dx + (self.lat[j] - lat) ** 2
                    if d2 < best:
                        best, found = d2, (j, i)
            if found is None:
                return np.full(len(self.z), np.nan)
            cs = [(found[0], found[1], 1.0)]
        out = np.full(len(self.z), np.nan)
        for level in range(len(self.z)):
            num = den = 0.0
            for j, i, w in cs:
                v = self.data[level, j, i]
                if w > 0 and not math.isnan(v):
                    num += w * v
                    den += w
            if den > 1e-12:
                out[level] = num / den
        return out

    def mean(self, lon, lat, h):
        c = self.profile(lon, lat)
        ok = ~np.isnan(c)
        if not ok.any():
            return float("nan")
        zv, cv = self.z[ok], c[ok]
        if h <= 0:
            return float(cv[0])
        zs = np.concatenate(([0.0], zv[(zv > 0) & (zv < h)], [h]))
        return float(np.trapz(np.interp(zs, zv, cv), zs) / h)


if __name__ == "__main__":
    path, var = sys.argv[1], sys.argv[2]
    lon, lat, h = (float(a) for a in sys.argv[3:6])
    t = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    print(repr(Column(path, var, t).mean(lon, lat, h)))
