#!/usr/bin/env python3
"""Independent reference for the CAIT tests: the electroneutral limit of the galvanostatic CAIT
problem, solved with scipy (method of lines, BDF) on a fine grid of its own. Not used at run time:
its numbers are pasted into Tests/CAITTests/ElectroneutralReferenceData.swift.

Model (docs/cait.md): u = n2/n_b, u1 = 1 - u, D1(u1) = D_bulk exp((E_F(u1) - E_F(1))/k_BT) with
E_F(u1) = sigma * Phi^-1((1 - f_v) u1) for a Gaussian SED at T -> 0;
  dt u = -dz F,  F = -Dt(u) dz u + t2(u) j_n,  Dt = D1 D2 / s,  t2 = D2 u / s,  s = D1 u1 + D2 u,
F(0) = j_n = j/(e n_b), u(d) = 0, u(z, 0) = 0. The potential (phi(d) = 0) follows from
  dz psi = ((D1 - D2) dz u - j_n)/s,  psi = e phi/(k_B T).

The discretisation differs on purpose from Ionscape's (which uses exponential fitting on a graded
grid): cell-centred finite volumes on a uniform grid of width h up to `fine` and geometric beyond,
central differences for dz u and arithmetic face means, scipy's BDF with rtol 1e-8. The script
prints the grid- and tolerance-refinement changes so the reference's own error is known.

Usage: python3 cait_electroneutral_reference.py D_bulk D_foreign hours thickness_um [depths_nm...]
"""
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import diags
from scipy.special import ndtri

K_B = 8.617333262e-5          # eV/K
E = 1.602176634e-19           # C
EPS0 = 8.8541878128e-12       # F/m


def solve(d_bulk, d2, hours, thickness, h_fine, rtol, fine=600e-9, T=353.0, nb=1.44e28, j=9e-3,
          fwhm=0.25, fv=0.1):
    kT = K_B * T
    sigma = fwhm / (2 * np.sqrt(2 * np.log(2)))
    ef1 = sigma * ndtri(1 - fv)
    jn = j / (E * nb)

    def d1(u1):
        with np.errstate(divide="ignore"):
            return d_bulk * np.exp((sigma * ndtri((1 - fv) * np.clip(u1, 0, None)) - ef1) / kT)

    z = list(np.arange(0.0, min(fine, thickness) + 1e-18, h_fine))
    h = h_fine
    while z[-1] < thickness:
        h *= 1.02
        z.append(min(z[-1] + h, thickness))
    faces = np.array(z)
    if faces[-1] - faces[-2] < 0.5 * (faces[-2] - faces[-3]):
        faces = np.delete(faces, -2)
    centers = 0.5 * (faces[1:] + faces[:-1])
    widths = np.diff(faces)
    dist = np.concatenate([np.diff(centers), [thickness - centers[-1]]])   # faces 1..N
    n = len(centers)

    def face_terms(u):
        right = np.concatenate([u[1:], [0.0]])          # u(d) = 0
        mean = 0.5 * (u + right)
        u1 = 1 - mean
        a, b = d1(u1), d2
        s = a * u1 + b * mean
        grad = (right - u) / dist
        return a, b, s, grad, mean

    def rhs(_, u):
        a, b, s, grad, mean = face_terms(u)
        flux = np.empty(n + 1)
        flux[0] = jn
        flux[1:] = -(a * b / s) * grad + (b * mean / s) * jn
        return -(flux[1:] - flux[:-1]) / widths

    pattern = diags([np.ones(n - 1), np.ones(n), np.ones(n - 1)], [-1, 0, 1])
    sol = solve_ivp(rhs, (0, hours * 3600), np.zeros(n), method="BDF", rtol=rtol, atol=1e-12,
                    jac_sparsity=pattern, t_eval=[hours * 3600])
    if sol.status != 0:
        raise RuntimeError(sol.message)
    u = sol.y[:, -1]
    a, b, s, grad, _ = face_terms(u)
    slope = ((a - b) * grad - jn) / s                  # dz psi at faces 1..N
    psi = np.cumsum((slope * dist)[::-1])[::-1] * -1   # psi at the centres, psi(d) = 0
    return centers, u, psi * kT, jn * hours * 3600, np.sum(widths * u)


def main():
    d_bulk, d2, hours, thickness_um = map(float, sys.argv[1:5])
    depths = [float(x) * 1e-9 for x in sys.argv[5:]] or [50e-9, 100e-9]
    thickness = thickness_um * 1e-6
    runs = {}
    for h, rtol in [(0.2e-9, 1e-8), (0.1e-9, 1e-8), (0.1e-9, 1e-10)]:
        t0 = time.time()
        runs[(h, rtol)] = solve(d_bulk, d2, hours, thickness, h, rtol)
        print(f"# h = {h * 1e9} nm, rtol = {rtol}: {time.time() - t0:.1f} s", file=sys.stderr)
    best = runs[(0.1e-9, 1e-10)]
    z, u, phi, dose, content = best
    print(f"# dose/n_b = {dose * 1e9:.6f} nm, content = {content * 1e9:.6f} nm")
    print(f"# potential of the first cell (z = {z[0] * 1e9:.3f} nm): {phi[0]:.6f} V")
    print("depth_nm,native_fraction,change_grid,change_rtol")
    for x in depths:
        value = 1 - np.interp(x, z, u)
        def at(key):
            return 1 - np.interp(x, runs[key][0], runs[key][1])
        grid = abs(at((0.1e-9, 1e-8)) - at((0.2e-9, 1e-8)))     # halving h
        tol = abs(value - at((0.1e-9, 1e-8)))                    # rtol 1e-8 -> 1e-10
        print(f"{x * 1e9:.1f},{value:.6f},{grid:.1e},{tol:.1e}")


if __name__ == "__main__":
    main()
