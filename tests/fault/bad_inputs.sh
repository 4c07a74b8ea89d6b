#!/usr/bin/env bash
# A malformed-input corpus (tests/data/bad/cases.txt, nc_cases.txt): every case must
# exit 2 with one line "beibu: error: ..." naming the file, write nothing at all (no
# file or directory is created or changed under WORK or GEN, log included), and
# finish within BEIBU_CASE_TIMEOUT s (default 300: a hang, not a slow machine).
#   bad_inputs.sh BEIBU BAD_DIR WORK [CASES GEN_DIR FAULT_DIR MIN_CASES]
set -u
beibu=$1 bad=$2 work=$3
cases=${4:-$bad/cases.txt} gen=${5:-} fault=${6:-} min=${7:-40}
rm -rf "$work" && mkdir -p "$work"
n=0 failed=0
while IFS='|' read -r id file args; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  n=$((n + 1))
  out="$work/$id"
  a=${args//@BAD@/$bad}
  a=${a//@OUT@/$out}
  a=${a//@GEN@/$gen}
  a=${a//@FAULT@/$fault}
  touch "$work/.stamp-$id"
  sleep 0.01  # a later mtime than the stamp for anything written from now on
  eval "timeout ${BEIBU_CASE_TIMEOUT:-300} \"$beibu\" -q $a" >/dev/null 2>"$work/$id.err"
  rc=$?
  written=$(find "$work" ${gen:+"$gen"} -mindepth 1 -newer "$work/.stamp-$id" ! -name "$id.err" ! -name '.stamp-*' | head -3)
  why=""
  if [[ $rc -ne 2 ]]; then why="exit $rc, expected 2"
  elif [[ $(wc -l <"$work/$id.err") -ne 1 ]]; then why="stderr has $(wc -l <"$work/$id.err") lines"
  elif ! grep -q "^beibu: error: " "$work/$id.err"; then why="no 'beibu: error:' line"
  elif ! grep -qF -- "$file" "$work/$id.err"; then why="message does not contain: $file"
  elif [[ -e "$out" || -e "$out.nc" ]]; then why="output written: $out$(find "$out" -type f 2>/dev/null | head -3 | tr '
' ' ')"
  elif [[ -n "$written" ]]; then why="output written: $written"
  fi
  if [[ -n "$why" ]]; then
    failed=$((failed + 1))
    echo "FAIL $id: $why: $(head -c 300 "$work/$id.err")"
  else
    echo "ok   $id: $(cat "$work/$id.err")"
  fi
done <"$cases"
echo "$n malformed inputs, $failed failed"
[[ $n -ge $min && $failed -eq 0 ]]
