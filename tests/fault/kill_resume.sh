#!/usr/bin/env bash
# Kill a 2-rank run with SIGKILL mid-way, resume it, and compare with an
# uninterrupted run: maps.nc (snapshots and the time statistics accumulated across the
# checkpoint), stations.nc and the record at the tide gauges (gauges/) bitwise identical,
# mass_budget.csv identical to round-off of the budget's rank sums (see below).
#   kill_resume.sh "MPIEXEC..." BEIBU NC_COMPARE SCENARIO_DIR WORK
set -u
mpiexec=($1)
beibu=$2 nccmp=$3 scen=$4 work=$5
days=2  # fault-run.yaml: 6 hours of spin-up + 48 hours, 54 coupling intervals
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

# 1. The reference: no checkpoints at all.
"${mpiexec[@]}" "$beibu" -q run "$scen" -o "$work/full" --days $days --no-report --checkpoint-every 0 \
  || fail "uninterrupted run failed"

# 2. The same run with checkpoints every 2 model hours, killed (SIGKILL, every
#    process of its session) as soon as a checkpoint after the 6-hour spin-up exists
#    (interval 8 or later of 54: it carries a record at the tide gauges), well short of
#    the run's end.
setsid "${mpiexec[@]}" "$beibu" -q run "$scen" -o "$work/cut" --days $days --no-report --checkpoint-every 2 \
  >"$work/cut.out" 2>&1 &
leader=$!
while :; do  # as long as it runs: ctest's TIMEOUT bounds it, not a count that load can outrun
  last=$(ls -d "$work"/cut/checkpoints/ckpt-* 2>/dev/null | sort | tail -1)
  [[ -n "$last" && 10#${last##*ckpt-} -ge 8 ]] && break
  kill -0 $leader 2>/dev/null || break
  sleep 0.05
done
kill -0 $leader 2>/dev/null || fail "the run ended before it could be killed (checkpoints: $(ls "$work/cut/checkpoints" 2>&1))"
kill -KILL -- -$leader
wait $leader 2>/dev/null
sleep 1
for _ in $(seq 1 50); do  # zombies are dead, only not yet reaped
  alive=$(ps -s $leader -o pid=,stat= | awk '$2 !~ /^Z/')
  [[ -z "$alive" ]] && break
  sleep 0.2
done
[[ -z "$alive" ]] || { ps -s $leader -o pid=,stat=,cmd=; fail "processes of the killed run are still alive"; }
last=$(ls -d "$work"/cut/checkpoints/ckpt-* 2>/dev/null | sort | tail -1)  # the one --resume takes
echo "killed after $(basename "$last")"
grep -aq '^V gauge_times [1-9]' "$last/state.bin" || fail "$(basename "$last") holds no record at the tide gauges"
[[ -f "$work/cut/maps.nc" || -f "$work/cut/run_complete.yaml" ]] && fail "a killed run left a file named like a result"
grep -q '^complete: false' "$work/cut/manifest.yaml" || fail "the killed run's manifest does not say complete: false"

# 3. A checkpoint refuses to continue another scenario's run (here: another --days): exit 2.
mkdir -p "$work/other" && cp -r "$work/cut/checkpoints" "$work/other/"
"${mpiexec[@]}" "$beibu" -q run "$scen" -o "$work/other" --days 1 --no-report --resume 2>"$work/other.err"
rc=$?
[[ $rc -eq 2 ]] || { cat "$work/other.err"; fail "resuming another scenario's checkpoint: exit $rc, expected 2"; }
grep -q "checkpoint belongs to other input files" "$work/other.err" || fail "unclear message: $(cat "$work/other.err")"

# 4. Resume and finish.
"${mpiexec[@]}" "$beibu" -q run "$scen" -o "$work/cut" --days $days --no-report --checkpoint-every 2 --resume \
  || fail "resumed run failed"
grep -q '^complete: true' "$work/cut/manifest.yaml" || fail "manifest not complete after the resumed run"
grep -q 'ckpt-' "$work/cut/manifest.yaml" || fail "manifest does not record the checkpoint it resumed from"
[[ -d "$work/cut/checkpoints" ]] && fail "checkpoints left behind by a complete run"
left=$(find "$work/cut" -name '.*part*')
[[ -z "$left" ]] || fail "temporary files left behind: $left"

# 5. Identity.
/usr/bin/python3 "$(dirname "$0")/has_statistics.py" "$work/full/maps.nc" "$work/cut/maps.nc" \
  || fail "maps.nc lacks the time statistics"
"$nccmp" "$work/full/maps.nc" "$work/cut/maps.nc" || fail "maps.nc differs" # snapshots and statistics
"$nccmp" "$work/full/stations.nc" "$work/cut/stations.nc" || fail "stations.nc differs"
# The surface recorded at the tide gauges after the spin-up (carried by the checkpoint)
# and its comparison with the gauges.
"$nccmp" "$work/full/gauges/gauge_series.nc" "$work/cut/gauges/gauge_series.nc" || fail "gauges/gauge_series.nc differs"
for f in gauge_summary.csv gauge_comparison.csv; do
  cmp "$work/full/gauges/$f" "$work/cut/gauges/$f" || fail "gauges/$f differs"
done
# The budget accumulators are summed over ranks when a checkpoint is written and the
# sum is carried on rank 0, so the resumed run adds the same terms in another order:
# identical to round-off (1e-12 of the component's largest term), not bitwise.
/usr/bin/python3 - "$work/full/mass_budget.csv" "$work/cut/mass_budget.csv" <<'PY' || fail "mass_budget.csv differs"
import csv, sys
a = list(csv.reader(open(sys.argv[1]))); b = list(csv.reader(open(sys.argv[2])))
assert len(a) == len(b) and a[0] == b[0], "different rows or header"
worst = 0.0; exact = 0; n = 0
# Each number is compared relative to the largest term of its component (a residual is
# round-off of the big terms, so comparing it with itself would measure noise).
scale = {}
for r in a[1:]:
    try:
        scale[r[0]] = max(scale.get(r[0], 1e-300), abs(float(r[-1])))
    except ValueError:
        pass
for ra, rb in zip(a[1:], b[1:]):
    assert len(ra) == len(rb)
    for x, y in zip(ra, rb):
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            assert x == y, (x, y); continue
        n += 1; exact += x == y
        if fx != fy:
            worst = max(worst, abs(fx - fy) / scale.get(ra[0], max(abs(fx), abs(fy), 1e-300)))
print(f"mass_budget.csv: {n} numbers, {exact} identical, largest relative difference {worst:.3g}")
sys.exit(0 if worst <= 1e-12 else 1)
PY
# The compliance assessment (accumulated over the run, restored from the checkpoint).
# On several ranks the budget's rank sums are added in another order after the restart
# (above), so the largest budget residual, itself round-off, is left out there.
skip='^wall_seconds\|^file\|^ranks'
grep -q '^ranks: 1$' "$work/full/run_complete.yaml" || skip="$skip\|^max_budget_residual"
diff <(grep -v "$skip" "$work/full/run_complete.yaml") \
     <(grep -v "$skip" "$work/cut/run_complete.yaml") || fail "run_complete.yaml differs"
echo "ok: killed and resumed run identical to the uninterrupted one"
