#!/usr/bin/env python3
"""Benchmark harness for `make bench`.

Runs each Ionscape stage (`ionscape-bench STAGE`) and, where one exists, the numpy/scipy
peer's equivalent (`benchmarks/peer/peer.py STAGE`) in the same run, each in its own
process (so peak RSS is per stage), and prints one table: stage, size, median of the runs,
min-max, peak memory, and the ratio Ionscape/peer. Results are also written to
benchmarks/out/results.json. Python here is tooling only, never a dependency of the engine.
"""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "ionscape-bench")
VENV_PY = os.path.join(ROOT, "benchmarks", ".venv", "bin", "python")
PEER = os.path.join(ROOT, "benchmarks", "peer", "peer.py")

# (label, ionscape stage, size, runs, extra args, peer (stage, JSON line name, peer args) or None)
# σ route 1 is compared three ways: Ionscape's default certified solve (the first window whose
# certified bracket is within 1e-3, bracket included) against the peer solving the single window
# W = 1e4 without any check; the same single window in both codes (Ionscape's --window 1e4 still
# computes its bracket); and against the peer's converged work (its W = 1e4 and 1e6 solves).
PEER_W = ("sigma", "sigma", ["--no-check"])
PEER_CONVERGED = ("sigma", "sigma", ["--converged"])
FIXED = ["--fixed-window", "1e4"]
PLAN = [
    ("landscape", "landscape", 100, 5, [], ("landscape", "landscape", [])),
    ("Δc (ε_F included)", "critical-barrier", 100, 5, [], ("critical-barrier", "critical-barrier", [])),
    ("landscape + Δc", "landscape-critical-barrier", 100, 5, [], ("critical-barrier", "landscape+critical-barrier", [])),
    ("σ route 1 (CHOLMOD)", "sigma-direct", 35, 5, [], None),
    ("σ route 2 (Kron)", "sigma-kron", 35, 5, [], None),
    ("σ route 1 certified / peer W=1e4", "sigma-direct", 100, 5, [], PEER_W),
    ("σ route 1 W=1e4 / peer W=1e4", "sigma-direct", 100, 5, FIXED, PEER_W),
    ("σ route 1 certified / peer converged", "sigma-direct", 100, 5, [], PEER_CONVERGED),
    ("σ route 1 certified / peer W=1e4", "sigma-direct", 160, 3, [], PEER_W),
    ("σ route 1 W=1e4 / peer W=1e4", "sigma-direct", 160, 3, FIXED, PEER_W),
    ("σ route 1 certified / peer converged", "sigma-direct", 160, 1, [], PEER_CONVERGED),
    ("CAIT default run (K⁺, NPP)", "cait", 0, 5, [], None),
    ("CAIT Cs⁺ (NPP)", "cait", 0, 5, ["--foreign", "Cs"], None),
    ("CAIT K⁺, electroneutral model", "cait", 0, 5, ["--model", "electroneutral"], None),
    ("CAIT fit (synthetic, 60 depths)", "cait-fit", 0, 3, [], None),
    ("cait-fit README (Rb⁺, FWHM 0.3 start)", "cait-fit-readme", 0, 3, [], None),
    ("cait-fit README, electroneutral model", "cait-fit-readme", 0, 3, ["--model", "electroneutral"], None),
    ("E_a sweep 26x × 20r", "ea-sweep", 100, 1, [], None),
    ("σ sweep 6x × 30r × 3T", "sigma-sweep", 35, 1, [], None),
]


def run_json(cmd, name=None):
    try:
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=3600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, FileNotFoundError) as err:
        msg = getattr(err, "stderr", "") or str(err)
        return {"error": msg.strip().splitlines()[-1] if msg.strip() else str(err)}
    records = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
    if name is not None:
        records = [r for r in records if r.get("stage") == name]
    return records[-1] if records else {"error": "no JSON output"}


def available_stages():
    out = subprocess.run([BENCH], capture_output=True, text=True)
    text = out.stderr.split("stages:")[-1]
    return {s.strip() for s in text.split(",")}


