#!/usr/bin/env python3
"""Scaling studies for benchmarks/RESULTS.md (issue 8): time and peak memory vs lattice size
for landscape, Δ_c, route 1 and route 2; thread scaling of a realisation sweep; BLAS threads
for one large factorisation. Runs `.build/release/ionscape-bench` (build it first:
`swift build -c release --product ionscape-bench`), one process per measurement so peak RSS is
per stage, and writes benchmarks/out/scaling.json, benchmarks/scaling.png/.svg (log–log time
vs sites with fitted exponents) and benchmarks/out/scaling.md. Tooling only: never a
dependency of the engine.

usage: python3 benchmarks/scaling.py [sizes|threads|blas|all] [--max-sigma N]
"""
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "ionscape-bench")
OUT = os.path.join(ROOT, "benchmarks", "out")

SIZES = {
    "landscape": [25, 50, 100, 160, 256],
    "critical-barrier": [25, 50, 100, 160, 256],
    "sigma-direct": [20, 35, 50, 100, 160, 200],
    "sigma-kron": [20, 35, 50, 70],
}


def bench(stage, size, runs, *extra):
    cmd = [BENCH, stage, "--size", str(size), "--runs", str(runs)] + list(extra)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=7200)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"stage": stage, "size": size, "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(lines[-1])


def fit_exponent(points):
    """Least-squares slope of log t vs log sites."""
    xs = [math.log(p[0]) for p in points]
    ys = [math.log(p[1]) for p in points]
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def sizes_study(max_sigma):
    results = {}
    for stage, sizes in SIZES.items():
        results[stage] = []
        for n in sizes:
            if stage.startswith("sigma") and n > max_sigma:
                continue
            runs = 3 if n <= 100 else 1
            r = bench(stage, n, runs, "--threads", "2")
            print(json.dumps(r), file=sys.stderr, flush=True)
            results[stage].append(r)
            if "error" in r:
                break
    return results


def threads_study():
    rows = []
    for threads in (1, 2):
        r = bench("ea-sweep", 50, 3, "--threads", str(threads), "--realizations", "10")
        print(json.dumps(r), file=sys.stderr, flush=True)
        rows.append(r)
    return rows


def blas_study(size):
    rows = []
    for blas in (1, 2):
        r = bench("sigma-direct", size, 3, "--concurrent-bracket", "0", "--blas-threads", str(blas))
        print(json.dumps(r), file=sys.stderr, flush=True)
        rows.append(r)
    return rows


def plot(results):
    data_path = os.path.join(ROOT, "benchmarks", "scaling.dat")
    series = []
    with open(data_path, "w") as f:
        for stage, rows in results.items():
            pts = [(r["size"] ** 3, r["median_s"]) for r in rows if "median_s" in r]
            if not pts:
                continue
            exp = fit_exponent(pts)
            series.append((stage, exp))
            f.write(f"# {stage}\n")
            for s, t in pts:
                f.write(f"{s} {t}\n")
            f.write("\n\n")
    plots = ", ".join(f'"scaling.dat" index {k} with linespoints lw 2 pt 7 title "{s} (t ∝ N^{{{e:.2f}}})"'
                      for k, (s, e) in enumerate(series))
    for term, ext in (("pngcairo size 900,620 font 'Sans,11'", "png"), ("svg size 900,620 dynamic", "svg")):
        script = f"""set terminal {term}
set output "scaling.{ext}"
set logscale xy
set format x '10^{{%L}}'
set format y '10^{{%L}}'
set grid
set key left top
set title "Ionscape: time vs number of sites (2 cores, medians)"
set xlabel "sites N = N_L^3"
set ylabel "time (s)"
plot {plots}
"""
        subprocess.run(["gnuplot"], input=script, text=True, cwd=os.path.join(ROOT, "benchmarks"), check=True)
    return series


def markdown(results, series, threads, blas):
    lines = ["| stage | N_L | sites | median s | min–max s | peak MiB | note |", "|---|---|---|---|---|---|---|"]
    for stage, rows in results.items():
        for r in rows:
            if "median_s" in r:
                lines.append(f"| {stage} | {r['size']} | {r['size'] ** 3:,} | {r['median_s']:.3f} | "
                             f"{r['min_s']:.3f}–{r['max_s']:.3f} | {r['peak_rss_mib']:.0f} | {r.get('note', '')[:60]} |")
            else:
                lines.append(f"| {stage} | {r['size']} | {r['size'] ** 3:,} | – | – | – | {r['error'][:60]} |")
    lines.append("")
    lines.append("Fitted exponents (t ∝ N^k): " + ", ".join(f"{s}: k = {e:.2f}" for s, e in series))
    if threads and all("median_s" in r for r in threads):
        t1, t2 = threads[0]["median_s"], threads[1]["median_s"]
        same = threads[0].get("note") == threads[1].get("note")
        lines.append("")
        lines.append(f"Thread scaling (ea-sweep, N_L = 50, 26 x × 10 realisations): 1 thread {t1:.2f} s, "
                     f"2 threads {t2:.2f} s, parallel efficiency {t1 / (2 * t2):.0%}; results identical: {same}.")
    if blas and all("median_s" in r for r in blas):
        lines.append("")
        same = blas[0].get("note") == blas[1].get("note")
        lines.append(f"BLAS threads for one factorisation (sigma-direct N_L = {blas[0]['size']}, windows in turn): "
                     f"1 thread {blas[0]['median_s']:.2f} s, 2 threads {blas[1]['median_s']:.2f} s; "
                     f"same sigma to the last bit: {same}.")
    return "\n".join(lines) + "\n"


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    max_sigma = int(sys.argv[sys.argv.index("--max-sigma") + 1]) if "--max-sigma" in sys.argv else 160
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "scaling.json")
    state = json.load(open(path)) if os.path.exists(path) else {}
    if what in ("sizes", "all"):
        state["sizes"] = sizes_study(max_sigma)
    if what in ("threads", "all"):
        state["threads"] = threads_study()
    if what in ("blas", "all"):
        state["blas"] = blas_study(100)
    with open(path + ".tmp", "w") as f:
        json.dump(state, f, indent=1)
    os.replace(path + ".tmp", path)
    series = plot(state.get("sizes", {})) if state.get("sizes") else []
    text = markdown(state.get("sizes", {}), series, state.get("threads"), state.get("blas"))
    with open(os.path.join(OUT, "scaling.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
