#!/usr/bin/env bash
# The whole test suite, as CI runs it: a release build (lessons and numerics need the speed),
# then every test target. Extra arguments go to `swift test` (e.g. --filter ScriptTests).
#
# With no arguments it then runs Tests/Python with pytest: real Jupyter clients, jupytext,
# ONNX Runtime, NumPy and PyTorch checking what Cajal serves and exports. They come from the
# virtual environment $CAJAL_TEST_VENV (default .venv-test), which .ci/run makes from
# .ci/python-packages. Without it those tests are skipped, or fail under CAJAL_REQUIRE_TOOLS=1.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release
swift test -c release "$@"
[ $# -eq 0 ] || exit 0
venv=${CAJAL_TEST_VENV:-.venv-test}
if ! ls Tests/Python/test_*.py >/dev/null 2>&1; then exit 0; fi
if [ -x "$venv/bin/pytest" ]; then
  CAJAL_BIN="$PWD/.build/release/cajal" "$venv/bin/pytest" -q Tests/Python
elif [ "${CAJAL_REQUIRE_TOOLS:-}" = 1 ]; then
  echo "error: no Python test environment at $venv (make it: .ci/run, or see .ci/python-packages)" >&2
  exit 1
else
  echo "note: Tests/Python skipped: no Python test environment at $venv (.ci/run makes one)"
fi
