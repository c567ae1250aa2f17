/// Parameters of the hopping rates (docs/model.md §5, [B&M] eq. (5)) and of the sample geometry
/// that turn a conductance network into σ_dc (docs/model.md §6).
public struct HoppingParameters: Sendable, Equatable {
    /// Attempt frequency ν in Hz.
    public let attemptFrequency: Double
    /// Barrier u0 in eV (docs/model.md §7: u0 = 0.1·V0 by default).
    public let barrier: Double
    /// Lattice constant a (mean jump distance) in m.
    public let latticeConstant: Double

    /// - Throws: `TransportError.invalidParameter` naming the offending value.
    public init(attemptFrequency: Double, barrier: Double, latticeConstant: Double = 5e-10) throws(TransportError) {
        guard attemptFrequency.isFinite, attemptFrequency > 0 else {
            throw .invalidParameter(name: "attempt frequency ν", value: "\(attemptFrequency) Hz", accepted: "ν > 0, finite")
        }
        guard barrier.isFinite, barrier >= 0 else {
            throw .invalidParameter(name: "barrier u0", value: "\(barrier) eV", accepted: "u0 ≥ 0, finite")
        }
        guard latticeConstant.isFinite, latticeConstant > 0 else {
            throw .invalidParameter(name: "lattice constant a", value: "\(latticeConstant) m", accepted: "a > 0, finite")
        }
        self.attemptFrequency = attemptFrequency
        self.barrier = barrier
        self.latticeConstant = latticeConstant
    }
}

/// Cubic sample of edge N_L·a between the electrode planes x = 0 and x = N_L − 1 (docs/model.md §6).
public struct SampleGeometry: Sendable, Equatable {
    /// Lattice edge N_L.
    public let edge: Int
    /// Lattice constant a in m.
    public let latticeConstant: Double

    public init(edge: Int, latticeConstant: Double) throws(TransportError) {
        guard edge >= 2 else {
            throw .invalidParameter(name: "lattice edge N_L", value: "\(edge)", accepted: "N_L ≥ 2")
        }
        guard latticeConstant.isFinite, latticeConstant > 0 else {
            throw .invalidParameter(name: "lattice constant a", value: "\(latticeConstant) m", accepted: "a > 0, finite")
        }
        self.edge = edge
        self.latticeConstant = latticeConstant
    }

    /// σ_dc = G_tot·(N_L − 1)·a / (N_L·a)² (docs/model.md §6), converted from S/m to S/cm.
    /// A uniform network with every link g gives G_tot = N_L²·g/(N_L − 1), hence σ = g/a.
    public func conductivity(totalConductance: Double) -> Double {
        let nl = Double(edge)
        let siemensPerMetre = totalConductance * (nl - 1) / (nl * nl * latticeConstant)
        return siemensPerMetre / 100
    }
}
