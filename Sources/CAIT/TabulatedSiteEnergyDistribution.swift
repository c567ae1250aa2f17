import Foundation
import Landscape

/// A site energy distribution given as a table (docs/model.md §9: "g(E) … a table"): the density is
/// piecewise linear between the tabulated energies and zero outside them, then normalised to
/// unit area. G(E) is therefore piecewise quadratic and its inverse is exact (a quadratic
/// root per segment), so E_F(n) and dE_F/dn need no iteration.
public struct TabulatedSiteEnergyDistribution: SiteEnergyDistribution, Equatable {
    /// Tabulated energies E_k in eV, strictly increasing.
    public let energies: [Double]
    /// Normalised density g(E_k) in 1/eV.
    public let densities: [Double]
    /// G(E_k), from 0 to 1.
    private let cumulatives: [Double]

    /// - Parameters:
    ///   - energies: at least two strictly increasing, finite energies (eV).
    ///   - density: the same number of finite, non-negative values, in any unit (normalised here).
    public init(energies: [Double], density: [Double]) throws(CAITError) {
        guard energies.count >= 2 else {
            throw .invalidParameter(name: "SED table length", value: "\(energies.count) rows",
                                    accepted: "at least 2 rows")
        }
        guard density.count == energies.count else {
            throw .invalidParameter(name: "SED density column", value: "\(density.count) values",
                                    accepted: "one value per energy (\(energies.count))")
        }
        for k in energies.indices {
            guard energies[k].isFinite, k == 0 || energies[k] > energies[k - 1] else {
                throw .invalidParameter(name: "SED energy at row \(k + 1)", value: "\(energies[k])",
                                        accepted: "finite and strictly increasing")
            }
            guard density[k].isFinite, density[k] >= 0 else {
                throw .invalidParameter(name: "SED density at row \(k + 1)", value: "\(density[k])",
                                        accepted: "finite and ≥ 0")
            }
        }
        var cumulative = [0.0]
        for k in 1..<energies.count {
            cumulative.append(cumulative[k - 1] + 0.5 * (density[k] + density[k - 1]) * (energies[k] - energies[k - 1]))
        }
        let area = cumulative[cumulative.count - 1]
        guard area > 0 else {
            throw .invalidParameter(name: "SED area", value: "0", accepted: "a table with positive total density")
        }
        self.energies = energies
        self.densities = density.map { $0 / area }
        self.cumulatives = cumulative.map { $0 / area }
    }

    /// Index k of the segment [E_k, E_{k+1}] holding `energy` (energy inside the table).
    private func segment(containing energy: Double) -> Int {
        var lo = 0, hi = energies.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if energies[mid] <= energy { lo = mid } else { hi = mid }
        }
        return lo
    }

    public func density(at energy: Double) -> Double {
        guard energy >= energies[0], energy <= energies[energies.count - 1] else { return 0 }
        let k = segment(containing: energy)
        let t = (energy - energies[k]) / (energies[k + 1] - energies[k])
        return densities[k] + t * (densities[k + 1] - densities[k])
    }

    public func logDensity(at energy: Double) -> Double { log(density(at: energy)) }

    public func cumulative(at energy: Double) -> Double {
        if energy <= energies[0] { return 0 }
        if energy >= energies[energies.count - 1] { return 1 }
        let k = segment(containing: energy)
        let t = energy - energies[k]
        let slope = (densities[k + 1] - densities[k]) / (energies[k + 1] - energies[k])
        return cumulatives[k] + densities[k] * t + 0.5 * slope * t * t
    }

    /// Exact inverse: in the segment with G(E_k) < p ≤ G(E_{k+1}) solve g_k t + ½ s t² = p − G(E_k)
    /// in the cancellation-free form t = 2q/(g_k + √(g_k² + 2 s q)).
    public func quantile(_ p: Double) -> Double {
        var lo = 0, hi = cumulatives.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if cumulatives[mid] < p { lo = mid } else { hi = mid }
        }
        let q = p - cumulatives[lo]
        let g = densities[lo]
        let slope = (densities[lo + 1] - densities[lo]) / (energies[lo + 1] - energies[lo])
        let root = (max(0, g * g + 2 * slope * q)).squareRoot()
        let t = g + root > 0 ? 2 * q / (g + root) : 0
        return min(energies[lo] + t, energies[lo + 1])
    }

    public var energyRange: ClosedRange<Double> { energies[0]...energies[energies.count - 1] }
}

