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
    if have_peer and (not only or "crosscheck" in only):
        crosscheck()
    os.makedirs(os.path.join(ROOT, "benchmarks", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "benchmarks", "out", "results.json.tmp"), "w") as f:
        json.dump([{"label": r[0], "size": r[1], "ionscape": r[2], "peer": r[3], "note": r[4]} for r in rows], f, indent=1)
    os.replace(os.path.join(ROOT, "benchmarks", "out", "results.json.tmp"),
               os.path.join(ROOT, "benchmarks", "out", "results.json"))


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
