#!/usr/bin/env bash
# Reruns the sixth calibration of the default gulf's tide (docs/hydrodynamics.md, "The east
# boundary on the shelf"): its prior is the fifth calibration's tides file (git commit
# 12e3f01: the mouth's constants and Manning n) with the east boundary's two ends set to the
# Zhapo gauge's observed constants (data/beibu/tide_gauges.yaml); then `beibu calibrate-tides`
# fits both boundaries and n to the fit gauges. Needs the repository's git history.
# About 13 model runs of 33 days (16 min on 2 ranks).
#   sixth_calibration.sh BEIBU REPO WORK [RANKS]     (--prior-only as 5th argument: stop after the prior)
set -euo pipefail
beibu=$1 repo=$(cd "$2" && pwd) work=$3 ranks=${4:-2}
mkdir -p "$work"
git -C "$repo" show 12e3f01:data/beibu/tides.yaml >"$work/fifth.yaml"
/usr/bin/python3 - "$work/fifth.yaml" "$repo/data/beibu/tide_gauges.yaml" \
  "$repo/data/beibu/open_boundaries.geojson" "$work/prior.yaml" <<'PY'
import json, sys, yaml
fifth, gauges, bounds, out = sys.argv[1:]
text = open(fifth).read()
head = text[:text.index("  qiongzhou_east:")]
zhapo = [g for g in yaml.safe_load(open(gauges))["gauges"] if g["id"] == "zhapo"][0]["constituents"]
names = ["M2", "S2", "N2", "K2", "K1", "O1", "P1", "Q1", "2Q1", "M1", "J1", "OO1"]
east = [f for f in json.load(open(bounds))["features"] if f["properties"]["name"] == "east"][0]
lines = ["  east:", "    type: clamped", "    mean_level: 0.03",
         "    # Two points, the boundary's ends (Hainan's north-east coast, then the Guangdong coast",
         "    # east of Zhapo); prior at both: Zhapo's observed constants (TICON-4).", "    points:"]
for lon, lat in east["geometry"]["coordinates"]:
    lines += ["      - lon: %.6f" % lon, "        lat: %.6f" % lat, "        constituents:"]
    lines += ["          %s: {amplitude: %.4f, phase: %.1f}" % (c, zhapo[c]["amplitude"], zhapo[c]["phase"])
              for c in names]
open(out, "w").write(head + "\n".join(lines) + "\n")
PY
echo "sixth_calibration: prior in $work/prior.yaml"
[[ "${5:-}" == "--prior-only" ]] && exit 0
[[ -s "$work/mesh/mesh.nc" ]] || "$beibu" -q mesh -c "$repo/data/beibu/mesh.yaml" -o "$work/mesh" >/dev/null
mpi=(mpiexec -n "$ranks")
[[ $(id -u) == 0 ]] && mpi+=(--allow-run-as-root)
"${mpi[@]}" "$beibu" calibrate-tides --mesh "$work/mesh/mesh.nc" --gauges "$repo/data/beibu/tide_gauges.yaml" \
  --prior "$work/prior.yaml" --start "2024-01-01 00:00:00" --spinup-days 3 --days 30 --iterations 2 \
  --fit-manning --prior-rel 0.5 --constituents K1,O1,M2,Q1,N2,S2,2Q1,J1,OO1,M1 -o "$work/calibrated"
echo "sixth_calibration: calibrated file in $work/calibrated/tides.yaml"