extension TabulatedSiteEnergyDistribution {
    /// The empirical SED of a set of site energies (e.g. `SiteEnergyLandscape.accessibleEnergies`,
    /// docs/model.md §3 — the bridge between the two papers), as a Gaussian kernel density estimate on a
    /// uniform grid of `gridPoints` energies spanning the data ± 5 bandwidths.
    ///
    /// A raw histogram would make G(E) flat in empty bins, so E_F(n) would jump and D(n) would be
    /// discontinuous; the kernel estimate keeps g > 0 inside the grid. The default bandwidth is
    /// Silverman's rule h = 0.9·min(s, IQR/1.34)·N^(−1/5). The data are first binned linearly
    /// onto the grid, then convolved with the discretised kernel (cost O(N + M·K), not O(N·M)).
    public init(siteEnergies: [Double], bandwidth: Double? = nil, gridPoints: Int = 1024) throws(CAITError) {
        guard siteEnergies.count >= 2 else {
            throw .invalidParameter(name: "site energy count", value: "\(siteEnergies.count)", accepted: "at least 2 energies")
        }
        guard gridPoints >= 16, gridPoints <= 1 << 20 else {
            throw .invalidParameter(name: "SED grid points", value: "\(gridPoints)", accepted: "16…1048576")
        }
        for (i, e) in siteEnergies.enumerated() where !e.isFinite {
            throw .invalidParameter(name: "site energy \(i)", value: "\(e)", accepted: "finite (blocked sites excluded)")
        }
        let sorted = siteEnergies.sorted()
        let n = Double(sorted.count)
        let mean = sorted.reduce(0, +) / n
        let sd = (sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let iqr = sorted[Int(0.75 * (n - 1))] - sorted[Int(0.25 * (n - 1))]
        let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
        let h = bandwidth ?? 0.9 * spread * pow(n, -0.2)
        guard h.isFinite, h > 0 else {
            throw .invalidParameter(name: "SED kernel bandwidth", value: "\(h)",
                                    accepted: "> 0 eV (site energies must not all be equal, or give a bandwidth)")
        }
        let lo = sorted[0] - 5 * h, hi = sorted[sorted.count - 1] + 5 * h
        let step = (hi - lo) / Double(gridPoints - 1)
        var counts = [Double](repeating: 0, count: gridPoints)
        for e in sorted {
            let position = (e - lo) / step
            let k = min(Int(position), gridPoints - 2)
            let w = position - Double(k)
            counts[k] += 1 - w
            counts[k + 1] += w
        }
        let reach = Int((5 * h / step).rounded(.up))
        let kernel = (0...reach).map { j -> Double in
            let x = Double(j) * step / h
            return exp(-0.5 * x * x)
        }
        var density = [Double](repeating: 0, count: gridPoints)
        for k in 0..<gridPoints where counts[k] != 0 {
            for j in max(0, k - reach)...min(gridPoints - 1, k + reach) {
                density[j] += counts[k] * kernel[abs(j - k)]
            }
        }
        let grid = (0..<gridPoints).map { lo + Double($0) * step }
        try self.init(energies: grid, density: density)
    }
}

extension TabulatedSiteEnergyDistribution {
    /// The SED of a realised landscape (docs/model.md §3 → §9): the kernel estimate of its accessible site
    /// energies. Its natural vacancy fraction for `FillingMap` is 1 − N/N_acc (= f0 of docs/model.md §3).
    public init(landscape: SiteEnergyLandscape, bandwidth: Double? = nil, gridPoints: Int = 1024) throws(CAITError) {
        try self.init(siteEnergies: landscape.accessibleEnergies, bandwidth: bandwidth, gridPoints: gridPoints)
    }
}
