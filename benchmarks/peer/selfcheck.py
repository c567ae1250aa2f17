#!/usr/bin/env python3
"""Self-checks of the peer against independent references (closed forms, brute force,
dense linear algebra, effective-medium theory). Prints one line per check and a closing
'N passed, N failed' line; exits non-zero on any failure.

    benchmarks/.venv/bin/python benchmarks/peer/selfcheck.py
"""
import sys
from collections import deque

import numpy as np

from barrier import critical_barrier
from conductivity import log_conductances, sigma_from_conductance, windowed_conductance
from landscape import Landscape, build_landscape, countercharges, select_neighbours
from links import electrode_nodes, ion_links
from nfu import CHARGE, NBO, UNITS, fractions_from_r, nfu_fractions
from occupation import K_B_EV, chemical_potential, fermi_level
from conductivity import ELEMENTARY_CHARGE

RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}")


def rng(*key):
    return np.random.default_rng(np.random.SeedSequence(list(key)))


# ---------------------------------------------------------------- §2 NFU fractions
def check_nfu():
    f = dict(zip(UNITS, nfu_fractions(1.0, 1.0 / 3.0)))
    # closed form: r = 1/2, B4 = (3-r)/6 = 5/12, B2 = r - 5/12 = 1/12, B3 = 1/2
    ok = abs(f["B3"] - 0.5) < 1e-14 and abs(f["B4"] - 5 / 12) < 1e-14 and abs(f["B2"] - 1 / 12) < 1e-14
    check("NFU borate end member x=1, y=1/3 -> B3/B4/B2 = 0.5/0.4167/0.0833", ok,
          f"got {f['B3']:.6f}/{f['B4']:.6f}/{f['B2']:.6f}")
    r = 3 / 7   # N4 = r holds up to r = 3/7 for borates
    got = fractions_from_r(1.0, r)[0]
    check("NFU borate N4 = r at r = 3/7", abs(got - r) < 1e-15, f"B4 = {got:.15f}")
    p = dict(zip(UNITS, nfu_fractions(0.0, 0.5)))   # r = 1: every P carries one charge
    check("NFU phosphate end member x=0, y=1/2 -> all P2", abs(p["P2"] - 1) < 1e-15 and p["P3"] == 0,
          f"P3/P2/P1/P0 = {p['P3']}/{p['P2']}/{p['P1']}/{p['P0']}")
    worst = 0.0
    negative = False
    for x in np.linspace(0, 1, 26):
        for y in np.linspace(0.30, 0.50, 9):
            try:
                fr = nfu_fractions(x, y)
            except ValueError:
                continue
            r = y / (1 - y)
            negative |= bool((fr < -1e-15).any())
            worst = max(worst, abs(fr[:3].sum() - x), abs(fr[3:].sum() - (1 - x)),
                        abs(-(fr * CHARGE).sum() - r), max(0.0, fr[0] - (3 - r) / 6))
    check("NFU group sums, charge balance and B4 <= (3-r)/6 on a grid", worst < 1e-12 and not negative,
          f"worst residual {worst:.2e}")
    try:
        nfu_fractions(1.0, 0.6)   # r = 1.5 > B4 + B2 capacity 0.25 + 0.75
        check("NFU infeasible composition raises", False)
    except ValueError as error:
        check("NFU infeasible composition raises", "infeasible" in str(error), str(error)[:60])
    try:
        nfu_fractions(0.5, 0.2)
        check("NFU y outside [0.30, 0.60] raises", False)
    except ValueError as error:
        check("NFU y outside [0.30, 0.60] raises", "0.30" in str(error), str(error)[:60])


# ---------------------------------------------------------------- §3 landscape
def brute_neighbours(n, i, j, k):
    """The model's rule (docs/model.md §3) written out: NFU (i,j,k) touches (i-d1, j-d2, k-d3) mod n."""
    return [(((i - d1) % n) * n + (j - d2) % n) * n + (k - d3) % n
            for d1 in (0, 1) for d2 in (0, 1) for d3 in (0, 1)]


