#!/usr/bin/env python3
"""Route 3's peer: pyamg's Ruge–Stüben AMG as a CG preconditioner on the windowed system that
`ionscape-bench amg-system --write FILE` wrote (format in benchmarks/Sources/ionscape-bench/AMGBench.swift).

Solves to the same relative residual as Ionscape's stage (1e-10) with pyamg's defaults for
`ruge_stuben_solver` (classical strength 0.25, RS coarsening, direct interpolation, symmetric
Gauss–Seidel) and `solve(..., accel='cg')`, which is how a numpy/scipy user would do it.
Prints one JSON line: median over --runs of set-up + solve, iterations, levels, operator
complexity, the true relative residual and peak RSS.
"""
import argparse
import json
import resource
import statistics
import time

import numpy as np
import pyamg
import scipy.sparse as sp


def load(path):
    raw = open(path, "rb").read()
    n, m = np.frombuffer(raw, dtype="<i8", count=2)
    off = 16
    def take(count, dtype):
        nonlocal off
        a = np.frombuffer(raw, dtype=dtype, count=count, offset=off)
        off += a.nbytes
        return a
    diagonal = take(n, "<f8")
    first = take(m, "<i8")
    second = take(m, "<i8")
    g = take(m, "<f8")
    rhs = take(n, "<f8")
    rows = np.concatenate([np.arange(n), first, second])
    cols = np.concatenate([np.arange(n), second, first])
    vals = np.concatenate([diagonal, -g, -g])
    return sp.csr_matrix((vals, (rows, cols)), shape=(n, n)), rhs.copy()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("system")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--tol", type=float, default=1e-10)
    a = p.parse_args()
    A, b = load(a.system)
    times, residuals = [], []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        ml = pyamg.ruge_stuben_solver(A)
        history = []
        x = ml.solve(b, tol=a.tol, accel="cg", residuals=history, maxiter=2000)
        times.append(time.perf_counter() - t0)
        residuals.append(np.linalg.norm(b - A @ x) / np.linalg.norm(b))
    print(json.dumps({"stage": "amg-system", "median_s": statistics.median(times), "min_s": min(times),
                      "max_s": max(times), "runs": a.runs, "unknowns": int(A.shape[0]),
                      "iterations": len(history) - 1, "levels": len(ml.levels),
                      "operator_complexity": ml.operator_complexity(), "relative_residual": max(residuals),
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
