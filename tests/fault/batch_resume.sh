#!/usr/bin/env bash
# Kill a batch (SIGKILL) while its second scenario runs, rerun it: the first is
# skipped (its manifest untouched), the second resumes from its checkpoint, both end
# complete, none runs twice.
#   batch_resume.sh BEIBU FAULT_SCENARIO WORK
set -u
beibu=$1 base=$(realpath "$2") work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
for n in a b; do printf 'extends: %s\nname: batch-%s\n' "$base" $n >"$work/$n.yaml"; done
args=(batch "$work/a.yaml" "$work/b.yaml" -o "$work/out" --days 2 --checkpoint-every 2)

setsid "$beibu" -q "${args[@]}" >"$work/first.out" 2>&1 &
leader=$!
while :; do  # as long as it runs: ctest's TIMEOUT bounds it, not a count that load can outrun
  [[ -n $(ls "$work/out/batch-b/checkpoints" 2>/dev/null) ]] && break
  kill -0 $leader 2>/dev/null || break
  sleep 0.05
done
kill -0 $leader 2>/dev/null || { cat "$work/first.out"; fail "the batch ended before it could be killed"; }
kill -KILL -- -$leader
wait $leader 2>/dev/null
grep -q '^complete: true' "$work/out/batch-a/manifest.yaml" || fail "batch-a should have completed before the kill"
grep -q '^complete: false' "$work/out/batch-b/manifest.yaml" || fail "batch-b should be incomplete after the kill"
sum_a=$(sha256sum <"$work/out/batch-a/manifest.yaml")

"$beibu" "${args[@]}" >"$work/second.out" 2>&1 || { cat "$work/second.out"; fail "the rerun failed"; }
grep -q "batch-a is already complete, skipped" "$work/second.out" || fail "batch-a was not skipped"
grep -q "resuming batch-b" "$work/second.out" || fail "batch-b was not resumed"
grep -q "resumed from .*ckpt-" "$work/second.out" || fail "batch-b did not continue from a checkpoint"
[[ $(sha256sum <"$work/out/batch-a/manifest.yaml") == "$sum_a" ]] || fail "batch-a ran twice (its manifest changed)"
for n in a b; do
  grep -q '^complete: true' "$work/out/batch-$n/manifest.yaml" || fail "batch-$n is not complete"
  [[ -f "$work/out/batch-$n/run_complete.yaml" ]] || fail "batch-$n has no run_complete.yaml"
done
grep -q 'ckpt-' "$work/out/batch-b/manifest.yaml" || fail "batch-b's manifest does not record its resumption"
echo "ok: killed batch rerun: batch-a skipped, batch-b resumed, both complete"
