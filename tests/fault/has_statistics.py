#!/usr/bin/python3
"""has_statistics.py MAPS.nc...: each map file holds the run's time statistics
(period_bnds, DIN_mean, DIN_p90, DIN_hours_worse, DIN_zone_hours_worse), so comparing
two map files compares their statistics too. Exit 1 naming what is missing."""
import sys

import netCDF4

need = ["period_bnds", "DIN_mean", "DIN_p90", "DIN_hours_worse", "DIN_zone_p90", "DIN_zone_hours_worse"]
bad = 0
for path in sys.argv[1:]:
    missing = [v for v in need if v not in netCDF4.Dataset(path).variables]
    if missing:
        print(f"FAIL: {path} lacks {' '.join(missing)}")
        bad = 1
sys.exit(bad)
