"""AHL effective barriers and the critical barrier Delta_c, docs/model.md §5."""
import numpy as np

from links import critical_link_value, electrode_nodes, ion_links
from occupation import fermi_level


def link_barriers(e_i, e_j, e_fermi, u0):
    """Eq. (8b): Delta_ij = u0 + (|e_i - e_j| + |e_i - e_F| + |e_j - e_F|)/2."""
    return u0 + 0.5 * (np.abs(e_i - e_j) + np.abs(e_i - e_fermi) + np.abs(e_j - e_fermi))


def critical_barrier(land, u0, e_fermi=None):
    """Delta_c of a landscape: the exact link barrier at which plane 0 first connects to N_L-1."""
    if e_fermi is None:
        e_fermi = fermi_level(land.energies, land.ions)
    u, v = ion_links(land.n, land.accessible)
    plus, minus = electrode_nodes(land.n, land.accessible)
    e = land.energies
    barriers = link_barriers(e[u], e[v], e_fermi, u0)
    return critical_link_value(e.size, u, v, barriers, plus, minus)
