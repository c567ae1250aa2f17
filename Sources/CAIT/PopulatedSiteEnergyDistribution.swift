import Foundation
import Landscape

/// The populated part of a site energy distribution (docs/model.md §9; [GSW] Fig. 3–4): sites filled
/// from the bottom of g(E) up to the bulk filling, optionally without the lowest `immobileFraction`
/// (the ions left on the plateau, which never move): the "mobile part of the PSED".
///
/// At T → 0 its density is g(E) on (E_F(u_low), E_F(u_high)] and 0 elsewhere; with Fermi–Dirac
/// filling it is g(E)·[f(E − E_F(u_high)) − f(E − E_F(u_low))] (f(·) for u_low = 0 is 0).
public struct PopulatedSiteEnergyDistribution: Sendable {
    public let filling: FillingMap
    /// Upper filling u_high = n/n_b (1: the bulk).
    public let upperFraction: Double
    /// Lower filling u_low (0: the whole PSED; the plateau level: its mobile part).
    public let lowerFraction: Double
    /// E_F(u_high) and E_F(u_low) (−∞ for u_low = 0), eV.
    public let upperFermiLevel: Double, lowerFermiLevel: Double

    public init(filling: FillingMap, upperFraction: Double = 1, immobileFraction: Double = 0) throws(CAITError) {
        try CAITError.require("populated filling", upperFraction, in: 1e-12...filling.maximumFraction,
                              accepted: "0 < u ≤ 1/(1 − f_v) = \(filling.maximumFraction)")
        try CAITError.require("immobile fraction", immobileFraction, in: 0...upperFraction,
                              accepted: "0 ≤ u_immobile < u = \(upperFraction)")
        guard immobileFraction < upperFraction else {
            throw .invalidParameter(name: "immobile fraction", value: "\(immobileFraction)", accepted: "< \(upperFraction)")
        }
        self.filling = filling
        self.upperFraction = upperFraction
        self.lowerFraction = immobileFraction
        upperFermiLevel = try filling.fermiLevel(fraction: upperFraction).energy
        lowerFermiLevel = immobileFraction > 0 ? try filling.fermiLevel(fraction: immobileFraction).energy : -.infinity
    }

    /// Density of populated sites per unit energy, normalised to the SED (1/eV).
    public func density(at energy: Double) -> Double {
        let g = filling.distribution.density(at: energy)
        switch filling.statistics {
        case .zeroTemperature:
            return energy > lowerFermiLevel && energy <= upperFermiLevel ? g : 0
        case let .fermiDirac(temperature):
            let beta = 1 / PhysicalConstants.thermalEnergy(temperature: temperature)
            let low = lowerFermiLevel.isFinite ? Occupation.fermi(energy - lowerFermiLevel, beta: beta) : 0
            return g * (Occupation.fermi(energy - upperFermiLevel, beta: beta) - low)
        }
    }

    /// Full width at half maximum (eV): the distance between the outermost energies where the
    /// density equals half its maximum. The maximum is located on a 20 001-point grid over the
    /// SED's energy range and refined by golden-section search; each half-maximum crossing is
    /// bracketed on the grid and bisected to 1e-12 eV (a T → 0 cut-off is found as the crossing
    /// where the density drops through half maximum).
    public func fwhm() throws(CAITError) -> Double {
        let range = filling.distribution.energyRange
        let count = 20_001
        let step = (range.upperBound - range.lowerBound) / Double(count - 1)
        let grid = (0..<count).map { range.lowerBound + Double($0) * step }
        let values = grid.map { density(at: $0) }
        guard let peak = values.indices.max(by: { values[$0] < values[$1] }), values[peak] > 0 else {
            throw .analysis("the populated SED is empty between fillings \(lowerFraction) and \(upperFraction)")
        }
        var a = grid[max(0, peak - 1)], b = grid[min(count - 1, peak + 1)]
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<100 where b - a > 1e-13 {
            let c = b - ratio * (b - a), d = a + ratio * (b - a)
            if density(at: c) > density(at: d) { b = d } else { a = c }
        }
        let half = 0.5 * max(values[peak], density(at: 0.5 * (a + b)))
        func crossing(_ inside: Double, _ outside: Double) -> Double {
            var lo = inside, hi = outside
            for _ in 0..<200 where abs(hi - lo) > 1e-12 {
                let mid = 0.5 * (lo + hi)
                if density(at: mid) >= half { lo = mid } else { hi = mid }
            }
            return 0.5 * (lo + hi)
        }
        guard let first = values.firstIndex(where: { $0 >= half }), let last = values.lastIndex(where: { $0 >= half }),
              first > 0, last < count - 1 else {
            throw .analysis("the populated SED does not fall to half maximum inside the energy range \(range) eV")
        }
        return crossing(grid[last], grid[last + 1]) - crossing(grid[first], grid[first - 1])
    }
}
