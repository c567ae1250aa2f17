#!/usr/bin/env python3
"""Peer benchmark CLI: the model (docs/model.md) computed by a plain numpy + scipy + scikit-sparse code.

    peer.py landscape        --size N --runs R [--seed S] [--preset P] [--x X]
    peer.py critical-barrier --size N --runs R [--seed S] [--preset P] [--x X]
    peer.py sigma            --size N --runs R [--seed S] [--preset P] [--x X]
                             [--temperature T] [--window W] [--no-check | --converged]
    peer.py ea-sample        --size N --realizations R --x X --preset P [--seed S] [--point K]
    peer.py kmc-uniform      --size N --hops H      (lattice_mc, see kmc.py)
    peer.py kmc-disordered   --size N --hops H

Timing stages print one JSON line per timed quantity (median/min/max wall time over the
runs, peak RSS of the process, and the computed value as "note"). Every run uses the same
random stream (seed, point, realisation 0), so every run does identical work.
ea-sample prints one JSON line with the per-realisation Delta_c values.
"""
import argparse
import json
import sys
import time

import numpy as np

from barrier import critical_barrier
from conductivity import sigma_dc
from landscape import build_landscape
from sksparse.cholmod import CholmodError

#: docs/model.md §7 presets: y, V0 (eV), sigma_eps (units of V0), nu (Hz, first listed value)
PRESETS = {
    "li33": dict(y=0.33, v0=0.64, sigma_eps=0.42, nu=4e14),
    "na35": dict(y=0.35, v0=0.76, sigma_eps=0.30, nu=5e14),
    "na40": dict(y=0.40, v0=0.93, sigma_eps=0.25, nu=1e14),
}
F0 = 0.05                 # vacancy fraction (docs/model.md §7)
U0_OVER_V0 = 0.1          # u0 = 0.1 V0 (docs/model.md §7)
LATTICE_CONSTANT = 5e-10  # a = 5 Å, in metres


