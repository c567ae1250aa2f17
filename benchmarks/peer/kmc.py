"""Kinetic Monte Carlo peer (`make bench`): hops per second of lattice_mc (B. J. Morgan,
J. Open Source Softw. 2, 247 (2017); PyPI lattice-mc 1.0.4) on the same lattice gas as
`ionscape-bench kmc-uniform` / `kmc-disordered`: an N_L^3 periodic simple-cubic lattice, half
filled, site exclusion only; "disordered" gives every site a Gaussian energy of width 0.1 eV
and runs at 1000 K with the same Metropolis rates, min(1, exp(-dE/kT)).

The lattice is built here from lattice_mc's own Site and Lattice classes with the periodic
neighbour lists computed directly: lattice_mc's cubic_lattice() rolls the whole grid once per
site (quadratic in the sites), which at N_L = 40 would take hours and is not what is measured.
Only lattice.jump() — lattice_mc's event step — is timed.
"""
import time

import numpy as np

K_BOLTZMANN = 8.617333262e-5


def build(edge, disordered, seed=7):
    import lattice_mc
    from lattice_mc import lattice, lattice_site

    def index(x, y, z):
        return ((x % edge) * edge + (y % edge)) * edge + (z % edge) + 1   # lattice_mc ids start at 1

    rng = np.random.default_rng(seed)
    energies = rng.normal(0.0, 0.1, edge ** 3) if disordered else np.zeros(edge ** 3)
    sites = []
    for x in range(edge):
        for y in range(edge):
            for z in range(edge):
                n = index(x, y, z)
                neighbours = [index(x + 1, y, z), index(x - 1, y, z), index(x, y + 1, z),
                              index(x, y - 1, z), index(x, y, z + 1), index(x, y, z - 1)]
                sites.append(lattice_site.Site(n, np.array([x, y, z], dtype=float), neighbours,
                                               float(energies[n - 1]), "L"))
    sim = lattice_mc.Simulation()
    sim.lattice = lattice.Lattice(sites, cell_lengths=np.array([edge, edge, edge], dtype=float))
    sim.set_number_of_atoms(edge ** 3 // 2)
    return sim


def hops_per_second(edge, disordered, hops, warmup=5):
    """Hops per second of lattice_mc's event step (median of its rate over `hops` hops)."""
    import lattice_mc.jump
    # lattice_mc 1.0.4 fixes T = 298 K in global_vars and binds kT into jump.py at import.
    lattice_mc.jump.kT = K_BOLTZMANN * (1000.0 if disordered else 298.0)
    sim = build(edge, disordered)
    for _ in range(warmup):
        sim.lattice.jump()
    start = time.perf_counter()
    for _ in range(hops):
        sim.lattice.jump()
    seconds = time.perf_counter() - start
    return hops / seconds, seconds