def main():
    only = set(sys.argv[1:])
    stages = available_stages()
    have_peer = os.path.exists(VENV_PY) and os.path.exists(PEER)
    rows = []
    peer_runs = {}
    for label, stage, size, runs, extra, peer_spec in PLAN:
        if only and stage not in only:
            continue
        if stage not in stages:
            rows.append((label, size, None, None, "stage not built"))
            continue
        mine = run_json([BENCH, stage, "--size", str(size), "--runs", str(runs)] + extra)
        peer = None
        if peer_spec and have_peer:
            peer_stage, line, peer_extra = peer_spec
            key = (peer_stage, size, tuple(peer_extra))
            if key not in peer_runs:
                cmd = [VENV_PY, PEER, peer_stage, "--size", str(size), "--runs", str(runs)] + peer_extra
                try:
                    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=3600).stdout
                    peer_runs[key] = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
                except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
                    peer_runs[key] = [{"stage": line, "error": str(err)}]
            matches = [r for r in peer_runs[key] if r.get("stage") == line]
            peer = matches[-1] if matches else {"error": "peer printed no " + line}
        rows.append((label, size, mine, peer, ""))
        print_row(rows[-1], file=sys.stderr)
    print_table(rows)
    kmc_rows = kmc_section(have_peer) if not only or "kmc" in only else []
    if have_peer and (not only or "crosscheck" in only):
        crosscheck()
    if not only or "large-lattices" in only:
        # One σ on one and two cores, and per-rank memory over MPI ranks (docs/large-lattices.md);
        # the N_L = 320 run is `python3 benchmarks/large_lattices.py big` (an hour or more).
        for what in ("cores", "memory"):
            print()
            subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "large_lattices.py"), what])
    ac_rows = ac_section(have_peer) if not only or "ac" in only else []
    amg_rows = amg_section(have_peer) if not only or "amg" in only else []
    distributed_rows = []
    if not only or "distributed" in only:
        import distributed   # sweeps over MPI ranks: benchmarks/distributed.py
        distributed_rows = distributed.main()
    os.makedirs(os.path.join(ROOT, "benchmarks", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "benchmarks", "out", "results.json.tmp"), "w") as f:
        json.dump([{"label": r[0], "size": r[1], "ionscape": r[2], "peer": r[3], "note": r[4]} for r in rows] + kmc_rows
                  + ac_rows + amg_rows + [{"distributed": distributed_rows}], f, indent=1)
    os.replace(os.path.join(ROOT, "benchmarks", "out", "results.json.tmp"),
               os.path.join(ROOT, "benchmarks", "out", "results.json"))


# Kinetic Monte Carlo (issue 13): hops per second on one core at N_L = 40, half filled, against
# lattice_mc on the same lattice gas (benchmarks/peer/kmc.py), and `ionscape diffusion` over 20
# fillings at N_L = 35. Goals: ≥ 50× the peer's hops/s and ≥ 5e6 hops/s; diffusion ≤ 10 s.
KMC_PLAN = [
    ("KMC uniform lattice gas, c = 0.5", "kmc-uniform", 40),
    ("KMC Gaussian energies 0.1 eV, 1000 K, c = 0.5", "kmc-disordered", 40),
]
KMC_RUNS = 5
PEER_HOPS = 20
DIFFUSION = ["diffusion", "--size", "35", "--filling", "0.025:0.975:0.05", "--realizations", "1", "--x", "0.5",
             "--temperature", "353", "--format", "csv", "--quiet"]


