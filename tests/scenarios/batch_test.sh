#!/usr/bin/env bash
# `beibu batch` on 2 ranks (2 groups): two good scenarios and one bad one. The bad one
# fails without stopping the others (exit 1, reported in the comparison); a re-run
# skips the complete ones; the joint-control scenario's headline is at least the
# baseline's (its loads are lower everywhere and transport is linear in the loads).
set -u
mpiexec=$1 beibu=$2 data=$3 out=$4
shift 4
rm -rf "$out"
run() { $mpiexec "$beibu" --quiet batch --days 1 --baseline quick-wet -o "$out" \
          "$data/quick-wet.yaml" "$data/bad_constituent.yaml" "$data/quick-joint.yaml"; }
fail() { echo "FAIL: $*"; cat "$out/comparison.csv" 2>/dev/null; exit 1; }
run; rc=$?
[[ $rc -eq 1 ]] || fail "first batch exited $rc, expected 1 (one scenario fails)"
[[ -f "$out/quick-wet/run_complete.yaml" && -f "$out/quick-joint/run_complete.yaml" ]] || fail "good scenarios incomplete"
grep -q '^bad-constituent,"\?failed: .*not transported' "$out/comparison.csv" || fail "the failure is not reported"
/usr/bin/python3 - "$out/comparison.csv" <<'PY' || fail "joint control does worse than the baseline"
import csv, sys
rows = {r["scenario"]: r for r in csv.DictReader(open(sys.argv[1]))}
base = float(rows["quick-wet"]["Class I+II by area"].split()[0])
joint = float(rows["quick-joint"]["Class I+II by area"].split()[0])
print(f"Class I+II by area: baseline {base} %, joint control {joint} %")
sys.exit(0 if joint >= base else 1)
PY
stamp=$(stat -c %Y "$out/quick-wet/run_complete.yaml")
start=$(date +%s)
run; rc=$?
[[ $rc -eq 1 ]] || fail "second batch exited $rc"
[[ $(stat -c %Y "$out/quick-wet/run_complete.yaml") == "$stamp" ]] || fail "a complete scenario ran again"
grep -q '^quick-wet,skipped' "$out/comparison.csv" || fail "quick-wet not reported as skipped"
echo "ok: second batch took $(( $(date +%s) - start )) s"
