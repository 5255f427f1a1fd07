#!/usr/bin/env bash
# The whole test suite, as CI runs it: a release build (lessons and numerics need the speed),
# then every test target. Extra arguments go to `swift test` (e.g. --filter ScriptTests).
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release
swift test -c release "$@"
