#!/usr/bin/env bash
# Tests the release tarball (scripts/release.sh) in a clean root with no Swift toolchain: a
# minimal Ubuntu 22.04 (or Debian 12) made by debootstrap, plus only the runtime packages the
# tarball's RUNTIME-LIBRARIES names. There, `cajal --version` runs, a program runs, `cajal kernel
# --help` runs, a lesson is exported as HTML and as a notebook, a plot is saved as PNG and an
# exercise is graded. With --gradescope ZIP it also unpacks an autograder.zip
# (`cajal package --gradescope`) into Gradescope's /autograder layout, runs setup.sh, and grades
# uploads with run_autograder: the solution (full marks), the solution uploaded as
# my_answer.cajal (full marks, the file named in the output) and, with --wrong FILE, a wrong
# answer (partial marks: more than 0, less than full).
#
#   sudo scripts/test-release.sh [--suite jammy|bookworm] [--root DIR] [--gradescope ZIP [--wrong FILE]] TARBALL
#
# Needs root (debootstrap, chroot) and the network to the distribution's archive. --root DIR
# reuses a root made earlier (the debootstrap step takes about 3 minutes); without it a fresh
# root is made in a temporary folder and removed at the end.
set -euo pipefail
suite=jammy root="" zip="" wrong="" tarball=""
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) suite=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --gradescope) zip=$(readlink -f "$2"); shift 2 ;;
    --wrong) wrong=$(readlink -f "$2"); shift 2 ;;
    -*) echo "test-release: unknown option $1" >&2; exit 64 ;;
    *) tarball=$(readlink -f "$1"); shift ;;
  esac
done
[ -f "$tarball" ] || { echo "usage: test-release.sh [--suite jammy|bookworm] [--root DIR] [--gradescope ZIP [--wrong FILE]] TARBALL" >&2; exit 64; }
case "$suite" in
  jammy) mirror=http://archive.ubuntu.com/ubuntu components="main universe" ;;
  bookworm) mirror=http://deb.debian.org/debian components="main" ;;
  *) echo "test-release: --suite jammy or bookworm" >&2; exit 64 ;;
esac
fresh=0
if [ -z "$root" ]; then root=$(mktemp -d /tmp/cajal-release-root.XXXXXX); fresh=1; fi
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  if [ $fresh = 1 ]; then rm -rf "$root"; fi
}
trap cleanup EXIT
step() { echo "== $(date +%T) $*"; }

if [ ! -x "$root/bin/sh" ]; then
  step "debootstrap $suite into $root"
  keyring=()
  # Debian's machines carry no Ubuntu archive key; the packages still come over the archive's
  # own checksums, and this root only ever runs a test.
  [ "$suite" = jammy ] && [ ! -f /usr/share/keyrings/ubuntu-archive-keyring.gpg ] && keyring=(--no-check-gpg)
  debootstrap --variant=minbase "${keyring[@]}" "$suite" "$root" "$mirror" > "$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log" >&2; exit 1; }
  rm -f "$root.debootstrap.log"
fi
echo "deb $mirror $suite $components" > "$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"

step "unpack $(basename "$tarball")"
rm -rf "$root/opt/cajal"
mkdir -p "$root/opt/cajal"
tar -C "$root/opt/cajal" --strip-components=1 -xzf "$tarball"
mapfile -t packages < <(awk '!/^#/ && $2 != "unknown" {print $2}' "$root/opt/cajal/RUNTIME-LIBRARIES" | sort -u)
step "apt-get install ${packages[*]}"
chroot "$root" apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" > /dev/null

step "no Swift toolchain in the root"
if chroot "$root" sh -c 'command -v swift swiftc' || [ -n "$(find "$root/usr" -name 'libswiftCore.so*' -print -quit)" ]; then
  echo "test-release: the root has a Swift toolchain; the test would prove nothing" >&2; exit 1
