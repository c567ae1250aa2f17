import Foundation

/// Equilibrium occupation of the ion sites (docs/model.md §4).
public enum Occupation {
    /// Fermi function f(x) = 1/(e^{βx} + 1), written so that neither branch overflows.
    @inlinable public static func fermi(_ energyAboveMu: Double, beta: Double) -> Double {
        let t = beta * energyAboveMu
        if t > 0 {
            let e = exp(-t)
            return e / (1 + e)
        }
        return 1 / (1 + exp(t))
    }

    /// log f(x) = −log(1 + e^{βx}), overflow-safe (softplus).
    @inlinable public static func logFermi(_ energyAboveMu: Double, beta: Double) -> Double {
        -softplus(beta * energyAboveMu)
    }

    /// log(1 − f(x)) = −log(1 + e^{−βx}).
    @inlinable public static func logOneMinusFermi(_ energyAboveMu: Double, beta: Double) -> Double {
        -softplus(-beta * energyAboveMu)
    }

    /// softplus(t) = log(1 + e^t) without overflow or loss of precision for large |t|.
    @inlinable public static func softplus(_ t: Double) -> Double {
        t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))
    }

    /// T → 0 Fermi level: the midpoint between the N-th and (N+1)-th lowest accessible
    /// site energies (docs/model.md §4). Requires 0 < N < N_acc.
    public static func fermiLevel(of landscape: SiteEnergyLandscape) throws(LandscapeError) -> Double {
        try fermiLevel(energies: landscape.accessibleEnergies, ionCount: landscape.ionCount)
    }

    /// T → 0 Fermi level of `ionCount` ions on sites with the given energies.
    public static func fermiLevel(energies: [Double], ionCount: Int) throws(LandscapeError) -> Double {
        guard ionCount > 0 && ionCount < energies.count else {
            throw .invalidParameter(name: "ion count", value: "\(ionCount)",
                                    accepted: "0 < N < N_acc = \(energies.count)")
        }
        if let bad = energies.first(where: { !$0.isFinite }) {
            throw .invalidParameter(name: "site energy", value: "\(bad)", accepted: "finite values (accessible sites only)")
        }
        var scratch = energies
        let (nth, next) = Selection.adjacentOrderStatistics(&scratch, k: ionCount - 1)
        return 0.5 * (nth + next)
    }

    /// Chemical potential μ(T) solving Σ_i f(ε_i − μ) = N (docs/model.md §4), to `relativeTolerance` in N.
    /// The sums run plane by plane (x) and add the planes' sums in plane order, as the ranks that
    /// own slabs of planes do (`planeOccupationSums`), so μ is the same bit for bit.
    public static func chemicalPotential(of landscape: SiteEnergyLandscape, temperature: Double,
                                         relativeTolerance: Double = 1e-12) throws(LandscapeError) -> Double {
        guard temperature.isFinite && temperature > 0 else {
            throw .invalidParameter(name: "temperature", value: "\(temperature)", accepted: "T > 0 K, finite")
        }
        let start = try fermiLevel(of: landscape)
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        return try chemicalPotential(fermiLevel: start, ionCount: landscape.ionCount, temperature: temperature,
                                     relativeTolerance: relativeTolerance) { mu in
            addedInPlaneOrder(planeOccupationSums(landscape.energies, planeSize: landscape.lattice.planeSize,
                                                  mu: mu, beta: beta))
        }
    }

    /// (Σ f, Σ f(1 − f)) of each x plane of `energies` (NaN = blocked, skipped), plane by plane.
    public static func planeOccupationSums(_ energies: [Double], planeSize: Int, mu: Double, beta: Double)
        -> [(occupied: Double, slope: Double)] {
        stride(from: 0, to: energies.count, by: planeSize).map {
            occupationSums(energies[$0..<($0 + planeSize)], mu: mu, beta: beta)
        }
    }

    /// The planes' sums added in plane order.
    public static func addedInPlaneOrder(_ sums: [(occupied: Double, slope: Double)]) -> (occupied: Double, slope: Double) {
        var n = 0.0, dn = 0.0
        for s in sums { n += s.occupied; dn += s.slope }
        return (n, dn)
    }

    public static func chemicalPotential(energies: [Double], ionCount: Int, temperature: Double,
                                         relativeTolerance: Double = 1e-12) throws(LandscapeError) -> Double {
        guard temperature.isFinite && temperature > 0 else {
            throw .invalidParameter(name: "temperature", value: "\(temperature)", accepted: "T > 0 K, finite")
        }
        let start = try fermiLevel(energies: energies, ionCount: ionCount)
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        return try chemicalPotential(fermiLevel: start, ionCount: ionCount, temperature: temperature,
                                     relativeTolerance: relativeTolerance) { mu in
            occupationSums(energies, mu: mu, beta: beta)
        }
    }

    /// Σ f(ε_i − μ) and Σ f(1 − f) over `energies` (NaN entries skipped), in index order.
    @inlinable public static func occupationSums<C: Collection<Double>>(_ energies: C, mu: Double, beta: Double)
        -> (occupied: Double, slope: Double) {
        var n = 0.0, dn = 0.0
        for e in energies where !e.isNaN {
            let f = fermi(e - mu, beta: beta)
            n += f
            dn += f * (1 - f)
        }
        return (n, dn)
    }

    /// μ(T) solving Σ_i f(ε_i − μ) = N from the T → 0 Fermi level `fermiLevel`, with the sums
    /// (Σ f, Σ f(1 − f)) at μ from `sums`: callers that own the energies in parts (the x planes
    /// of several MPI ranks) add them in a fixed order, so that μ does not depend on the split.
    ///
    /// Safeguarded Newton on the monotone function N(μ), inside a bracket that is widened
    /// until it encloses the root, so the iteration cannot diverge.
    public static func chemicalPotential(fermiLevel start: Double, ionCount: Int, temperature: Double,
                                         relativeTolerance: Double = 1e-12,
                                         sums: (Double) throws -> (occupied: Double, slope: Double)) throws(LandscapeError) -> Double {
        guard temperature.isFinite && temperature > 0 else {
            throw .invalidParameter(name: "temperature", value: "\(temperature)", accepted: "T > 0 K, finite")
        }
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        let target = Double(ionCount)

        /// N(μ) − N and dN/dμ = β Σ f(1 − f).
        func excess(_ mu: Double) throws(LandscapeError) -> (value: Double, slope: Double) {
            let (n, dn): (Double, Double)
            do { (n, dn) = try sums(mu) } catch {
                throw .infeasible("occupation sums at μ = \(mu) eV failed: \(error)")
            }
            return (n - target, beta * dn)
        }

        let kT = PhysicalConstants.boltzmannEV * temperature
        var step = 10 * kT
        var lo = start - step, hi = start + step
        while try excess(lo).value > 0 { step *= 2; lo = start - step }
        step = 10 * kT
        while try excess(hi).value < 0 { step *= 2; hi = start + step }

        var mu = start
        for _ in 0..<200 {
            let (g, dg) = try excess(mu)
            if abs(g) <= relativeTolerance * target { return mu }
            if g > 0 { hi = mu } else { lo = mu }
            var next = dg > 0 ? mu - g / dg : .nan
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if next == mu || hi - lo <= 4 * Double.ulpOfOne * max(abs(lo), abs(hi)) { return next }
            mu = next
        }
        throw .infeasible("chemical potential did not converge at T = \(temperature) K")
    }
}

