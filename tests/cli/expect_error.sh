#!/usr/bin/env bash
# Runs a beibu command that must fail cleanly:
#   expect_error.sh CODE REGEX OUTDIR -- COMMAND...
# Passes when the exit code is CODE, stderr is exactly one line "beibu: error: ..."
# matching REGEX (extended grep), and OUTDIR (if not "-") holds no result files; on
# exit 2 (bad input) OUTDIR must not exist at all, not even with a log.
set -u
code=$1 regex=$2 outdir=$3
shift 4
# Files left by an earlier attempt (one killed by a timeout) must not count against this one.
[[ "$outdir" != "-" ]] && rm -rf "$outdir"
err=$(mktemp)
"$@" >/dev/null 2>"$err"
rc=$?
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$err"; rm -f "$err"; exit 1; }
[[ $rc -eq $code ]] || fail "exit code $rc, expected $code"
lines=$(wc -l <"$err")
[[ $lines -eq 1 ]] || fail "stderr has $lines lines, expected one"
grep -q '^beibu: error: ' "$err" || fail "message does not start with 'beibu: error: '"
grep -Eq -- "$regex" "$err" || fail "message does not match /$regex/"
if [[ $code -eq 2 && "$outdir" != "-" && -e "$outdir" ]]; then
  fail "bad input left output: $outdir $(find "$outdir" | head -5 | tr '\n' ' ')"
fi
if [[ "$outdir" != "-" && -d "$outdir" ]]; then
  left=$(find "$outdir" -type f ! -name 'beibu.log' | head -5)
  [[ -z "$left" ]] || fail "result files were written: $left"
fi
echo "ok: exit $rc: $(cat "$err")"
rm -f "$err"
