#!/usr/bin/env bash
# The same configuration gives the same mesh: generate again and compare every
# data variable with the fixture's mesh bit for bit.
set -eu
beibu=$1 ref=$2 out=$3
rm -rf "$out"
"$beibu" --quiet mesh -o "$out"
/usr/bin/python3 - "$ref/mesh.nc" "$out/mesh.nc" <<'PY'
import sys, netCDF4, numpy as np
a, b = netCDF4.Dataset(sys.argv[1]), netCDF4.Dataset(sys.argv[2])
bad = [v for v in a.variables if a[v].ndim and not np.array_equal(np.ma.filled(a[v][:], -9), np.ma.filled(b[v][:], -9))]
print("variables differing:", bad or "none")
sys.exit(1 if bad else 0)
PY
