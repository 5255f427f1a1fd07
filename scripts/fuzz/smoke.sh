#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 30) each, one after another; exits non-zero when
# one finds a crash. Build first with scripts/fuzz/build.sh (see docs/testing.md).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-30}
failed=()
for t in language interpreter cjm csv npy idx checks lesson markdown; do
    echo "== $t ($seconds s)"
    log=$(mktemp)
    "$here/run.sh" "$t" -max_total_time="$seconds" > "$log" 2>&1
    rc=$?
    grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==ERROR|SUMMARY)" "$log"
    [[ $rc -eq 0 ]] || { failed+=("$t"); tail -20 "$log"; }
    rm -f "$log"
done
if [[ ${#failed[@]} -gt 0 ]]; then echo "crashes in: ${failed[*]}"; exit 1; fi
echo "no crash in any target"
