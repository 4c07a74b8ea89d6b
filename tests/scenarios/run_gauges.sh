#!/usr/bin/env bash
# beibu run compares its own tide with the tide gauges: the quick wet-season case (coarse
# mesh, 1 day of spin-up) for one more day, report in Chinese, its water saved; then
# `beibu tides --gauges` on the saved water must compare each gauge at the same cell,
# with the same RMS error to 1 cm (check_run_gauges.py).
#   run_gauges.sh BEIBU SCENARIO DATA_DIR WORK
set -euo pipefail
beibu=$1 scen=$2 data=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
"$beibu" -q run "$scen" --days 1 --lang zh --save-hydro --checkpoint-every 0 -o "$work/run"
"$beibu" -q tides "$work/run/hydro.nc" --gauges "$data/beibu/tide_gauges.yaml" --skip-days 1 --stations "" \
  -o "$work/tides"
/usr/bin/python3 "$(dirname "$0")/check_run_gauges.py" "$work/run" zh "$work/tides"
