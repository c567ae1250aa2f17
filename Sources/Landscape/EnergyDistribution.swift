import Foundation

/// Equal-width bins over [lowerEdge, lowerEdge + binCount·binWidth) with a weight per bin.
public struct EnergyHistogram: Sendable, Equatable {
    /// Lower edge of the first bin (eV).
    public let lowerEdge: Double
    /// Bin width (eV).
    public let binWidth: Double
    /// Summed weight per bin: site counts for the SED, occupations for the PSED.
    public let weights: [Double]

    /// Bin centres (eV).
    public var binCentres: [Double] { weights.indices.map { lowerEdge + (Double($0) + 0.5) * binWidth } }

    /// Full width at half maximum: the distance between the crossings of half the largest bin
    /// weight nearest the peak on either side, interpolated linearly between bin centres.
    /// A flank that never drops below half maximum ends at the outer edge of its last bin.
    public var fullWidthAtHalfMaximum: Double {
        guard let peak = weights.indices.max(by: { weights[$0] < weights[$1] }), weights[peak] > 0 else { return 0 }
        let half = 0.5 * weights[peak]
        let centre = { (i: Int) in self.lowerEdge + (Double(i) + 0.5) * self.binWidth }
        /// Crossing between bin `inner` (≥ half) and its outer neighbour `outer` (< half).
        func crossing(_ inner: Int, _ outer: Int) -> Double {
            let t = (weights[inner] - half) / (weights[inner] - weights[outer])
            return centre(inner) + t * (centre(outer) - centre(inner))
        }
        var left = lowerEdge
        if let below = weights[..<peak].lastIndex(where: { $0 < half }) { left = crossing(below + 1, below) }
        var right = lowerEdge + Double(weights.count) * binWidth
        if let below = weights[(peak + 1)...].firstIndex(where: { $0 < half }) { right = crossing(below - 1, below) }
        return right - left
    }
}

/// A weighted distribution of site energies: the SED, or its occupied part, the PSED
/// (docs/model.md §3). Mean and standard deviation are exact weighted moments of the energies, not
/// histogram estimates; the FWHM is read from the histogram.
public struct EnergyDistribution: Sendable {
    public let histogram: EnergyHistogram
    /// Σ weights: N_acc for the SED, N for the PSED.
    public let totalWeight: Double
    /// Weighted mean energy (eV).
    public let mean: Double
    /// Weighted standard deviation (eV), with the population normalisation 1/Σw.
    public let standardDeviation: Double

    public var fullWidthAtHalfMaximum: Double { histogram.fullWidthAtHalfMaximum }

    /// Bins `energies` with `weights` (all 1 when nil) into `binCount` equal bins over
    /// `range`; energies outside the range count in the moments but in no bin.
    init(energies: [Double], weights: [Double]?, binCount: Int, range: ClosedRange<Double>) {
        let width = (range.upperBound - range.lowerBound) / Double(binCount)
        var bins = [Double](repeating: 0, count: binCount)
        var total = 0.0, sum = 0.0
        for (i, e) in energies.enumerated() {
            let w = weights?[i] ?? 1
            total += w
            sum += w * e
            let b = Int(((e - range.lowerBound) / width).rounded(.down))
            if b >= 0 && b < binCount { bins[b] += w } else if e == range.upperBound { bins[binCount - 1] += w }
        }
        let mean = total > 0 ? sum / total : 0
        var squares = 0.0
        for (i, e) in energies.enumerated() { squares += (weights?[i] ?? 1) * (e - mean) * (e - mean) }
        histogram = EnergyHistogram(lowerEdge: range.lowerBound, binWidth: width, weights: bins)
        totalWeight = total
        self.mean = mean
        standardDeviation = total > 0 ? (squares / total).squareRoot() : 0
    }
}

extension SiteEnergyLandscape {
    /// The SED: all accessible site energies in `binCount` bins from the lowest to the
    /// highest energy, or over `range` when given (e.g. to share bins between landscapes).
    public func siteEnergyDistribution(binCount: Int = 100,
                                       range: ClosedRange<Double>? = nil) throws(LandscapeError) -> EnergyDistribution {
        let energies = accessibleEnergies
        let bins = try Self.binRange(energies: energies, binCount: binCount, range: range)
        return EnergyDistribution(energies: energies, weights: nil, binCount: binCount, range: bins)
    }

    /// The PSED at temperature T: each accessible site weighted by its occupation
    /// f(ε_i − μ) with μ(T) from `Occupation.chemicalPotential` (docs/model.md §4), so the weights sum
    /// to N. Bins as for the SED (same default range), so the two can be overlaid.
    public func populatedEnergyDistribution(temperature: Double, binCount: Int = 100,
                                            range: ClosedRange<Double>? = nil) throws(LandscapeError) -> EnergyDistribution {
        let energies = accessibleEnergies
        let mu = try Occupation.chemicalPotential(energies: energies, ionCount: ionCount, temperature: temperature)
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        let occupations = energies.map { Occupation.fermi($0 - mu, beta: beta) }
        let bins = try Self.binRange(energies: energies, binCount: binCount, range: range)
        return EnergyDistribution(energies: energies, weights: occupations, binCount: binCount, range: bins)
    }

    /// Validated bin count and range; the default range spans the energies.
    static func binRange(energies: [Double], binCount: Int,
                         range: ClosedRange<Double>?) throws(LandscapeError) -> ClosedRange<Double> {
        guard binCount >= 1 else {
            throw .invalidParameter(name: "bin count", value: "\(binCount)", accepted: "≥ 1")
        }
        if let range {
            guard range.lowerBound.isFinite && range.upperBound.isFinite && range.upperBound > range.lowerBound else {
                throw .invalidParameter(name: "histogram range", value: "\(range)", accepted: "finite, lower < upper")
            }
            return range
        }
        guard let low = energies.min(), let high = energies.max() else {
            throw .invalidParameter(name: "accessible sites", value: "0", accepted: "≥ 1")
        }
        // A landscape of equal energies still gets a bin of nonzero width.
        return high > low ? low...high : (low - 0.5)...(high + 0.5)
    }
}
