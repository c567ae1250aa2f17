"""Occupation, docs/model.md §4: T -> 0 Fermi level and finite-T chemical potential."""
import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

K_B_EV = 8.617333262e-5        # eV/K, CODATA 2018


def fermi_level(energies, ions):
    """Midpoint between the N-th and (N+1)-th lowest site energies."""
    if not (0 < ions < energies.size):
        raise ValueError(f"ion count N = {ions} outside 0 < N < N_acc = {energies.size}")
    part = np.partition(energies, (ions - 1, ions))
    return 0.5 * (part[ions - 1] + part[ions])


def chemical_potential(energies, ions, temperature):
    """mu solving sum_i f(eps_i - mu) = N (scipy brentq); f = expit(-beta(eps-mu)) never overflows."""
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature T = {temperature} K outside T > 0")
    beta = 1.0 / (K_B_EV * temperature)
    start = fermi_level(energies, ions)

    def excess(mu):
        return expit(-beta * (energies - mu)).sum() - ions

    step = 10.0 / beta
    lo, hi = start - step, start + step
    while excess(lo) > 0:
        lo -= step
        step *= 2
    step = 10.0 / beta
    while excess(hi) < 0:
        hi += step
        step *= 2
    # xtol 1e-13 eV: |dN/dmu| <= beta*N_acc/4, so the error in N stays far below 1e-10*N
    return brentq(excess, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=200)