def kmc_section(have_peer):
    """Prints the KMC table and returns its rows for results.json."""
    import statistics
    rows = []
    print("\nKinetic Monte Carlo, hops per second on one core (median of %d runs of 2e6 hops; CPU: per second of "
          "the thread's CPU time)" % KMC_RUNS)
    for label, stage, size in KMC_PLAN:
        wall, cpu = [], []
        for _ in range(KMC_RUNS):
            r = run_json([BENCH, stage, "--size", str(size), "--runs", "1"])
            if "error" in r:
                break
            words = r["note"].split()
            wall.append(float(words[1]))
            cpu.append(float(words[5].rstrip(")")))
        peer = run_json([VENV_PY, PEER, stage, "--size", str(size), "--hops", str(PEER_HOPS)]) if have_peer else None
        mine = statistics.median(wall) if wall else None
        mine_cpu = statistics.median(cpu) if cpu else None
        peer_rate = peer.get("events_per_s") if peer else None
        ratio = mine / peer_rate if mine and peer_rate else None
        rows.append({"label": label, "size": size, "hops_per_s": mine, "hops_per_cpu_s": mine_cpu,
                     "peer_hops_per_s": peer_rate, "ratio": ratio})
        print(f"  {label} (N_L = {size}): Ionscape {mine or float('nan'):.3g} hops/s (CPU {mine_cpu or float('nan'):.3g}), "
              f"lattice_mc {peer_rate or float('nan'):.3g} hops/s ({PEER_HOPS} hops), ratio {ratio or float('nan'):.3g}; "
              f"goals ≥ 50× {'met' if ratio and ratio >= 50 else 'NOT met'}, ≥ 5e6 hops/s "
              f"{'met' if mine and mine >= 5e6 else 'NOT met'}")
    ionscape = os.path.join(ROOT, ".build", "release", "ionscape")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run([ionscape] + DIFFUSION, capture_output=True, text=True)
        if out.returncode != 0:
            break
        times.append(time.perf_counter() - start)
    median = statistics.median(times) if times else None
    rows.append({"label": "ionscape diffusion, 20 fillings", "size": 35, "median_s": median})
    print(f"  ionscape {' '.join(DIFFUSION[:-3])}: median {median or float('nan'):.2f} s of 3 "
          f"(goal ≤ 10 s {'met' if median and median <= 10 else 'NOT met'})")
    return rows


# ac conductivity (docs/model.md §14): a 60-frequency spectrum (1 Hz to 1 THz) of the li33
# landscape of the sigma-direct stage against one certified dc σ of the same landscape (goal ≤ 2×),
# and against scipy's sparse LU per frequency on the unwindowed complex system (benchmarks/peer/ac.py,
# goal Ionscape ≥ 20× faster): in full at N_L = 20, and at N_L = 35 over 6 of the 60 frequencies
# (one LU each; the per-frequency time × 60 is the spectrum's), with the spectra compared.
AC_RUNS = 3
# Route 3: solver-level sizes (the peer only up to AMG_PEER_MAX: it does not converge), and the
# whole certified σ.
AMG_SIZES = (100, 200)
AMG_PEER_MAX = 100
AMG_SIGMA_SIZES = (200,)


