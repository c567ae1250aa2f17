#!/usr/bin/env python3
"""Large-lattice benchmarks (docs/large-lattices.md), part of `make bench` (`harness.py
large-lattices`, or run alone after `swift build -c release --product ionscape-bench`).

  python3 benchmarks/large_lattices.py cores   [--size 160] [--repeats 3]
      one σ (li33, x = 0.5, seed 1, 403 K, certified default policy) on one core and on two, in
      the same run, interleaved: CHOLMOD with 1 and 2 BLAS threads, MUMPS on 1 and 2 ranks.
  python3 benchmarks/large_lattices.py memory  [--size 160] [--ranks 1,2,4]
      the peak resident memory (VmHWM) of every rank for MUMPS on 1, 2 and 4 ranks.
  python3 benchmarks/large_lattices.py big     [--size 320] [--ranks 2] [--out-of-core DIR]
      one large σ on MUMPS: time, bracket, peak memory per rank.
  python3 benchmarks/large_lattices.py project
      N_L = 400, 600, 800 on nodes of 64 cores and 256 GiB, from the measured records above
      (the model is printed with its assumptions).

Each prints a table and appends its records to benchmarks/out/large-lattices.json. Ranks are
launched with `mpirun --oversubscribe` (root allowed, as on CI). Python is tooling only.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("IONSCAPE_BENCH", os.path.join(ROOT, ".build", "release", "ionscape-bench"))
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OPENBLAS_NUM_THREADS="1")


def bench(args, ranks=None, timeout=4 * 3600):
    """One `ionscape-bench sigma-direct` run (under mpirun with `ranks`), its JSON record."""
    cmd = [BENCH, "sigma-direct", "--runs", "1"] + args
    if ranks is not None:
        cmd = ["mpirun", "--oversubscribe", "--mca", "mpi_yield_when_idle", "1", "-np", str(ranks)] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True, env=MPI_ENV, timeout=timeout)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr.strip().splitlines() or ["no output"])[-1], "command": " ".join(cmd)}
    record = json.loads(lines[-1])
    record["command"] = " ".join(cmd)
    peaks = re.search(r"rank_peak_mib=\[([0-9, ]+)\]", record.get("note", ""))
    record["rank_peak_mib"] = [int(v) for v in peaks.group(1).split(",")] if peaks else [round(record["peak_rss_mib"])]
    sigma = re.search(r"log10_sigma=(\S+)", record.get("note", ""))
    record["log10_sigma"] = float(sigma.group(1)) if sigma else None
    return record


def save(kind, records):
    os.makedirs(os.path.join(ROOT, "benchmarks", "out"), exist_ok=True)
    path = os.path.join(ROOT, "benchmarks", "out", "large-lattices.json")
    old = json.load(open(path)) if os.path.exists(path) else []
    old.append({"kind": kind, "records": records})
    with open(path + ".tmp", "w") as f:
        json.dump(old, f, indent=1)
    os.replace(path + ".tmp", path)


def cores(size, repeats):
    variants = [
        ("CHOLMOD, 1 core", ["--threads", "1", "--blas-threads", "1", "--concurrent-bracket", "0"], None),
        ("CHOLMOD, 2 BLAS threads", ["--threads", "2", "--blas-threads", "2"], None),
        ("MUMPS, 1 rank", ["--threads", "1", "--solver", "mumps", "--concurrent-bracket", "0"], 1),
        ("MUMPS, 2 ranks", ["--threads", "1", "--solver", "mumps", "--concurrent-bracket", "0"], 2),
    ]
    times = {name: [] for name, _, _ in variants}
    records = []
    for _ in range(repeats):
        for name, args, ranks in variants:   # interleaved, so load changes hit every variant
            r = bench(["--size", str(size)] + args, ranks)
            r["variant"] = name
            records.append(r)
            if "median_s" in r:
                times[name].append(r["median_s"])
            print(f"{name}: {r.get('median_s', r.get('error'))}", file=sys.stderr, flush=True)
    save("cores", records)
    median = {k: sorted(v)[len(v) // 2] if v else float("nan") for k, v in times.items()}
    print(f"one σ at N_L = {size}, medians of {repeats} interleaved runs")
    for name, _, _ in variants:
        sig = {r["log10_sigma"] for r in records if r.get("variant") == name and r.get("log10_sigma") is not None}
        print(f"  {name:28s} {median[name]:9.2f} s   runs {sorted(round(t, 2) for t in times[name])}   "
              f"distinct log10 σ: {len(sig)}")
    print(f"  speed-up CHOLMOD 2 BLAS threads / 1 core: {median['CHOLMOD, 1 core'] / median['CHOLMOD, 2 BLAS threads']:.2f}")
    print(f"  speed-up MUMPS 2 ranks / 1 rank:          {median['MUMPS, 1 rank'] / median['MUMPS, 2 ranks']:.2f}")
    print(f"  MUMPS 2 ranks against CHOLMOD 1 core:      {median['CHOLMOD, 1 core'] / median['MUMPS, 2 ranks']:.2f}")


def memory(size, ranks):
    records = []
    for p in ranks:
        r = bench(["--size", str(size), "--threads", "1", "--solver", "mumps", "--concurrent-bracket", "0"], p)
        r["ranks"] = p
        records.append(r)
        print(f"{p} ranks: {r.get('rank_peak_mib', r.get('error'))}", file=sys.stderr, flush=True)
    save("memory", records)
    base = max(records[0]["rank_peak_mib"]) if "rank_peak_mib" in records[0] else float("nan")
    print(f"peak memory per rank (VmHWM), MUMPS, N_L = {size}")
    for r in records:
        if "rank_peak_mib" not in r:
            print(f"  {r['ranks']} ranks: {r.get('error')}")
            continue
        peak = max(r["rank_peak_mib"])
        print(f"  {r['ranks']} ranks: {r['rank_peak_mib']} MiB, largest {peak} = {peak / base:.2f}× of 1 rank, "
              f"time {r['median_s']:.1f} s")


def big(size, ranks, out_of_core):
    args = ["--size", str(size), "--threads", "1", "--solver", "mumps", "--concurrent-bracket", "0"]
    if out_of_core:
        args += ["--out-of-core", out_of_core]
    r = bench(args, ranks)
    r["ranks"] = ranks
    save("big", [r])
    print(json.dumps(r, indent=1))


def note_value(record, key):
    m = re.search(key + r"=([0-9.e+-]+)", record.get("note", ""))
    return float(m.group(1)) if m else None


def project(node_cores=64, node_gib=256, efficiencies=(0.5, 0.25), cpu_seconds=None):
    """Scales the largest measured MUMPS σ to larger N_L.

    Measured (records in large-lattices.json): the factor's entries and flops (MUMPS INFOG(29),
    RINFOG(3)), MUMPS's total memory (INFOG(22)), each rank's peak memory, and the wall time.
    Model: nested dissection of a 3-D graph with n ∝ N_L³ unknowns — factor entries ∝ N_L⁴,
    flops ∝ N_L⁶ (exponents fitted between the two largest measured sizes when both exist);
    the replicated stages (whole network, window, reductions, bracket on every rank) take
    memory and time ∝ N_L³ per rank; the factorisation runs at the measured flop rate per core
    times an assumed parallel efficiency (printed), as this 2-core machine cannot measure it.
    """
    path = os.path.join(ROOT, "benchmarks", "out", "large-lattices.json")
    records = [r for run in json.load(open(path)) for r in run["records"] if "median_s" in r and note_value(r, "flops")]
    by_size = {}
    for r in records:
        by_size.setdefault(r["size"], []).append(r)
    sizes = sorted(by_size)
    big = min(by_size[sizes[-1]], key=lambda r: r["median_s"])
    n0 = big["size"]
    entries, flops = note_value(big, "factor_entries"), note_value(big, "flops")
    a, b = 4.0, 6.0
    if len(sizes) >= 2:
        small = min(by_size[sizes[-2]], key=lambda r: r["median_s"])
        ratio = n0 / small["size"]
        a = math.log(entries / note_value(small, "factor_entries")) / math.log(ratio)
        b = math.log(flops / note_value(small, "flops")) / math.log(ratio)
    ranks = len(big["rank_peak_mib"])
    mumps_max = note_value(big, "mumps_max_mb")
    replicated_gib = max(max(big["rank_peak_mib"]) - (mumps_max or 0), 0) / 1024
    factor_gib = note_value(big, "mumps_total_mb") / 1024
    # Flops per core-second of wall time, everything included; on a shared machine pass the
    # CPU time the ranks actually got (`--cpu-seconds`, e.g. from /usr/bin/time) instead.
    rate = flops / (cpu_seconds or big["median_s"] * ranks)
    print(f"from N_L = {n0} on {ranks} ranks: {big['median_s']:.0f} s, factor {entries:.3g} entries, {flops:.3g} flops, "
          f"MUMPS {factor_gib:.1f} GiB in total, replicated stages {replicated_gib:.1f} GiB per rank; "
          f"exponents entries ∝ N_L^{a:.2f}, flops ∝ N_L^{b:.2f}; {rate / 1e9:.2f} GF/s per core overall")
    print(f"nodes of {node_cores} cores and {node_gib} GiB; assumed parallel efficiency of the factorisation "
          + " and ".join(f"{e:.0%}" for e in efficiencies))
    for n in (400, 600, 800):
        scale = n / n0
        rep = replicated_gib * scale ** 3
        fac = factor_gib * scale ** a
        # Half of a node's usable memory for the replicated stages, the rest for the factor.
        per_node_ranks = max(1, min(node_cores, int(0.45 * node_gib / max(rep, 1e-9))))
        free = 0.9 * node_gib - per_node_ranks * rep
        nodes = max(1, math.ceil(fac / free))
        work = flops * scale ** b
        cores = nodes * per_node_ranks
        times = [work / (rate * cores * e) for e in efficiencies]
        print(f"  N_L = {n}: factor {fac:,.0f} GiB, replicated {rep:.1f} GiB per rank → {per_node_ranks} ranks per node, "
              f"{nodes} node(s); {work:.2g} flops → " + ", ".join(f"{t / 3600:.1f} h" for t in times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["cores", "memory", "big", "project"])
    parser.add_argument("--size", type=int)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ranks", default=None)
    parser.add_argument("--out-of-core", default=None)
    parser.add_argument("--cpu-seconds", type=float, default=None)
    a = parser.parse_args()
    if a.what == "cores":
        cores(a.size or 160, a.repeats)
    elif a.what == "memory":
        memory(a.size or 160, [int(v) for v in (a.ranks or "1,2,4").split(",")])
    elif a.what == "big":
        big(a.size or 320, int(a.ranks or 2), a.out_of_core)
    else:
        project(cpu_seconds=a.cpu_seconds)


if __name__ == "__main__":
    main()
