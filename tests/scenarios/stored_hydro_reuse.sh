#!/usr/bin/env bash
# Reusing stored hydrodynamics end to end: a run that saves its hydrodynamics
# (--save-hydro) and a second run of the same scenario on that file (--hydro)
# must give bitwise the same maps and stations (transport sees the same water),
# and the reuse must be reported in the progress as stored. The stored file records
# how its water was made (scenario, tides, friction, the tides' uncertainty), and the
# second run's report says so (in Chinese too); a stored file that says nothing is reported as such. A
# stored file that is too short for the period is refused with exit 2 before any output.
#   stored_hydro_reuse.sh BEIBU NC_COMPARE SCENARIO OUT
set -euo pipefail
beibu=$1 cmp=$2 scn=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
"$beibu" --quiet run "$scn" --days 0.25 --no-report --checkpoint-every 0 --save-hydro -o "$out/online"
test -f "$out/online/hydro.nc" || { echo "FAIL: no hydro.nc"; exit 1; }
att() { /usr/bin/python3 -c "import netCDF4, sys; print(getattr(netCDF4.Dataset(sys.argv[1]), sys.argv[2], ''))" "$@"; }
# The scenario sets no n: it runs with the one the default tides file was calibrated with.
n=$(sed -n 's/^manning: *\([0-9.]*\).*/\1/p' "$(dirname "$0")/../../data/beibu/tides.yaml")
[[ -n "$n" && $(att "$out/online/hydro.nc" hydrodynamics) == "beibu run of scenario 'fault-run'"*"Manning n $n"* ]] ||
  { echo "FAIL: hydro.nc does not record how it was made"; exit 1; }
[[ $(att "$out/online/hydro.nc" tides_uncertainty) == "The calibrated constants are EFFECTIVE"* ]] ||
  { echo "FAIL: hydro.nc does not carry the tides' uncertainty"; exit 1; }
"$beibu" --quiet run "$scn" --days 0.25 --checkpoint-every 0 --hydro "$out/online/hydro.nc" -o "$out/reuse"
notes=$(cat "$out/reuse/report/report.md")
[[ $notes == *"Water from the stored hydrodynamics $out/online/hydro.nc: beibu run of scenario 'fault-run'"* ]] ||
  { echo "FAIL: the reuse's report does not say how its water was made"; exit 1; }
[[ $notes == *"How far to trust the tidal forcing: The calibrated constants are EFFECTIVE"* ]] ||
  { echo "FAIL: the reuse's report does not carry the tides' uncertainty"; exit 1; }
# In Chinese the report quotes the tides file's `uncertainty_zh:`, which the stored file carries too.
zh=$(sed -n '/^uncertainty_zh:/{n;p}' "$(dirname "$0")/../../data/beibu/tides.yaml" | sed 's/^ *//' | cut -c1-20)
[[ -n "$zh" && $(att "$out/online/hydro.nc" tides_uncertainty_zh) == "$zh"* ]] ||
  { echo "FAIL: hydro.nc does not carry the tides' uncertainty in Chinese"; exit 1; }
"$beibu" --quiet run "$scn" --days 0.25 --checkpoint-every 0 --lang zh --hydro "$out/online/hydro.nc" -o "$out/reuse_zh"
[[ $(cat "$out/reuse_zh/report/report.md") == *"潮汐强迫的可信程度：$zh"* ]] ||
  { echo "FAIL: the Chinese report does not quote the tides' uncertainty in Chinese"; exit 1; }
# The same water from a file that records nothing of its making (an older file).
cp "$out/online/hydro.nc" "$out/silent.nc"
/usr/bin/python3 -c "import netCDF4, sys; d = netCDF4.Dataset(sys.argv[1], 'a'); d.delncattr('hydrodynamics'); d.delncattr('tides_uncertainty'); d.delncattr('tides_uncertainty_zh'); d.close()" "$out/silent.nc"
"$beibu" --quiet run "$scn" --days 0.25 --checkpoint-every 0 --hydro "$out/silent.nc" -o "$out/silent"
notes=$(cat "$out/silent/report/report.md")
[[ $notes == *"$out/silent.nc: the file does not record how it was made"* && $notes != *"How far to trust"* ]] ||
  { echo "FAIL: the report of a run on a silent stored file claims what it cannot know"; exit 1; }
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
