"""Ion-site links and the spanning threshold, docs/model.md §5 geometry.

Links join nearest-neighbour accessible ion sites; periodic in y and z, open in x (no
link between plane x = N_L-1 and plane x = 0). Nodes are numbered 0..N_acc-1 in flat
site order (the order of Landscape.energies).
"""
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


def ion_links(n, accessible):
    """(u, v) int32 arrays of accessible-node indices, one entry per undirected link."""
    ntot = n ** 3
    node = np.full(ntot, -1, dtype=np.int32)
    node[accessible] = np.arange(int(accessible.sum()), dtype=np.int32)
    s = np.arange(ntot, dtype=np.int32).reshape(n, n, n)
    pairs = [
        (s[:-1, :, :], s[1:, :, :]),                 # x: open
        (s, np.roll(s, -1, axis=1)),                 # y: periodic
        (s, np.roll(s, -1, axis=2)),                 # z: periodic
    ]
    us, vs = [], []
    for a, b in pairs:
        a = a.ravel()
        b = b.ravel()
        keep = accessible[a] & accessible[b]
        us.append(node[a[keep]])
        vs.append(node[b[keep]])
    return np.concatenate(us), np.concatenate(vs)


def electrode_nodes(n, accessible):
    """Accessible-node indices of plane x = 0 (B+) and plane x = N_L-1 (B-)."""
    plane = n * n
    node = np.cumsum(accessible) - 1
    first = np.nonzero(accessible[:plane])[0]
    last = np.nonzero(accessible[-plane:])[0] + (n ** 3 - plane)
    return node[first].astype(np.int32), node[last].astype(np.int32)


class _PrefixGraphs:
    """Graphs made of the links whose weight rank is below a cut, built in O(links).

    The links are grouped by their first node once, so each graph's CSR arrays come from a
    mask and a bincount, with no sorting per bisection step.
    """

    def __init__(self, n_nodes, u, v, rank, plus, minus):
        by_row = np.argsort(u, kind="stable")
        self.n_nodes = n_nodes
        self.u, self.v, self.rank = u[by_row], v[by_row], rank[by_row]
        self.plus, self.minus = plus, minus

    def spans(self, cut):
        keep = self.rank < cut
        indptr = np.zeros(self.n_nodes + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.u[keep], minlength=self.n_nodes), out=indptr[1:])
        indices = self.v[keep]
        graph = sp.csr_matrix((np.ones(indices.size), indices, indptr),
                              shape=(self.n_nodes, self.n_nodes))
        _, label = connected_components(graph, directed=True, connection="weak")
        hit = np.zeros(label.max() + 1, dtype=bool)
        hit[label[self.plus]] = True
        return bool(hit[label[self.minus]].any())


def critical_link_value(n_nodes, u, v, weight, plus, minus):
    """Smallest w such that the links with weight <= w connect B+ to B-.

    Bisection over the links sorted by weight, each step a scipy connected_components;
    the answer is exactly one of the link weights. Raises ValueError when even all links
    do not span.
    """
    order = np.argsort(weight, kind="stable")
    m = weight.size
    rank = np.empty(m, dtype=np.int64)
    rank[order] = np.arange(m)
    graphs = _PrefixGraphs(n_nodes, u, v, rank, plus, minus)
    if m == 0 or not graphs.spans(m):
        raise ValueError("no spanning cluster: the accessible sites do not connect plane 0 to plane N_L-1")
    # Smallest spanning prefix m of the sorted links; spanning is monotone in m. Any
    # smaller weight selects a shorter prefix, so w[m-1] is exactly the threshold even
    # when several links share that weight.
    lo, hi = 0, m                      # prefix of length lo does not span, hi does
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if graphs.spans(mid):
            hi = mid
        else:
            lo = mid
    return float(weight[order[hi - 1]])