def ac_section(have_peer):
    rows = []
    out = os.path.join(ROOT, "benchmarks", "out")
    os.makedirs(out, exist_ok=True)
    print("\nac conductivity: a 60-frequency spectrum (1 Hz–1 THz, li33 x = 0.5, 403 K)")
    for size, peer_frequencies in ((20, 60), (35, 6)):
        network, spectrum = os.path.join(out, f"ac-network-{size}.txt"), os.path.join(out, f"ac-spectrum-{size}.txt")
        ac = run_json([BENCH, "ac-spectrum", "--size", str(size), "--runs", str(AC_RUNS), "--write", network,
                       "--spectrum", spectrum])
        dc = run_json([BENCH, "sigma-direct", "--size", str(size), "--runs", "5"])
        peer = run_json([VENV_PY, os.path.join(ROOT, "benchmarks", "peer", "ac.py"), network, "--frequencies",
                         str(peer_frequencies)] + (["--compare", spectrum] if peer_frequencies == 60 else [])) if have_peer else {}
        mine, dc_time = ac.get("median_s"), dc.get("median_s")
        peer_spectrum = peer.get("per_frequency_s", 0) * 60 if "per_frequency_s" in peer else None
        row = {"label": "ac spectrum, 60 frequencies", "size": size, "ionscape_s": mine, "dc_sigma_s": dc_time,
               "ratio_to_dc": mine / dc_time if mine and dc_time else None, "peer_spectrum_s": peer_spectrum,
               "peer_frequencies_timed": peer_frequencies, "speedup_vs_peer": peer_spectrum / mine if peer_spectrum and mine else None,
               "peer_max_relative_difference": peer.get("max_relative_difference"),
               "ionscape_peak_rss_mib": ac.get("peak_rss_mib"), "peer_peak_rss_mib": peer.get("peak_rss_mib"),
               "note": ac.get("note", ac.get("error"))}
        rows.append(row)
        fmt = lambda v, f="%.3g": (f % v) if isinstance(v, (int, float)) else "-"
        print(f"  N_L = {size}: Ionscape {fmt(mine)} s (median of {AC_RUNS}), one certified dc σ {fmt(dc_time)} s: "
              f"ratio {fmt(row['ratio_to_dc'])} (goal ≤ 2 {'met' if row['ratio_to_dc'] and row['ratio_to_dc'] <= 2 else 'NOT met'}); "
              f"scipy LU per frequency {fmt(peer.get('per_frequency_s'))} s ({peer_frequencies} timed) → spectrum "
              f"{fmt(peer_spectrum)} s: Ionscape {fmt(row['speedup_vs_peer'])}× faster (goal ≥ 20× "
              f"{'met' if row['speedup_vs_peer'] and row['speedup_vs_peer'] >= 20 else 'NOT met'})"
              + (f"; spectra differ by ≤ {fmt(peer.get('max_relative_difference'), '%.2g')}" if peer.get("max_relative_difference") else ""))
    return rows


def amg_section(have_peer):
    """Route 3 (issue 22): the same windowed system (li33, x = 0.4, 300 K, W = 1e6) solved by
    Ionscape's CG + BoomerAMG to a relative residual of 1e-10, by CHOLMOD, and by the pyamg peer
    (Ruge–Stüben + CG, same residual); then whole certified σ's by route 3 and route 1."""
    rows = []
    out = os.path.join(ROOT, "benchmarks", "out")
    os.makedirs(out, exist_ok=True)
    fmt = lambda v, f="%.3g": (f % v) if isinstance(v, (int, float)) else "-"
    print("\nroute 3: CG + BoomerAMG on route 1's windowed system (li33, x = 0.4, 300 K, W = 1e6), one core")
    for size in AMG_SIZES:
        path = os.path.join(out, f"amg-system-{size}.bin")
        amg = run_json([BENCH, "amg-system", "--size", str(size), "--runs", "3", "--threads", "1", "--write", path])
        chol = run_json([BENCH, "amg-system", "--size", str(size), "--runs", "3", "--threads", "1", "--solver", "cholmod"])
        peer = run_json([VENV_PY, os.path.join(ROOT, "benchmarks", "peer", "amg.py"), path]) if have_peer and size <= AMG_PEER_MAX else {}
        row = {"size": size, "amg_s": amg.get("median_s"), "cholmod_s": chol.get("median_s"), "pyamg_s": peer.get("median_s"),
               "pyamg_iterations": peer.get("iterations"), "pyamg_residual": peer.get("relative_residual"),
               "amg_note": amg.get("note", amg.get("error")), "amg_peak_rss_mib": amg.get("peak_rss_mib"),
               "cholmod_peak_rss_mib": chol.get("peak_rss_mib")}
        rows.append(row)
        ratio = row["cholmod_s"] / row["amg_s"] if row["amg_s"] and row["cholmod_s"] else None
        peer_ratio = row["pyamg_s"] / row["amg_s"] if row["amg_s"] and row["pyamg_s"] else None
        print(f"  N_L = {size}: AMG {fmt(row['amg_s'])} s ({row['amg_note']}), CHOLMOD {fmt(row['cholmod_s'])} s → "
              f"AMG {fmt(ratio)}× faster; pyamg {fmt(row['pyamg_s'])} s ({peer.get('iterations', '-')} iterations, residual "
              f"{fmt(peer.get('relative_residual'), '%.1e')}) → Ionscape {fmt(peer_ratio)}× faster")
    for size in AMG_SIGMA_SIZES:
        both = {s: run_json([BENCH, "sigma-direct", "--size", str(size), "--runs", "3", "--threads", "1", "--x", "0.4",
                             "--temperature", "300", "--solver", s]) for s in ("cholmod", "amg")}
        a, c = both["amg"].get("median_s"), both["cholmod"].get("median_s")
        rows.append({"size": size, "sigma_amg_s": a, "sigma_cholmod_s": c})
        print(f"  certified σ, N_L = {size} (default widening): route 3 {fmt(a)} s, route 1 {fmt(c)} s "
              f"(ratio {fmt(c / a if a and c else None)})")
    return rows


