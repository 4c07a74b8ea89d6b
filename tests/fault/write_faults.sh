#!/usr/bin/env bash
# Outputs that cannot be written: a clean error (one line, exit code per DESIGN.md),
# and no file named like a result.
#   write_faults.sh "MPIEXEC..." BEIBU SCENARIO WORK
# Permissions do not bind root, so when run as root the read-only cases run beibu as
# user nobody (setpriv); without setpriv they are skipped with a message.
set -u
mpiexec=($1)
beibu=$2 scen=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
results=(maps.nc stations.nc mass_budget.csv run_complete.yaml)
no_results() {  # DIR: no complete-looking result, manifest (if any) incomplete
  for f in "${results[@]}"; do [[ -e "$1/$f" ]] && fail "$1/$f exists after a failed run"; done
  if [[ -f "$1/manifest.yaml" ]]; then grep -q '^complete: false' "$1/manifest.yaml" || fail "$1/manifest.yaml is not complete: false"; fi
  return 0
}
one_line() {  # STDERR_FILE REGEX
  [[ $(wc -l <"$1") -eq 1 ]] || { cat "$1"; fail "stderr has $(wc -l <"$1") lines, expected one"; }
  grep -Eq "^beibu: error: .*$2" "$1" || fail "message does not match /$2/: $(cat "$1")"
}

# 1. Disk full, simulated with a file-size limit (1.5 MB: the mesh files fit, the map
#    file does not). SIGXFSZ is ignored by beibu, so the write fails with EFBIG.
#    The limit is set inside the MPI launch: MPI's own start-up files need more.
ERR="$work/full.err" RC="$work/full.rc" "${mpiexec[@]}" -x ERR -x RC -n 1 bash -c 'ulimit -f 1500; "$0" "$@" 2>"$ERR"; echo $? >"$RC"' \
  "$beibu" -q run "$scen" -o "$work/full" --days 0.25 --no-report --checkpoint-every 0 >/dev/null 2>&1
rc=$(cat "$work/full.rc")
[[ $rc -eq 1 ]] || { cat "$work/full.err"; fail "disk full: exit $rc, expected 1"; }
one_line "$work/full.err" "maps\.nc.*File too large"
no_results "$work/full"
left=$(find "$work/full" -maxdepth 1 -name '.*part*')
[[ -z "$left" ]] || fail "temporary files left: $left"
# Marked failed, and nothing of the run left but the log and the manifest saying so.
grep -q '^failed: .*maps\.nc' "$work/full/manifest.yaml" || fail "manifest.yaml does not say the run failed"
[[ ! -e "$work/full/mesh" ]] || fail "mesh/ left after a failed run"
echo "ok: disk full -> exit 1: $(cat "$work/full.err")"

# 2. A file where the output directory should be: exit 2 before anything is written.
touch "$work/not_a_dir"
"$beibu" -q run "$scen" -o "$work/not_a_dir/out" --days 0.25 --no-report 2>"$work/notdir.err"
rc=$?
[[ $rc -eq 2 ]] || { cat "$work/notdir.err"; fail "file as output dir: exit $rc, expected 2"; }
one_line "$work/notdir.err" "not_a_dir"
echo "ok: file as output directory -> exit 2: $(cat "$work/notdir.err")"

# 3. Read-only output directory (before the run, and made read-only mid-run).
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  if ! command -v setpriv >/dev/null; then
    echo "SKIPPED read-only cases: running as root without setpriv (root ignores permissions)"
    exit 0
  fi
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chmod 755 "$work"  # nobody must reach its directories
  chmod o+rx "$(dirname "$work")" 2>/dev/null
fi
mkdir -p "$work/ro" && chmod 555 "$work/ro"
[[ $(id -u) -eq 0 ]] && chown 65534:65534 "$work/ro"
"${as_user[@]}" "$beibu" -q run "$scen" -o "$work/ro" --days 0.25 --no-report 2>"$work/ro.err"
rc=$?
[[ $rc -eq 2 ]] || { cat "$work/ro.err"; fail "read-only output dir: exit $rc, expected 2"; }
one_line "$work/ro.err" "not writable"
echo "ok: read-only output directory -> exit 2: $(cat "$work/ro.err")"

mkdir -p "$work/midrun"
[[ $(id -u) -eq 0 ]] && chown 65534:65534 "$work/midrun"
"${as_user[@]}" "$beibu" -q run "$scen" -o "$work/midrun" --days 1 --no-report --checkpoint-every 1 \
  2>"$work/midrun.err" &
pid=$!
while :; do  # as long as it runs: ctest's TIMEOUT bounds it, not a count that load can outrun
  [[ -n $(ls "$work/midrun/checkpoints" 2>/dev/null) ]] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -STOP $pid 2>/dev/null  # hold it while the directory changes (setpriv execs beibu: same pid)
chmod -R a-w "$work/midrun"
kill -CONT $pid 2>/dev/null
wait $pid
rc=$?
chmod -R u+w "$work/midrun"
[[ $rc -eq 1 ]] || { cat "$work/midrun.err"; fail "directory made read-only mid-run: exit $rc, expected 1"; }
one_line "$work/midrun.err" "Permission denied|cannot"
no_results "$work/midrun"
echo "ok: output directory made read-only mid-run -> exit 1: $(cat "$work/midrun.err")"
