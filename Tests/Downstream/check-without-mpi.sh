#!/usr/bin/env bash
# Builds and runs the downstream package (Tests/Downstream) on this machine with every file of
# Open MPI, MUMPS and hypre hidden: inside a private mount namespace each file those Debian packages
# installed is covered by /dev/null, so their headers, libraries and pkg-config files cannot be
# found. Needs root (unshare, mount). The core libraries must build, link and compute a σ.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
packages=$(dpkg-query -W -f='${Package}\n' 'libopenmpi*' 'openmpi*' 'libmumps*' 'libhypre*' 'mpi-default*' 2>/dev/null | sort -u)
scratch=${DOWNSTREAM_SCRATCH:-$here/.build-downstream}
exec unshare -m bash -s "$here" "$scratch" $packages <<'INNER'
set -euo pipefail
here=$1; scratch=$2; shift 2
hidden=0
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || continue
  while IFS= read -r f; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then mount --bind /dev/null "$f"; hidden=$((hidden + 1)); fi
  done < <(dpkg -L "$p")
done
echo "downstream: hid $hidden files of: $*"
if pkg-config --exists ompi-c 2>/dev/null; then echo "downstream: ompi-c still visible" >&2; exit 1; fi
if [ -s /usr/include/dmumps_c.h ]; then echo "downstream: MUMPS headers still visible" >&2; exit 1; fi
if [ -s /usr/include/hypre/HYPRE.h ]; then echo "downstream: hypre headers still visible" >&2; exit 1; fi
cd "$here"
swift build --scratch-path "$scratch" 2>&1 | tail -n 3
binary="$scratch/debug/sigma-without-mpi"
if ldd "$binary" | grep -E "libmpi|mumps|HYPRE"; then echo "downstream: links MPI, MUMPS or hypre" >&2; exit 1; fi
"$binary"
INNER
