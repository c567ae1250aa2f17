import Landscape

/// The disorder average of σ(ω) over realisations (docs/model.md §14): per frequency the mean of
/// σ' and of σ'' with their standard errors (`Estimate`), σ₀ and s₁ likewise, and the largest
/// estimated numerical error relative to |σ|.
public struct ACAverage: Sendable {
    public let angularFrequencies: [Double]
    public let real: [Estimate]
    public let imaginary: [Estimate]
    public let dc: Estimate
    public let lowFrequencySlope: Estimate
    /// max over realisations of `ACSpectrum.errors[k]/|σ(ω_k)|`, per frequency.
    public let relativeError: [Double]
    public let realizations: Int

    /// - Precondition: at least one spectrum, all on the same frequencies.
    public init(_ spectra: [ACSpectrum]) {
        precondition(!spectra.isEmpty && spectra.allSatisfy { $0.angularFrequencies == spectra[0].angularFrequencies })
        let omegas = spectra[0].angularFrequencies
        angularFrequencies = omegas
        real = omegas.indices.map { k in Estimate(samples: spectra.map { $0.real[k] }) }
        imaginary = omegas.indices.map { k in Estimate(samples: spectra.map { $0.imaginary[k] }) }
        dc = Estimate(samples: spectra.map(\.dc))
        lowFrequencySlope = Estimate(samples: spectra.map(\.lowFrequencySlope))
        relativeError = omegas.indices.map { k in
            spectra.map { s in s.errors[k] / (s.real[k] * s.real[k] + s.imaginary[k] * s.imaginary[k]).squareRoot() }.max()!
        }
        realizations = spectra.count
    }
}
