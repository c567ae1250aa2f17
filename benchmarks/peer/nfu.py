"""NFU (network-former unit) fractions, docs/model.md §2: low-temperature hierarchical model.

Order of the units everywhere in the peer: B4, B3, B2, P3, P2, P1, P0.
"""
import numpy as np

UNITS = ("B4", "B3", "B2", "P3", "P2", "P1", "P0")
#: charge q of each unit (docs/model.md §2 table)
CHARGE = np.array([-1.0, 0.0, -1.0, 0.0, -1.0, -2.0, -3.0])
#: number of nbO that share a localised charge; 0 for neutral units and for B4,
#: whose charge is delocalised over all accessible neighbours (docs/model.md §3).
NBO = np.array([0, 0, 1, 0, 2, 3, 4])
B4 = 0

#: Slack allowed in the final "charge left over" test of rule 4 (float rounding only).
_CHARGE_SLACK = 1e-12


def fractions_from_r(x, r):
    """Fractions per network-forming cation for boron fraction x and r = y/(1-y).

    docs/model.md §2 rules 1-4; raises ValueError when charge is left over (rule 4).
    """
    b4 = min(x, r, (3.0 - r) / 6.0)                 # rule 1 (B4-B4 avoidance bound)
    charge = r - b4
    p = 1.0 - x
    p2 = min(charge, p)                              # rule 2: P3 -> P2
    charge -= p2
    p1 = min(charge, p2)                             #          P2 -> P1
    charge -= p1
    p2 -= p1
    p0 = min(charge, p1)                             #          P1 -> P0
    charge -= p0
    p1 -= p0
    p3 = p - p2 - p1 - p0
    b3 = x - b4
    b2 = min(charge, b3)                             # rule 3: B3 -> B2
    charge -= b2
    b3 -= b2
    if charge > _CHARGE_SLACK:                       # rule 4
        raise ValueError(f"composition infeasible: charge {charge:.6g} per network former left "
                         f"after all conversions (x = {x}, r = {r:.6g})")
    return np.array([b4, b3, b2, p3, p2, p1, p0])


def nfu_fractions(x, y):
    """docs/model.md §1 validation of (x, y), then the §2 fractions."""
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"x = {x} outside the accepted range 0 <= x <= 1")
    if not (0.30 <= y <= 0.60):
        raise ValueError(f"y = {y} outside the accepted range 0.30 <= y <= 0.60")
    return fractions_from_r(x, y / (1.0 - y))
