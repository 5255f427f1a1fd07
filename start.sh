#!/usr/bin/env bash
# Quick start: install missing system packages, build cajal in release mode, and start it.
set -euo pipefail
cd "$(dirname "$0")"
.ci/install-packages
swift build -c release --product cajal
exec .build/release/cajal "$@"
