#!/usr/bin/python3
"""Writes the malformed source-receptor matrices of cases.txt from the allocation
regression matrix (tests/data/allocation/wet-10day-jurisdiction.nc):

- matrix_floor_above.nc: group CN.GX's DIN floor load (the part no control may cut) is
  twice its current load;
- matrix_class99.nc: receptor 0's target class is 99 (no standard has that many).

usage: make_bad_matrices.py   (run from anywhere; writes next to this script)"""
import os
import shutil

import netCDF4

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "allocation", "wet-10day-jurisdiction.nc")

floor = os.path.join(here, "matrix_floor_above.nc")
shutil.copyfile(src, floor)
with netCDF4.Dataset(floor, "a") as d:
    g = list(d["group_name"][:]).index("CN.GX")
    k = list(d["constituent_name"][:]).index("DIN")
    d["floor_load"][k, g] = 2 * d["current_load"][k, g]

cls = os.path.join(here, "matrix_class99.nc")
shutil.copyfile(src, cls)
with netCDF4.Dataset(cls, "a") as d:
    d["receptor_target_class"][0] = 99
