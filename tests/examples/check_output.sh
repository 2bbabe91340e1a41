#!/usr/bin/env bash
# Runs an example program and checks it exits 0 and prints each expected line (in order).
#   check_output.sh <program> <expected line>...
set -uo pipefail
program=$1
shift
out=$(timeout 120 "$program" 2>&1)
rc=$?
echo "$out"
if [ $rc -ne 0 ]; then
  echo "FAIL: $program exited with $rc"
  exit 1
fi
rest=$out
for line in "$@"; do
  # Each expected line must appear as a whole line after the previous one.
  after=$(printf '%s\n' "$rest" | awk -v want="$line" 'found { print; next } $0 == want { found = 1 }
                                                       END { exit found ? 0 : 1 }')
  if [ $? -ne 0 ]; then
    echo "FAIL: expected the line '$line' (in this order) in the output of $program"
    exit 1
  fi
  rest=$after
done
echo "PASS: $program"
