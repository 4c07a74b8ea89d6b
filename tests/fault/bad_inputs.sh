#!/usr/bin/env bash
# The malformed-input corpus (tests/data/bad/cases.txt): every case must exit 2 with
# one line "beibu: error: ..." naming the file, write nothing but the log, and finish
# within 60 s (no hang, no crash).
#   bad_inputs.sh BEIBU BAD_DIR WORK
set -u
beibu=$1 bad=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
n=0 failed=0
while IFS='|' read -r id file args; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  n=$((n + 1))
  out="$work/$id"
  a=${args//@BAD@/$bad}
  a=${a//@OUT@/$out}
  eval "timeout 60 \"$beibu\" -q $a" >/dev/null 2>"$work/$id.err"
  rc=$?
  why=""
  if [[ $rc -ne 2 ]]; then why="exit $rc, expected 2"
  elif [[ $(wc -l <"$work/$id.err") -ne 1 ]]; then why="stderr has $(wc -l <"$work/$id.err") lines"
  elif ! grep -q "^beibu: error: " "$work/$id.err"; then why="no 'beibu: error:' line"
  elif ! grep -qF -- "$file" "$work/$id.err"; then why="message does not contain: $file"
  elif [[ -d "$out" && -n $(find "$out" -type f ! -name beibu.log) ]]; then why="output written: $(find "$out" -type f ! -name beibu.log | head -3)"
  fi
  if [[ -n "$why" ]]; then
    failed=$((failed + 1))
    echo "FAIL $id: $why: $(head -c 300 "$work/$id.err")"
  else
    echo "ok   $id: $(cat "$work/$id.err")"
  fi
done <"$bad/cases.txt"
echo "$n malformed inputs, $failed failed"
[[ $n -ge 40 && $failed -eq 0 ]]
