"""Site-energy landscape, docs/model.md §3, vectorised numpy.

Ion site (i, j, k) -- at (i+1/2, j+1/2, k+1/2) -- has flat index (i*n + j)*n + k; i is
the transport direction x. NFU site (i, j, k) touches the ion sites
((i-d1) mod n, (j-d2) mod n, (k-d3) mod n), d in {0,1}^3.
"""
from dataclasses import dataclass

import numpy as np

from nfu import B4, CHARGE, NBO, nfu_fractions


@dataclass
class Landscape:
    n: int                     # N_L
    accessible: np.ndarray     # bool, shape (N_L^3,)
    energies: np.ndarray       # float64 ε_i of the accessible sites, in flat-index order
    ions: int                  # N
    lost_charge_fraction: float


def _round_half_up(v):
    return int(np.floor(v + 0.5))


def nfu_neighbours(n):
    """(n^3, 8) int32: flat indices of the 8 ion sites touched by each NFU site."""
    a = np.arange(n, dtype=np.int32)
    cols = []
    for d1 in (0, 1):
        for d2 in (0, 1):
            for d3 in (0, 1):
                i = ((a - d1) % n)[:, None, None]
                j = ((a - d2) % n)[None, :, None]
                k = ((a - d3) % n)[None, None, :]
                cols.append(((i * n + j) * n + k).ravel())
    return np.stack(cols, axis=1)


def select_neighbours(acc, m, rng):
    """(rows, 8) bool: for each row, m[row] distinct columns among the accessible ones
    (acc), chosen uniformly at random -- the m accessible columns with the smallest keys.
    """
    keys = rng.random(acc.shape, dtype=np.float32)
    keys[~acc] = 2.0                                       # inaccessible sort last
    # rank of each column within its row (ties broken by column: a permutation of 0..7)
    rank = np.zeros(acc.shape, dtype=np.int8)
    for c in range(acc.shape[1]):
        kc = keys[:, c]
        for c2 in range(acc.shape[1]):
            if c2 < c:
                rank[:, c] += keys[:, c2] <= kc
            elif c2 > c:
                rank[:, c] += keys[:, c2] < kc
    return acc & (rank < m[:, None].astype(np.int8))


def countercharges(n, accessible, types, rng):
    """Q_i (docs/model.md §3 countercharge rules) and the fraction of charge lost (z = 0 units).

    A localised unit with k nbO puts q/m on m = min(k, z) distinct accessible neighbours
    chosen uniformly at random (the m accessible ones with the smallest random keys); a B4
    puts q/z on all z accessible neighbours.
    """
    nb = nfu_neighbours(n)
    acc = accessible[nb]                                   # (n^3, 8)
    z = acc.sum(axis=1)
    k = NBO[types]
    m = np.where(types == B4, z, np.minimum(k, z))
    sel = select_neighbours(acc, m, rng)
    q = CHARGE[types]
    share = np.divide(q, m, out=np.zeros_like(q), where=m > 0)
    rows = np.nonzero(sel)
    charge = np.bincount(nb[rows], weights=share[rows[0]], minlength=n ** 3)
    total = q.sum()
    lost = q[m == 0].sum() / total if total != 0 else 0.0
    return charge, float(lost)


def build_landscape(n, x, y, v0, sigma_eps, f0, rng):
    """One realisation of the docs/model.md §3 landscape."""
    if n < 4:
        raise ValueError(f"N_L = {n} outside the accepted range N_L >= 4")
    fractions = nfu_fractions(x, y)
    ntot = n ** 3
    r = y / (1.0 - y)
    f_bl = 1.0 - r / (1.0 - f0)
    if not (0.0 < f_bl < 1.0):
        raise ValueError(f"blocking fraction f_bl = {f_bl:.6g} outside (0, 1) (r = {r:.6g}, f0 = {f0})")
    n_bl = _round_half_up(f_bl * ntot)
    accessible = np.ones(ntot, dtype=bool)
    accessible[rng.choice(ntot, size=n_bl, replace=False)] = False
    n_acc = ntot - n_bl
    ions = _round_half_up((1.0 - f0) * n_acc)

    cum = np.cumsum(fractions)
    cum /= cum[-1]
    types = np.searchsorted(cum, rng.random(ntot), side="right").astype(np.int8)

    charge, lost = countercharges(n, accessible, types, rng)
    eta = rng.standard_normal(n_acc)
    energies = v0 * (charge[accessible] + sigma_eps * eta)
    return Landscape(n, accessible, energies, ions, lost)
