#!/usr/bin/env python3
"""ac peer: σ(ω) of a periodic network written by `ionscape-bench ac-spectrum --write FILE`,
solved frequency by frequency with scipy's sparse LU (SuperLU) on the unwindowed complex system
(L + iωC)u = b, σ·V·a = Σ g(Δψ)² + iω Σ C u² (docs/model.md §14). The plain numpy/scipy way.

    ac.py FILE --frequencies N [--compare SPECTRUM]

Prints one JSON line: wall time of all frequencies, the time per frequency, peak RSS, and with
--compare (Ionscape's σ', σ'' per line, S/m) the largest relative difference |Δσ|/|σ|.
"""
import argparse
import json
import resource
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--frequencies", type=int, default=60)
    parser.add_argument("--compare")
    args = parser.parse_args()
    with open(args.file) as f:
        edge, a = f.readline().split()
        edge, a = int(edge), float(a)
        rest = [line.split() for line in f]
    nodes = sum(1 for r in rest if len(r) == 1)
    logc = np.array([float(r[0]) for r in rest[:nodes]])
    links = np.array([[float(v) for v in r] for r in rest[nodes:]])
    i, j, x, logg = links[:, 0].astype(int), links[:, 1].astype(int), links[:, 2], links[:, 3]
    g, c = np.exp(logg), np.exp(logc)
    n, volume = nodes, float(edge) ** 3
    start = time.perf_counter()
    lap = sp.coo_matrix((-g, (i, j)), shape=(n, n))
    lap = (lap + lap.T + sp.diags(np.bincount(i, g, n) + np.bincount(j, g, n))).tocsc()
    b = (np.bincount(j, g * x, n) - np.bincount(i, g * x, n)).astype(complex)
    freqs = np.logspace(0, 12, args.frequencies)
    sigma = []
    for f in freqs:
        w = 2 * np.pi * f
        u = spla.splu((lap + 1j * w * sp.diags(c)).tocsc()).solve(b)
        d = u[i] - u[j] + x
        sigma.append((np.sum(g * d * d) + 1j * w * np.sum(c * u * u)) / (volume * a))
    elapsed = time.perf_counter() - start
    record = {"stage": "ac-peer", "seconds": elapsed, "per_frequency_s": elapsed / len(freqs), "nodes": n,
              "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if args.compare:
        mine = np.loadtxt(args.compare)
        mine = mine[:, 0] + 1j * mine[:, 1]
        record["max_relative_difference"] = float(np.max(np.abs(mine - np.array(sigma)) / np.abs(np.array(sigma))))
    print(json.dumps(record))


if __name__ == "__main__":
    main()
