#!/usr/bin/env bash
# `beibu compliance --observations`: GX01 averages DIN 0.30 mg/L (Class II, at the
# limit) and DIP 0.020 (Class II); GX02 has DIN 30 umol/L = 0.42 mg/L as N (Class IV)
# and a flagged (qc 4) 5 mg/L value that QC must drop. Expected classes come from
# GB 3097-1997's limits, not from the program.
set -eu
beibu=$1 data=$2 out=$3
rm -rf "$out"
"$beibu" --quiet compliance --observations "$data/obs_compliance.csv" -o "$out"
csv="$out/stations.csv"
grep -q '^GX01,.*,Class II,Class II,' "$csv" || { echo "GX01 not Class II"; cat "$csv"; exit 1; }
grep -q '^GX02,.*,Class IV,Class II,DIN,DIN ' "$csv" || { echo "GX02 not Class IV by DIN"; cat "$csv"; exit 1; }
grep -q 'flag' "$out/qc_report.csv" || { echo "the flagged value was not reported as dropped"; cat "$out/qc_report.csv"; exit 1; }
echo "ok"