def check_landscape():
    n, x, y, f0 = 12, 0.5, 0.33, 0.05
    land = build_landscape(n, x, y, 0.64, 0.42, f0, rng(3, 0, 0))
    ntot = n ** 3
    r = y / (1 - y)
    n_bl = int(np.floor((1 - r / (1 - f0)) * ntot + 0.5))
    n_acc = ntot - n_bl
    check("landscape: exactly round(f_bl N_tot) blocked, N = round((1-f0) N_acc) ions",
          (~land.accessible).sum() == n_bl and land.ions == int(np.floor((1 - f0) * n_acc + 0.5))
          and land.energies.size == n_acc, f"N_bl={n_bl} N={land.ions}")

    # B4 everywhere: deterministic q/z, compared with a per-NFU loop of the model's rule
    n = 5
    acc = rng(4, 0, 0).random(n ** 3) < 0.5
    types = np.zeros(n ** 3, dtype=np.int8)           # all B4
    q, lost = countercharges(n, acc, types, rng(4, 0, 1))
    ref = np.zeros(n ** 3)
    ref_lost = 0.0
    for i in range(n):
        for j in range(n):
            for k in range(n):
                nbs = [s for s in brute_neighbours(n, i, j, k) if acc[s]]
                if not nbs:
                    ref_lost += 1
                for s in nbs:
                    ref[s] -= 1.0 / len(nbs)
    check("countercharges: all-B4 landscape equals a per-NFU loop of the model's rule",
          np.allclose(q, ref, rtol=0, atol=1e-12) and abs(lost - ref_lost / n ** 3) < 1e-15,
          f"max diff {np.abs(q - ref).max():.1e}, lost {lost:.4f}")
    check("countercharges: blocked sites carry no charge", not q[~acc].any())

    # localised units: m = min(k, z) distinct accessible neighbours, uniformly chosen
    rows = 200_000
    gen = rng(5, 0, 0)
    acc8 = gen.random((rows, 8)) < 0.6
    k = NBO[gen.integers(0, 7, rows)]
    m = np.minimum(k, acc8.sum(1))
    sel = select_neighbours(acc8, m, gen)
    check("select_neighbours: exactly min(k, z) picks, all accessible",
          (sel.sum(1) == m).all() and not (sel & ~acc8).any())
    full = np.ones((rows, 8), dtype=bool)
    sel = select_neighbours(full, np.full(rows, 3), gen)
    freq = sel.mean(0)
    se = np.sqrt(3 / 8 * 5 / 8 / rows)    # binomial standard error of each column's frequency
    check("select_neighbours: each of 8 columns picked with probability 3/8 (within 4 SE)",
          np.abs(freq - 3 / 8).max() < 4 * se, f"max |freq - 3/8| = {np.abs(freq - 3/8).max():.2e}, SE {se:.1e}")

    # total charge: every charged unit with z > 0 deposits exactly q
    n = 10
    gen = rng(6, 0, 0)
    acc = gen.random(n ** 3) < 0.3
    types = gen.integers(0, 7, n ** 3).astype(np.int8)
    q, lost = countercharges(n, acc, types, gen)
    z = acc[np.array([brute_neighbours(n, i, j, kk) for i in range(n) for j in range(n) for kk in range(n)])].sum(1)
    expected = CHARGE[types][z > 0].sum()
    check("countercharges: charge conserved apart from z = 0 units",
          abs(q.sum() - expected) < 1e-9 and abs(lost - CHARGE[types][z == 0].sum() / CHARGE[types].sum()) < 1e-15,
          f"sum Q = {q.sum():.6f}, expected {expected:.6f}, lost fraction {lost:.4f}")


# ---------------------------------------------------------------- §4 occupation
def check_occupation():
    land = build_landscape(10, 0.5, 0.33, 0.64, 0.42, 0.05, rng(7, 0, 0))
    e = land.energies
    worst = 0.0
    for temperature in (50.0, 403.0, 2000.0):
        mu = chemical_potential(e, land.ions, temperature)
        beta = 1 / (K_B_EV * temperature)
        n = np.sum(1 / (1 + np.exp(np.clip(beta * (e - mu), -700, 700))))
        worst = max(worst, abs(n - land.ions) / land.ions)
    check("mu(T): sum f = N to 1e-10 relative (T = 50, 403, 2000 K)", worst < 1e-10, f"worst {worst:.1e}")
    s = np.sort(e)
    mu = chemical_potential(e, land.ions, 1.0)
    check("mu(T -> 0) lies between the N-th and (N+1)-th levels",
          s[land.ions - 1] <= mu <= s[land.ions], f"mu={mu:.6f}, eps_F={fermi_level(e, land.ions):.6f}")


# ---------------------------------------------------------------- §5 critical barrier
def brute_links(n, acc):
    """Links written out site by site: +x (not from the last plane), +y and +z periodic."""
    node = {}
    for s in np.nonzero(acc)[0]:
        node[int(s)] = len(node)
    out = []
    for i in range(n):
        for j in range(n):
            for k in range(n):
                s = (i * n + j) * n + k
                if not acc[s]:
                    continue
                for (a, b, c) in ((i + 1, j, k), (i, (j + 1) % n, k), (i, j, (k + 1) % n)):
                    if a >= n:
                        continue
                    t = (a * n + b) * n + c
                    if acc[t]:
                        out.append((node[s], node[t]))
    return out, node


