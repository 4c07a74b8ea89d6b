#!/usr/bin/env bash
# NetCDF inputs are read by dimension name with units, calendars and fill values
# checked, and output paths are checked before any work (docs/operations.md,
# "What is checked where"). A short run saves its hydrodynamics; make_bad_nc.py
# breaks copies of its files one way each, make_forcing_files.py and make_parent_files.py
# write gridded forcing files with one fault each; every case of nc_cases.txt must then give
# exit 2 and write nothing (bad_inputs.sh). Then what must work:
#   - a stored hydro.nc with its dimensions in the other order is read by name: the
#     run on it gives bitwise the maps of the online run;
#   - a matrix.nc with its dimensions in the other order gives the same allocation;
#   - export writes its log next to its output, named after it, and leaves the run's
#     own beibu.log alone.
#   nc_inputs.sh BEIBU NC_COMPARE FAULT_DIR BAD_DIR WORK
set -u
beibu=$1 cmp=$2 fault=$3 bad=$4 work=$5
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
"$beibu" -q run "$fault/fault-run.yaml" -o "$work/online" --days 0.25 --no-report --checkpoint-every 0 --save-hydro ||
  fail "the short run failed"
gen="$work/gen"
/usr/bin/python3 "$bad/make_bad_nc.py" "$work/online/hydro.nc" "$work/online" "$gen" || fail "make_bad_nc.py failed"
/usr/bin/python3 "$bad/../ingest/make_forcing_files.py" "$gen" "$fault/fault-run.yaml" || fail "make_forcing_files.py failed"
/usr/bin/python3 "$bad/../ingest/make_parent_files.py" "$gen" "$fault/fault-run.yaml" || fail "make_parent_files.py failed"

"$(dirname "$0")/bad_inputs.sh" "$beibu" "$bad" "$work/cases" "$bad/nc_cases.txt" "$gen" "$fault" 20 || fail "malformed inputs"

"$beibu" -q run "$fault/fault-run.yaml" -o "$work/transposed" --days 0.25 --no-report --checkpoint-every 0 \
  --hydro "$gen/hydro_transposed.nc" || fail "a stored run with its dimensions in the other order is refused"
"$cmp" "$work/online/maps.nc" "$work/transposed/maps.nc" || fail "the transposed stored run gives other maps"
echo "ok: a stored run with its dimensions in the other order is read by name (maps bitwise as online)"

for m in matrix matrix_transposed; do
  "$beibu" -q allocate "$gen/$m.nc" --constituent DIN --fairness max-total --margin 0.1 -o "$work/$m" ||
    fail "allocate $m.nc failed"
done
cmp "$work/matrix/allocation.csv" "$work/matrix_transposed/allocation.csv" ||
  fail "a matrix with its dimensions in the other order gives another allocation"
echo "ok: a matrix with its dimensions in the other order gives the same allocation"

mkdir -p "$work/export"
before=$(sha256sum "$work/online/beibu.log")
"$beibu" -q export --run "$work/online" --vars DIN -o "$work/export/din.nc" || fail "export failed"
[[ -f "$work/export/din.nc" && -f "$work/export/din.nc.log" ]] || fail "export wrote no din.nc or no din.nc.log"
[[ ! -e "$work/export/beibu.log" ]] || fail "export wrote beibu.log"
"$beibu" -q export --run "$work/online" --vars DIN -o "$work/online/din.nc" || fail "export into the run failed"
[[ "$(sha256sum "$work/online/beibu.log")" == "$before" ]] || fail "export changed the run's beibu.log"
echo "ok: export logs next to its output (din.nc.log), never into a run's beibu.log"
