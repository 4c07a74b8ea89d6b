#!/usr/bin/env bash
# A diagnostic, never adopted (docs/hydrodynamics.md, "Why Haikou is still missed"): is
# Haikou's error the Qiongzhou boundary, which no fit gauge constrains, or the model
# between that boundary and the gauge? Fits the Qiongzhou boundary alone (K1 O1 M2 Q1 N2
# S2, the mouth and Manning's n as in data/beibu/tides.yaml) to all four gauges, Haikou
# included, then runs tide_skill.sh with the result. Haikou stays a validation gauge of
# the shipped calibration: this only tells what a gauge in the strait would be worth.
# About 7 + 2 x 32 model days; prints the calibration's misfit and tide_skill's table.
#   qiongzhou_diagnostic.sh BEIBU BENCH_HYDRO DATA_DIR WORK [RANKS]
set -euo pipefail
beibu=$1 bench=$2 data=$(cd "$3" && pwd) work=$4 ranks=${5:-2}
mpi=(mpiexec -n "$ranks")
[[ $(id -u) == 0 ]] && mpi+=(--allow-run-as-root)
mkdir -p "$work/data/beibu" "$work/skill"
[[ -s "$work/skill/mesh/mesh.nc" ]] || "$beibu" -q mesh -c "$data/beibu/mesh.yaml" -o "$work/skill/mesh" >/dev/null
sed 's/use: validate/use: fit/' "$data/beibu/tide_gauges.yaml" >"$work/gauges_all_fit.yaml"
"${mpi[@]}" "$beibu" calibrate-tides --mesh "$work/skill/mesh/mesh.nc" --gauges "$work/gauges_all_fit.yaml" \
  --prior "$data/beibu/tides.yaml" --start "2024-01-01 00:00:00" --spinup-days 3 --days 30 --iterations 3 \
  --boundaries qiongzhou_east --constituents K1,O1,M2,Q1,N2,S2 --prior-rel 1.0 -o "$work/cal" >"$work/cal.log" 2>&1
grep "calibrate-tides:" "$work/cal.log"
sed -n '/qiongzhou_east:/,/^uncertainty/p' "$work/cal/tides.yaml" | grep -E "K1|O1|M2"
cp "$work/cal/tides.yaml" "$work/data/beibu/tides.yaml"
cp "$data/beibu/tide_gauges.yaml" "$work/data/beibu/tide_gauges.yaml"  # Haikou reported as validation
bash "$(dirname "$0")/tide_skill.sh" "$beibu" "$bench" "$work/data" "$work/skill" "$ranks" || true