def crosscheck(size=100, realizations=20, x=0.5, preset="li33"):
    """Independent cross-check (issue 8): the peer's E_a mean against Ionscape's, each from its
    own random streams, must agree within 3 combined standard errors."""
    ionscape = os.path.join(ROOT, ".build", "release", "ionscape")
    common = ["--size", str(size), "--realizations", str(realizations), "--x", str(x), "--preset", preset]
    peer = run_json([VENV_PY, PEER, "ea-sample"] + common)
    out = subprocess.run([ionscape, "ea", "--format", "csv", "--quiet"] + common, capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    if "error" in peer or out.returncode != 0 or len(lines) < 2:
        print(f"\ncross-check failed to run: {peer.get('error', out.stderr.strip())}")
        return
    mine = dict(zip(lines[0].split(","), map(float, lines[1].split(","))))
    se = (mine["Ea_se_eV"] ** 2 + peer["stderr"] ** 2) ** 0.5
    z = (mine["Ea_eV"] - peer["mean"]) / se
    verdict = "agree" if abs(z) <= 3 else "DISAGREE"
    print(f"\ncross-check E_a ({preset}, x = {x}, N_L = {size}, R = {realizations}): "
          f"Ionscape {mine['Ea_eV']:.5f} ± {mine['Ea_se_eV']:.5f} eV, peer {peer['mean']:.5f} ± {peer['stderr']:.5f} eV, "
          f"z = {z:+.2f} ({verdict} within 3 SE)")


def fmt_row(row):
    label, size, mine, peer, note = row
    if mine is None or "error" in (mine or {}):
        return [label, str(size or "-"), "-", "-", "-", "-", "-", "-", note or (mine or {}).get("error", "")]
    med, lo, hi, rss = mine["median_s"], mine["min_s"], mine["max_s"], mine["peak_rss_mib"]
    ratio = peer_med = peer_rss = "-"
    if peer and "median_s" in peer:
        peer_med = f"{peer['median_s']:.3f}"
        peer_rss = f"{peer['peak_rss_mib']:.0f}"
        ratio = f"{med / peer['median_s']:.2f}"
    elif peer:
        peer_med = "error"
    return [label, str(size or "-"), f"{med:.3f}", f"{lo:.3f}–{hi:.3f}", f"{rss:.0f}", peer_med, peer_rss, ratio,
            mine.get("note", "")[:48]]


HEADER = ["stage", "N_L", "median s", "min–max s", "peak MiB", "peer s", "peer MiB", "ratio", "note"]


def print_row(row, file):
    print("  ".join(fmt_row(row)), file=file, flush=True)


def print_table(rows):
    cells = [HEADER] + [fmt_row(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    for k, c in enumerate(cells):
        print("  ".join(v.ljust(w) for v, w in zip(c, widths)))
        if k == 0:
            print("  ".join("─" * w for w in widths))


if __name__ == "__main__":
    main()