def brute_critical_barrier(land, u0):
    """Add links one by one in increasing barrier; BFS from plane 0 after each."""
    n = land.n
    links, node = brute_links(n, land.accessible)
    e = land.energies
    ef = fermi_level(e, land.ions)
    barrier = [u0 + 0.5 * (abs(e[a] - e[b]) + abs(e[a] - ef) + abs(e[b] - ef)) for a, b in links]
    start = [node[s] for s in range(n * n) if land.accessible[s]]
    goal = {node[s] for s in range(n ** 3 - n * n, n ** 3) if land.accessible[s]}
    adj = [[] for _ in range(e.size)]
    for idx in np.argsort(barrier, kind="stable"):
        a, b = links[idx]
        adj[a].append(b)
        adj[b].append(a)
        seen = set(start)
        queue = deque(start)
        while queue:
            s = queue.popleft()
            if s in goal:
                return barrier[idx]
            for t in adj[s]:
                if t not in seen:
                    seen.add(t)
                    queue.append(t)
    raise RuntimeError("no spanning cluster")


def check_critical_barrier():
    exact = True
    for seed in range(6):
        for n in (4, 6):
            land = build_landscape(n, 0.3 * (seed % 3), 0.35, 0.76, 0.30, 0.05, rng(8, n, seed))
            got = critical_barrier(land, 0.076)
            ref = brute_critical_barrier(land, 0.076)
            exact &= got == ref
    check("Delta_c: bisection equals brute force (sorted links + BFS) exactly, 12 landscapes", exact)

    n = 8
    acc = np.ones(n ** 3, dtype=bool)
    flat = Landscape(n, acc, np.full(n ** 3, 0.3), n ** 3 // 2, 0.0)
    got = critical_barrier(flat, 0.05, e_fermi=0.1)
    check("Delta_c: uniform energies give u0 + |eps - eps_F|", abs(got - 0.25) < 1e-15, f"{got}")
    e = np.zeros((n, n, n))
    e[4] = 0.7                                        # one high plane x = 4
    wall = Landscape(n, acc, e.ravel(), n ** 3 // 2, 0.0)
    got = critical_barrier(wall, 0.05, e_fermi=0.0)
    check("Delta_c: a single high plane gives that plane's barrier u0 + eps_h", abs(got - 0.75) < 1e-15, f"{got}")

    land = build_landscape(16, 0.5, 0.33, 0.64, 0.42, 0.05, rng(9, 0, 0))
    d0 = critical_barrier(land, 0.064)
    shifted = Landscape(land.n, land.accessible, land.energies + 0.37, land.ions, 0.0)
    d1 = critical_barrier(shifted, 0.064)
    scaled = build_landscape(16, 0.5, 0.33, 2.5 * 0.64, 0.42, 0.05, rng(9, 0, 0))
    d2 = critical_barrier(scaled, 2.5 * 0.064)
    # rounding of eps + c and of 2.5 V0 (Q + eta) only: a few ulp of ~1 eV
    check("Delta_c: invariant under eps -> eps + c, linear in V0",
          abs(d1 - d0) < 1e-12 and abs(d2 - 2.5 * d0) < 1e-12, f"{d0:.12f} {d1:.12f} {d2 / 2.5:.12f}")


# ---------------------------------------------------------------- §6 conductivity
def geometry(n, acc):
    u, v = ion_links(n, acc)
    plus, minus = electrode_nodes(n, acc)
    return u, v, plus, minus


def dense_conductance(n_nodes, u, v, g, plus, minus):
    """Reference: dense Laplacian of all accessible sites, Dirichlet solve by least squares
    (floating clusters make L_II singular but do not change the current)."""
    lap = np.zeros((n_nodes, n_nodes))
    np.add.at(lap, (u, v), -g)
    np.add.at(lap, (v, u), -g)
    lap[np.diag_indices(n_nodes)] = -lap.sum(1)
    phi = np.zeros(n_nodes)
    phi[plus] = 1.0
    inner = np.ones(n_nodes, dtype=bool)
    inner[plus] = inner[minus] = False
    rhs = -lap[np.ix_(inner, plus)].sum(1)
    phi[inner] = np.linalg.lstsq(lap[np.ix_(inner, inner)], rhs, rcond=None)[0]
    return float((lap[plus] @ phi).sum())


def check_conductivity():
    a = 5e-10
    worst = 0.0
    for n in (4, 5, 7, 10):
        acc = np.ones(n ** 3, dtype=bool)
        u, v, plus, minus = geometry(n, acc)
        log_g = np.full(u.size, np.log(3e-12))
        solve = windowed_conductance(n ** 3, u, v, log_g, plus, minus, 1e4)
        sigma = sigma_from_conductance(solve.total_conductance, n, a)
        worst = max(worst, abs(sigma - 3e-12 / a / 100) / (3e-12 / a / 100))
    check("sigma: uniform network gives g/a (N_L = 4, 5, 7, 10) to 1e-12", worst < 1e-12, f"worst {worst:.1e}")

    worst = 0.0
    for seed in range(5):
        n = 6
        gen = rng(10, 0, seed)
        acc = gen.random(n ** 3) < 0.75
        u, v, plus, minus = geometry(n, acc)
        log_g = gen.uniform(-6, 6, u.size)                # spread e^12 ~ 1.6e5
        got = windowed_conductance(int(acc.sum()), u, v, log_g, plus, minus, 1e8).total_conductance
        ref = dense_conductance(int(acc.sum()), u, v, np.exp(log_g), plus, minus)
        worst = max(worst, abs(got - ref) / ref)
    # CHOLMOD vs LAPACK on a spread of 1.6e5: both backward stable, 1e-10 is ample
    check("sigma: random diluted networks, wide window == dense LAPACK Laplacian solve", worst < 1e-10,
          f"worst {worst:.1e}")

    n = 6
    gen = rng(11, 0, 0)
    acc = gen.random(n ** 3) < 0.75
    u, v, plus, minus = geometry(n, acc)
    log_g = gen.uniform(-14, 14, u.size)                  # spread e^28 ~ 1.4e12
    ref = dense_conductance(int(acc.sum()), u, v, np.exp(log_g), plus, minus)
    errors = [abs(windowed_conductance(int(acc.sum()), u, v, log_g, plus, minus, w).total_conductance - ref) / ref
              for w in (1e1, 1e2, 1e3, 1e4)]
    check("sigma: windowed result converges to the full solve as W grows", errors[-1] < 1e-3 and errors[-1] <= errors[0],
          "rel. errors " + " ".join(f"{x:.1e}" for x in errors))

    # bond dilution, p = 0.8: EMT sigma/sigma0 = (3p - 1)/2 = 0.7; EMT is known to be within
    # a few per cent on the simple-cubic lattice this far above p_c = 0.249; 5 % tolerance
    n, p = 16, 0.8
    acc = np.ones(n ** 3, dtype=bool)
    u, v, plus, minus = geometry(n, acc)
    ratios = []
    for seed in range(6):
        keep = rng(12, 0, seed).random(u.size) < p
        solve = windowed_conductance(n ** 3, u[keep], v[keep], np.zeros(int(keep.sum())), plus, minus, 10.0)
        ratios.append(solve.total_conductance * (n - 1) / n ** 2)
    mean = float(np.mean(ratios))
    check("sigma: bond-diluted lattice p=0.8 vs EMT (3p-1)/2 = 0.7 within 5 %", abs(mean / 0.7 - 1) < 0.05,
          f"mean sigma/sigma0 = {mean:.4f} +- {np.std(ratios, ddof=1) / np.sqrt(len(ratios)):.4f}")
    keep = rng(12, 1, 0).random(u.size) < 0.15
    try:
        windowed_conductance(n ** 3, u[keep], v[keep], np.zeros(int(keep.sum())), plus, minus, 10.0)
        check("sigma: below threshold (p = 0.15) no spanning cluster is reported", False)
    except ValueError as error:
        check("sigma: below threshold (p = 0.15) no spanning cluster is reported", "spanning" in str(error))

    # conductance formula: log form vs the plain product at moderate energies; symmetry
    gen = rng(13, 0, 0)
    ei, ej = gen.normal(0, 0.05, 1000), gen.normal(0, 0.05, 1000)
    T, nu, u0, mu = 403.0, 4e14, 0.064, 0.01
    beta_ev = 1 / (K_B_EV * T)
    f = lambda e: 1 / (1 + np.exp(beta_ev * (e - mu)))
    direct = (ELEMENTARY_CHARGE * beta_ev * nu * np.exp(-beta_ev * u0)
              * np.minimum(1, np.exp(-beta_ev * (ej - ei))) * f(ei) * (1 - f(ej)))
    lg = log_conductances(ei, ej, mu, T, nu, u0)
    lg_rev = log_conductances(ej, ei, mu, T, nu, u0)
    check("g_ij: log-space form equals the plain product (1e-12) and is symmetric",
          np.abs(np.exp(lg) / direct - 1).max() < 1e-12 and np.abs(lg - lg_rev).max() < 1e-12,
          f"max rel {np.abs(np.exp(lg) / direct - 1).max():.1e}, asym {np.abs(lg - lg_rev).max():.1e}")
    lg = log_conductances(np.array([-40.0]), np.array([40.0]), 0.0, 300.0, nu, u0)
    check("g_ij: extreme energies stay finite in log space", np.isfinite(lg).all(), f"log g = {lg[0]:.1f}")


def main():
    for section in (check_nfu, check_landscape, check_occupation, check_critical_barrier, check_conductivity):
        section()
    passed = sum(RESULTS)
    failed = len(RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