def peak_rss_mib():
    """Peak resident set size of this process (VmHWM), in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def rng_for(seed, point, realisation):
    """Independent stream for realisation r of composition point p under master seed s."""
    return np.random.default_rng(np.random.SeedSequence([seed, point, realisation]))


def make_landscape(args, realisation=0):
    p = PRESETS[args.preset]
    return build_landscape(args.size, args.x, p["y"], p["v0"], p["sigma_eps"], F0,
                           rng_for(args.seed, args.point, realisation))


def record(stage, args, times, note, rss=None):
    times = sorted(times)
    return json.dumps({
        "stage": stage, "size": args.size, "runs": len(times),
        "median_s": float(np.median(times)), "min_s": times[0], "max_s": times[-1],
        "peak_rss_mib": peak_rss_mib() if rss is None else rss, "note": note,
    })


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def stage_landscape(args):
    times = []
    for _ in range(args.runs):
        land, t = timed(lambda: make_landscape(args))
        times.append(t)
    print(record("landscape", args, times,
                 f"N_acc={land.energies.size} N={land.ions} mean_eps={land.energies.mean():.6f} eV "
                 f"lost_charge={land.lost_charge_fraction:.6f}"))


def stage_critical_barrier(args):
    u0 = U0_OVER_V0 * PRESETS[args.preset]["v0"]
    t_land, t_dc = [], []
    for _ in range(args.runs):
        land, t = timed(lambda: make_landscape(args))
        t_land.append(t)
        delta_c, t = timed(lambda: critical_barrier(land, u0))
        t_dc.append(t)
        n_acc = land.energies.size
        del land
    note = f"Delta_c={delta_c:.12f} eV"
    print(record("critical-barrier.landscape", args, t_land, f"N_acc={n_acc}"))
    print(record("critical-barrier", args, t_dc, note))
    print(record("landscape+critical-barrier", args, [a + b for a, b in zip(t_land, t_dc)], note))


def stage_sigma(args):
    p = PRESETS[args.preset]
    u0 = U0_OVER_V0 * p["v0"]
    land = make_landscape(args)
    times = []
    for _ in range(args.runs):
        (sigma, solve), t = timed(lambda: sigma_dc(land, args.temperature, p["nu"], u0,
                                                   LATTICE_CONSTANT, args.window))
        if args.converged:   # the 100 W solve timed too: the work of Ionscape's default route 1
            (wider, _), t_wider = timed(lambda: sigma_dc(land, args.temperature, p["nu"], u0,
                                                          LATTICE_CONSTANT, 100 * args.window))
            t += t_wider
        times.append(t)
    rss = peak_rss_mib()
    # convergence check (untimed, after the peak RSS is read): the same solve at 100 W
    check = "100W_check=skipped"
    if args.converged:
        check = f"rel_change_at_100W={abs(wider - sigma) / wider:.3e} (both windows timed; sigma is W's)"
    elif not args.no_check:
        try:
            wider, _ = sigma_dc(land, args.temperature, p["nu"], u0, LATTICE_CONSTANT, 100 * args.window)
            check = f"rel_change_at_100W={abs(wider - sigma) / sigma:.3e}"
        except (ValueError, CholmodError) as error:  # CHOLMOD may fail for a spread of (100 W)^2
            check = f"100W_check_failed={type(error).__name__}"
    note = (f"sigma={sigma:.10e} S/cm T={args.temperature} K W={args.window:g} "
            f"solved_nodes={solve.solved_nodes} kept_links={solve.kept_links} "
            f"contracted={solve.contracted_links} dropped={solve.dropped_links} {check} "
            f"(timed: mu, conductances, g_b, window, CHOLMOD; landscape excluded)")
    print(record("sigma", args, times, note, rss))


def stage_ea_sample(args):
    u0 = U0_OVER_V0 * PRESETS[args.preset]["v0"]
    values, lost = [], []
    for r in range(args.realizations):
        land = make_landscape(args, r)
        values.append(critical_barrier(land, u0))
        lost.append(land.lost_charge_fraction)
    v = np.array(values)
    stderr = float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else float("nan")
    print(json.dumps({
        "stage": "ea-sample", "preset": args.preset, "x": args.x, "y": PRESETS[args.preset]["y"],
        "size": args.size, "seed": args.seed, "point": args.point, "realizations": v.size,
        "values": values, "mean": float(v.mean()), "stderr": stderr,
        "lost_charge_fraction_mean": float(np.mean(lost)),
    }))


def stage_kmc(disordered):
    def run(args):
        import kmc
        rate, seconds = kmc.hops_per_second(args.size, disordered, args.hops)
        print(json.dumps({
            "stage": "kmc-disordered" if disordered else "kmc-uniform", "size": args.size, "runs": 1,
            "median_s": seconds, "min_s": seconds, "max_s": seconds, "peak_rss_mib": peak_rss_mib(),
            "events_per_s": rate, "note": f"lattice_mc 1.0.4: {args.hops} hops in {seconds:.3f} s",
        }))
    return run


STAGES = {
    "kmc-uniform": stage_kmc(False),
    "kmc-disordered": stage_kmc(True),
    "landscape": stage_landscape,
    "critical-barrier": stage_critical_barrier,
    "sigma": stage_sigma,
    "ea-sample": stage_ea_sample,
}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--size", type=int, default=100, help="N_L (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="timed repetitions (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="master seed (default 1)")
    parser.add_argument("--point", type=int, default=0, help="composition point index in the stream key")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="li33")
    parser.add_argument("--x", type=float, default=0.5, help="boron fraction x (default 0.5)")
    parser.add_argument("--temperature", type=float, default=403.0, help="K (sigma; default 403)")
    parser.add_argument("--window", type=float, default=1e4, help="window W (sigma; default 1e4)")
    parser.add_argument("--converged", action="store_true",
                        help="sigma: time the W and 100 W solves together (Ionscape's default route 1 work)")
    parser.add_argument("--no-check", action="store_true",
                        help="sigma: skip the untimed convergence solve at 100 W")
    parser.add_argument("--realizations", type=int, default=20, help="ea-sample realisations (default 20)")
    parser.add_argument("--hops", type=int, default=20, help="kmc: timed hops (default 20)")
    args = parser.parse_args(argv)
    if args.size < 4:
        parser.error(f"--size {args.size} outside the accepted range N_L >= 4")
    if args.runs < 1 or args.realizations < 1:
        parser.error("--runs and --realizations must be >= 1")
    if not args.window >= 1:
        parser.error(f"--window {args.window} outside the accepted range W >= 1")
    try:
        STAGES[args.stage](args)
    except (ValueError, CholmodError) as error:
        print(f"peer.py {args.stage}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