fi
cajal=/opt/cajal/bin/cajal
step "cajal --version"
chroot "$root" $cajal --version
step "a program"
printf 'let x = tensor([[1, 2], [3, 4]])\nprint(sum(x @ x))\n' > "$root/tmp/t.cajal"
out=$(chroot "$root" $cajal run /tmp/t.cajal)
[ "$out" = "54" ] || { echo "test-release: expected 54, got: $out" >&2; exit 1; }
echo "$out"
step "cajal kernel --help (libzmq, libcrypto)"
chroot "$root" $cajal kernel --help > "$root/tmp/kernel-help.txt"
head -1 "$root/tmp/kernel-help.txt"
step "export lesson 01 as HTML (cmark-gfm, cairo) and as a notebook"
chroot "$root" $cajal export /opt/cajal/lessons/01-neuron/lesson.cajal --html /tmp/01.html > /dev/null
grep -q '<table' "$root/tmp/01.html" || { echo "test-release: the exported page has no Markdown table" >&2; exit 1; }
chroot "$root" $cajal export /opt/cajal/lessons/01-neuron/lesson.cajal --ipynb /tmp/01.ipynb > /dev/null
python3 -c 'import json, sys; nb = json.load(open(sys.argv[1])); print("01.html", sys.argv[2], "bytes; 01.ipynb", len(nb["cells"]), "cells")' \
  "$root/tmp/01.ipynb" "$(wc -c < "$root/tmp/01.html")"
step "a PNG plot (cairo, DejaVu fonts)"
printf 'plot([1, 4, 9, 16], title: "squares")\nsavefig("/tmp/p.png")\n' > "$root/tmp/p.cajal"
chroot "$root" $cajal run /tmp/p.cajal > /dev/null
head -c 8 "$root/tmp/p.png" | od -An -c | grep -q 'P   N   G' || { echo "test-release: no PNG written" >&2; exit 1; }
echo "p.png $(wc -c < "$root/tmp/p.png") bytes"
step "grade the leaky-relu solution"
ex=/opt/cajal/lessons/00-examples/exercises/leaky-relu
chroot "$root" $cajal grade --exercise $ex $ex/solution.cajal | tail -2
chroot "$root" $cajal grade --exercise $ex --fail-under 100 $ex/solution.cajal > /dev/null

if [ -n "$zip" ]; then
  step "Gradescope: /autograder from $(basename "$zip")"
  rm -rf "$root/autograder"
  mkdir -p "$root/autograder/source" "$root/autograder/submission" "$root/autograder/results"
  (cd "$root/autograder/source" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' "$zip")
  chmod +x "$root/autograder/source/setup.sh" "$root/autograder/source/run_autograder"
  chroot "$root" bash -c 'cd /autograder/source && ./setup.sh' > /dev/null
  cp "$root/autograder/source/run_autograder" "$root/autograder/run_autograder"
  grade_as() {   # grade_as FILE NAME: FILE uploaded as NAME; prints the score
    rm -rf "$root/autograder/submission"/* "$root/autograder/results"/*
    cp "$1" "$root/autograder/submission/$2"
    chroot "$root" bash -c 'cd /autograder && ./run_autograder' > /dev/null
    python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["score"], sum(t["max_score"] for t in r["tests"]), r["output"])' \
      "$root/autograder/results/results.json"
  }
  source_ex=$(ls -d "$root"/autograder/source/exercise/*/ | head -1)
  read -r s m rest < <(grade_as "$source_ex/solution.cajal" solution.cajal)
  echo "solution.cajal: $s of $m"
  [ "$s" = "$m" ] || { echo "test-release: the solution must score full marks" >&2; exit 1; }
  read -r s m rest < <(grade_as "$source_ex/solution.cajal" my_answer.cajal)
  echo "my_answer.cajal: $s of $m ($rest)"
  [ "$s" = "$m" ] || { echo "test-release: my_answer.cajal was not graded" >&2; exit 1; }
  case "$rest" in *my_answer.cajal*) ;; *) echo "test-release: the output does not name my_answer.cajal" >&2; exit 1 ;; esac
  if [ -n "$wrong" ]; then
    read -r s m rest < <(grade_as "$wrong" "$(basename "$wrong")")
    echo "$(basename "$wrong"): $s of $m"
    python3 -c 'import sys; s, m = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if 0 < s < m else 1)' "$s" "$m" \
      || { echo "test-release: a wrong answer must score partial marks" >&2; exit 1; }
  fi
fi
step "passed"
