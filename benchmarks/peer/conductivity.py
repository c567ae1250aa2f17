"""Windowed dc conductivity, docs/model.md §6 route 1 (sparse direct, CHOLMOD via scikit-sparse)."""
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sksparse.cholmod import cholesky

from links import critical_link_value, electrode_nodes, ion_links
from occupation import K_B_EV, chemical_potential

ELEMENTARY_CHARGE = 1.602176634e-19    # C


@dataclass
class WindowedSolve:
    total_conductance: float   # G_tot in S (or in the units of exp(log_g))
    log_bottleneck: float      # log g_b
    window: float              # W
    solved_nodes: int          # size of G_LL
    kept_links: int            # window links in the spanning cluster
    contracted_links: int
    dropped_links: int


def log_conductances(e_i, e_j, mu, temperature, nu, u0):
    """log g_ij = log(beta e^2 nu) - beta u0 - beta max(0, e_j - e_i) + log f_i + log(1 - f_j).

    All in log space (softplus via logaddexp), so nothing under- or overflows.
    beta e^2 = e / (k_B T) with k_B in eV/K gives g in siemens.
    """
    beta = 1.0 / (K_B_EV * temperature)
    a_i = beta * (e_i - mu)
    a_j = beta * (e_j - mu)
    log_prefactor = np.log(ELEMENTARY_CHARGE * nu * beta) - beta * u0
    return (log_prefactor - np.maximum(0.0, a_j - a_i)
            - np.logaddexp(0.0, a_i) - np.logaddexp(0.0, -a_j))


def windowed_conductance(n_nodes, u, v, log_g, plus, minus, window):
    """G_tot between node sets plus (phi = 1) and minus (phi = 0), docs/model.md §6 route 1.

    g_b is the max-min conductance of a spanning path. Links with g > W g_b are contracted
    into super-nodes, links with g < g_b/W are dropped, clusters not joined to both
    electrodes are removed, and G_LL phi_L = -G_L+ phi_+ is solved with CHOLMOD. The
    solve works with g/g_b in [1/W, W]; G_tot is scaled back at the end.
    """
    log_gb = -critical_link_value(n_nodes, u, v, -log_g, plus, minus)
    log_w = np.log(window)
    rel = log_g - log_gb
    strong = rel > log_w
    mid = ~strong & (rel >= -log_w)

    # contract near-shorts; merge every super-node touching B+ (B-) into node 0 (1)
    graph = sp.csr_matrix((np.ones(int(strong.sum()), dtype=np.int8), (u[strong], v[strong])),
                          shape=(n_nodes, n_nodes))
    n_super, label = connected_components(graph, directed=True, connection="weak")
    role = np.full(n_super, -1, dtype=np.int64)
    role[label[plus]] = 0
    if (role[label[minus]] == 0).any():
        raise ValueError("contracted near-shorts connect B+ to B-: window W too small")
    role[label[minus]] = 1
    rest = role < 0
    role[rest] = 2 + np.arange(int(rest.sum()))
    a = role[label[u[mid]]]
    b = role[label[v[mid]]]
    g = np.exp(rel[mid])
    keep = a != b
    a, b, g = a[keep], b[keep], g[keep]
    n_new = int(role.max()) + 1

    # keep only the cluster of B+ (it holds B- since the bottleneck path is in the window)
    graph = sp.csr_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n_new, n_new))
    _, comp = connected_components(graph, directed=True, connection="weak")
    if comp[1] != comp[0]:
        raise ValueError("window dropped the spanning path")
    inside = comp == comp[0]
    interior = inside.copy()
    interior[:2] = False
    index = np.full(n_new, -1, dtype=np.int64)
    n_l = int(interior.sum())
    index[interior] = np.arange(n_l)
    ia, ib = index[a], index[b]
    diag = (np.bincount(ia[ia >= 0], weights=g[ia >= 0], minlength=n_l)
            + np.bincount(ib[ib >= 0], weights=g[ib >= 0], minlength=n_l))
    both = (ia >= 0) & (ib >= 0)
    off = sp.coo_matrix((-g[both], (ia[both], ib[both])), shape=(n_l, n_l))
    g_ll = (off + off.T + sp.diags(diag)).tocsc()
    # right-hand side -G_L+ phi_+ = conductance of each interior node to B+
    rhs = (np.bincount(ia[b == 0], weights=g[b == 0], minlength=n_l)
           + np.bincount(ib[a == 0], weights=g[a == 0], minlength=n_l))
    phi = cholesky(g_ll)(rhs) if n_l > 0 else np.zeros(0)
    # current out of B+: sum over its links of g (1 - phi_other); index -1 can only be
    # B- here (B+ self-links were removed, other clusters never touch B+), and phi(B-) = 0
    phi_ext = np.append(phi, 0.0)
    current = float(np.sum(g[a == 0] * (1.0 - phi_ext[ib[a == 0]]))
                    + np.sum(g[b == 0] * (1.0 - phi_ext[ia[b == 0]])))
    return WindowedSolve(current * np.exp(log_gb), log_gb, window, n_l, int(inside[a].sum()),
                         int(strong.sum()), int((~strong & ~mid).sum()))


def sigma_from_conductance(total_conductance, n, lattice_constant):
    """sigma_dc = G_tot (N_L - 1) a / (N_L a)^2, converted from S/m to S/cm."""
    return total_conductance * (n - 1) * lattice_constant / (n * lattice_constant) ** 2 / 100.0


def sigma_dc(land, temperature, nu, u0, lattice_constant, window):
    """Windowed sigma_dc (S/cm) of a landscape at temperature T, and the solve's diagnostics."""
    mu = chemical_potential(land.energies, land.ions, temperature)
    u, v = ion_links(land.n, land.accessible)
    plus, minus = electrode_nodes(land.n, land.accessible)
    e = land.energies
    log_g = log_conductances(e[u], e[v], mu, temperature, nu, u0)
    solve = windowed_conductance(e.size, u, v, log_g, plus, minus, window)
    return sigma_from_conductance(solve.total_conductance, land.n, lattice_constant), solve
