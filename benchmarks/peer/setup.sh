#!/usr/bin/env bash
# Creates the peer's virtualenv at benchmarks/.venv (gitignored) and installs
# numpy, scipy, scikit-sparse, lattice_mc (the kinetic Monte Carlo peer) and pyamg (route 3's
# peer) into it.
# Idempotent: when every package already imports, it does nothing. The peer is never a
# dependency of the engine.
#
# scikit-sparse 0.4.16 is the last release that builds against Debian's
# SuiteSparse 5.12 (package libsuitesparse-dev, installed by `make deps`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${PEER_VENV:-$(dirname "$here")/.venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "peer setup: creating virtualenv $venv" >&2
  "$python" -m venv "$venv"
fi
py="$venv/bin/python"

if "$py" -c 'import numpy, scipy, sksparse.cholmod, lattice_mc, pyamg' 2>/dev/null; then
  exit 0
fi

if ! "$py" -c 'import pyamg' 2>/dev/null; then
  echo "peer setup: installing pyamg 5.x (the algebraic multigrid peer of route 3)" >&2
  "$py" -m pip install --quiet 'pyamg>=5,<6'
fi

if ! "$py" -c 'import lattice_mc' 2>/dev/null; then
  echo "peer setup: installing lattice_mc 1.0.4 (the kinetic Monte Carlo peer)" >&2
  "$py" -m pip install --quiet lattice_mc==1.0.4
fi
if "$py" -c 'import numpy, scipy, sksparse.cholmod' 2>/dev/null; then
  exit 0
fi

if [ ! -f /usr/include/suitesparse/cholmod.h ]; then
  echo "peer setup: /usr/include/suitesparse/cholmod.h missing; install libsuitesparse-dev (make deps)" >&2
  exit 1
fi

echo "peer setup: installing numpy, scipy, cython, setuptools, wheel" >&2
"$py" -m pip install --quiet numpy scipy cython setuptools wheel
echo "peer setup: building scikit-sparse 0.4.16 against the system SuiteSparse" >&2
CFLAGS="-I/usr/include/suitesparse" "$py" -m pip install --quiet --no-build-isolation scikit-sparse==0.4.16
"$py" -c 'import numpy, scipy, sksparse.cholmod, lattice_mc' >/dev/null
echo "peer setup: done ($venv)" >&2
