#!/usr/bin/env bash
# Reusing stored hydrodynamics end to end: a run that saves its hydrodynamics
# (--save-hydro) and a second run of the same scenario on that file (--hydro)
# must give bitwise the same maps and stations (transport sees the same water),
# and the reuse must be reported in the progress as stored. A stored file that is
# too short for the period is refused with exit 2 before any output.
#   stored_hydro_reuse.sh BEIBU NC_COMPARE SCENARIO OUT
set -euo pipefail
beibu=$1 cmp=$2 scn=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
"$beibu" --quiet run "$scn" --days 0.25 --no-report --checkpoint-every 0 --save-hydro -o "$out/online"
test -f "$out/online/hydro.nc" || { echo "FAIL: no hydro.nc"; exit 1; }
"$beibu" --quiet run "$scn" --days 0.25 --no-report --checkpoint-every 0 --hydro "$out/online/hydro.nc" -o "$out/reuse"
"$cmp" "$out/online/maps.nc" "$out/reuse/maps.nc" || { echo "FAIL: maps differ"; exit 1; }
"$cmp" "$out/online/stations.nc" "$out/reuse/stations.nc" || { echo "FAIL: stations differ"; exit 1; }
grep -q "stored_hydrodynamics" "$out/reuse/manifest.yaml" || { echo "FAIL: manifest lacks the stored file"; exit 1; }
# One more day than stored: refused, nothing written.
set +e
msg=$("$beibu" --quiet run "$scn" --days 1.25 --no-report --hydro "$out/online/hydro.nc" -o "$out/short" 2>&1)
rc=$?
set -e
[[ $rc == 2 ]] || { echo "FAIL: expected exit 2 for a too-short stored run, got $rc: $msg"; exit 1; }
[[ $msg == *hydro.nc*covers* ]] || { echo "FAIL: message does not name the file and the period: $msg"; exit 1; }
[[ ! -e "$out/short/maps.nc" ]] || { echo "FAIL: output written for a refused run"; exit 1; }
echo "stored hydrodynamics reproduce the online run bitwise; a short file is refused"
