#!/usr/bin/env bash
# `make bench`: builds the release benchmark driver, sets up the numpy/scipy peer in
# benchmarks/.venv (never a dependency of the engine), and prints the comparison table.
# Pass stage names to run a subset: bash benchmarks/run.sh landscape critical-barrier
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ionscape-bench >/dev/null
swift build -c release --product ionscape >/dev/null
if [ -x benchmarks/peer/setup.sh ]; then
  bash benchmarks/peer/setup.sh >/dev/null || echo "peer setup failed; running without the peer" >&2
fi
python3 benchmarks/harness.py "$@"
