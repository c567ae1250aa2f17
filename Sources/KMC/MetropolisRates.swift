import Foundation
import Landscape

/// Hop rates of [B&M] eq. (5) on a hopping graph (docs/kmc.md, "Rates"):
///
///   w_ij = ν e^{−βu0} min(1, e^{−β(ε_j − ε_i)}),
///
/// stored relative to the bare rate Γ0 = ν e^{−βu0}, so `relative[6i + k]` = min(1, e^{−β(ε_j − ε_i)})
/// for the neighbour j in slot k of site i (0 for a blocked neighbour). The exponent is
/// evaluated as exp(−βΔε) of a non-positive argument, which cannot overflow; a rate below the
/// smallest double (βΔε > 745) is 0, a hop that no feasible run would ever make. Kinetic Monte
/// Carlo then runs in units of 1/Γ0, and `logBaseRate` = log Γ0 = log ν − βu0 turns them into
/// seconds without forming e^{−βu0} on its own.
public struct MetropolisRates: Sendable {
    /// T in K.
    public let temperature: Double
    /// β = 1/(k_B T) in 1/eV.
    public let beta: Double
    /// log(Γ0 · 1 s) = log ν − βu0.
    public let logBaseRate: Double
    /// min(1, e^{−β(ε_j − ε_i)}) per neighbour slot.
    public let relative: [Double]

    /// The rates at `parameters`' temperature, attempt frequency and barrier (validated there).
    public init(graph: HoppingGraph, parameters: KMCParameters) {
        let (temperature, attemptFrequency, barrier) = (parameters.temperature, parameters.attemptFrequency, parameters.barrier)
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        let z = HoppingGraph.coordination
        var relative = [Double](repeating: 0, count: z * graph.siteCount)
        graph.energies.withUnsafeBufferPointer { e in
            graph.neighbours.withUnsafeBufferPointer { nb in
                relative.withUnsafeMutableBufferPointer { w in
                    for i in 0..<graph.siteCount {
                        for k in 0..<z {
                            let j = Int(nb[z * i + k])
                            guard j < graph.siteCount else { continue }
                            w[z * i + k] = exp(-beta * max(0, e[j] - e[i]))
                        }
                    }
                }
            }
        }
        self.temperature = temperature
        self.beta = beta
        self.logBaseRate = log(attemptFrequency) - beta * barrier
        self.relative = relative
    }
}
