#!/usr/bin/env bash
# Runs one fuzz target of .build-fuzz/cajal-fuzz (build it first with build.sh):
#
#   scripts/fuzz/run.sh TARGET [libFuzzer options]
#   scripts/fuzz/run.sh interpreter -max_total_time=600
#   scripts/fuzz/run.sh cjm -runs=1000000
#
# TARGET is language, interpreter, cjm, csv, npy, idx, checks, lesson or markdown. The fuzzer
# starts from the committed seeds (scripts/fuzz/seeds/TARGET; for language and interpreter also
# every script test; for lesson every lesson file; for markdown every lesson's prose, one file
# per markdown cell, and docs/*.md), keeps what it finds in .build-fuzz/corpus/TARGET, and writes a crashing input to
# .build-fuzz/crashes/TARGET/. Replay one with: scripts/fuzz/run.sh TARGET FILE
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_BUILD:-$root/.build-fuzz}
target=${1:?usage: run.sh TARGET [libFuzzer options]}
shift
seeds=("$root/scripts/fuzz/seeds/$target")
max_len=4096
case $target in
    language|interpreter) seeds+=("$root/Tests/ScriptTests/scripts") ;;
    lesson)
        max_len=65536
        made="$out/seeds-made/lesson"; rm -rf "$made"; mkdir -p "$made"
        for f in "$root"/lessons/[0-9]*/lesson.cajal; do cp "$f" "$made/$(basename "$(dirname "$f")").cajal"; done
        seeds+=("$made") ;;
    markdown)
        max_len=16384
        made="$out/seeds-made/markdown"; rm -rf "$made"; mkdir -p "$made"
        cp "$root"/docs/*.md "$made/"
        # each markdown cell of each lesson, without its comment marks
        for f in "$root"/lessons/[0-9]*/lesson.cajal; do
            awk -v out="$made/$(basename "$(dirname "$f")")" '
                /^# %%/ { md = ($0 ~ /\[markdown\]/); if (md) { n++; file = out "-" n ".md" }; next }
                md { sub(/^# ?/, ""); print > file }' "$f"
        done
        seeds+=("$made") ;;
esac
mkdir -p "$out/corpus/$target" "$out/crashes/$target"
export CAJAL_FUZZ_TARGET=$target
# one allocation may take at most 16 MB (TensorCore's limit): a program asking for more gets
# Cajal's error instead of tripping the sanitizer's allocation limit, and no single tensor op
# (of the lesson-sized script tests among the seeds) outlasts the timeout
export CAJAL_MAX_MEMORY=${CAJAL_MAX_MEMORY:-16M}
# the interpreter target: 1 MB per allocation, so one step's tensor work stays small and the
# target runs hundreds of programs a second
[[ $target == interpreter ]] && export CAJAL_MAX_MEMORY=${CAJAL_FUZZ_MEMORY:-1M}
export OPENBLAS_NUM_THREADS=1
asan=detect_leaks=0:allocator_may_return_null=0
# each program gets a fresh interpreter, whose 64 MB register stack would otherwise sit in
# AddressSanitizer's quarantine (256 MB) and be poisoned and unmapped there: with a 32 MB
# quarantine it is recycled at once (small blocks still wait there, so a use after free is
# still caught), and the target runs about twice as fast
[[ $target == interpreter ]] && asan+=:quarantine_size_mb=32
export ASAN_OPTIONS=${ASAN_OPTIONS:-$asan}
# a file argument replays that input instead of fuzzing
if [[ $# -gt 0 && -f $1 ]]; then exec "$out/cajal-fuzz" "$@"; fi
# -detect_leaks=0: leaks are not checked (ASAN_OPTIONS above), but libFuzzer would still run every
# input whose mallocs and frees differ a second time to look for one: half the interpreter
# target's time went there
exec "$out/cajal-fuzz" -timeout=60 -rss_limit_mb=3072 -malloc_limit_mb=1024 -max_len=$max_len -detect_leaks=0 \
    -artifact_prefix="$out/crashes/$target/" -print_final_stats=1 "$@" \
    "$out/corpus/$target" "${seeds[@]}"
