import Foundation
import Landscape
import Numerics

/// Physical parameters of a kinetic Monte Carlo run ([B&M] eq. (5) rates; docs/kmc.md).
public struct KMCParameters: Sendable, Equatable {
    /// T in K.
    public let temperature: Double
    /// Attempt frequency ν in Hz.
    public let attemptFrequency: Double
    /// Bare barrier u0 in eV.
    public let barrier: Double
    /// Jump distance a in m.
    public let latticeConstant: Double

    public init(temperature: Double, attemptFrequency: Double, barrier: Double, latticeConstant: Double = 5e-10) throws(KMCError) {
        guard temperature.isFinite, temperature > 0 else {
            throw .invalidParameter(name: "temperature", value: "\(temperature) K", accepted: "T > 0 K, finite")
        }
        guard attemptFrequency.isFinite, attemptFrequency > 0 else {
            throw .invalidParameter(name: "attempt frequency ν", value: "\(attemptFrequency) Hz", accepted: "ν > 0, finite")
        }
        guard barrier.isFinite, barrier >= 0 else {
            throw .invalidParameter(name: "barrier u0", value: "\(barrier) eV", accepted: "u0 ≥ 0, finite")
        }
        guard latticeConstant.isFinite, latticeConstant > 0 else {
            throw .invalidParameter(name: "lattice constant a", value: "\(latticeConstant) m", accepted: "a > 0, finite")
        }
        self.temperature = temperature
        self.attemptFrequency = attemptFrequency
        self.barrier = barrier
        self.latticeConstant = latticeConstant
    }
}

/// How long a run equilibrates and measures (docs/kmc.md, "Estimators").
public struct KMCSchedule: Sendable, Equatable {
    public var equilibration: EquilibrationCriterion
    /// Production length in hops per ion, split into `blocks` blocks of equal duration.
    public var productionHopsPerIon: Double
    public var blocks: Int
    public var start: InitialConfiguration
    /// Also time-average every site's occupation over the production run.
    public var recordsOccupations: Bool
    /// Laplace variables s (rad/s, Re s > 0) at which to estimate σ(s) from the current
    /// correlation over the production run (`KMCRunResult.acConductivity`); empty for none.
    public var laplaceVariables: [Complex<Double>] = []

    public init(equilibration: EquilibrationCriterion, productionHopsPerIon: Double = 200, blocks: Int = 20,
                start: InitialConfiguration = .fermiDirac, recordsOccupations: Bool = false) throws(KMCError) {
        guard productionHopsPerIon.isFinite, productionHopsPerIon > 0, productionHopsPerIon <= 1e9 else {
            throw .invalidParameter(name: "production hops per ion", value: "\(productionHopsPerIon)", accepted: "0 < H ≤ 1e9")
        }
        guard blocks >= 2, blocks <= 1_000_000 else {
            throw .invalidParameter(name: "blocks", value: "\(blocks)", accepted: "2 … 1000000")
        }
        self.equilibration = equilibration
        self.productionHopsPerIon = productionHopsPerIon
        self.blocks = blocks
        self.start = start
        self.recordsOccupations = recordsOccupations
    }
}

/// What one run measured. Each block of duration τ is measured from its start at τ/2 and at τ,
/// and its estimates are the growth between the two (docs/kmc.md, "Estimators"):
///
///   D*_b  = [Σ_i |Δr_i(τ)|² − Σ_i |Δr_i(τ/2)|²] / (6 N τ/2),
///   D_σ,b = [|Σ_i Δr_i(τ)|² − |Σ_i Δr_i(τ/2)|²] / (6 N τ/2),
///   f_b   = [Σ_i |Δr_i(τ)|² − Σ_i |Δr_i(τ/2)|²] / (n_b a²),
///
/// with Δr_i the unwrapped displacement of ion i since the start of the block and n_b the hops
/// made in its second half. A mean square displacement that is linear in t beyond τ/2,
/// ⟨|Δr(t)|²⟩ = 6Dt + C, gives E[D_b] = D exactly: the offset C of the short-time motion (ions
/// rattling between neighbouring sites) cancels, where |Δr(τ)|²/(6τ) would carry a bias C/(6τ).
public struct KMCRunResult: Sendable {
    public let ionCount: Int
    public let siteCount: Int
    /// Ion density n = N/V in m⁻³, V = N_L³ a³ the volume of the periodic box.
    public let ionDensity: Double
    public let temperature: Double
    /// Block duration τ in s.
    public let blockDuration: Double
    /// D*_b in m²/s per block.
    public let tracer: [Double]
    /// Σ_i |Δr_i(τ/2)|²/(6N τ/2) per block, m²/s: the tracer estimate from the first half alone,
    /// which includes the offset C. Its ratio to D*_b tends to 1 once the motion is diffusive by
    /// τ/2, and exceeds it while the ions still mostly rattle in place (docs/kmc.md).
    public let earlyTracer: [Double]
    /// D_σ,b in m²/s per block.
    public let charge: [Double]
    /// f_b per block (NaN for a block without hops in its second half).
    public let correlation: [Double]
    /// Hops per block (both halves).
    public let hops: [Int]
    /// Hops made before production, and whether the equilibration criterion was met.
    public let equilibrationHops: Int
    public let equilibrated: Bool
    /// Time-averaged site energy per ion over the production run, eV.
    public let meanEnergyPerIon: Double
    /// Time-averaged occupation of each accessible site in landscape-index order of the
    /// accessible sites (nil unless recorded).
    public let occupations: [Double]?
    /// Total hops after which the configuration froze (`LatticeGas.isFrozen`: no hop possible, so
    /// it holds for ever and the displacements stop growing); nil when it never froze. A run that
    /// froze before production measures D* = D_σ = 0 and is not counted as equilibrated.
    public let frozenAfterHops: Int?
    /// σ(s) in S/m at `KMCSchedule.laplaceVariables` (`CurrentCorrelation`), over the production run.
    public var acConductivity: [Complex<Double>] = []
}

public enum KMCRun {
    /// One kinetic Monte Carlo run on `landscape` with its own ion count N: start, equilibrate by
    /// the stated criterion, then `schedule.blocks` blocks of duration τ = H·N·t̄/B, with t̄ the
    /// mean time per hop over the second half of the equilibration and H the production hops per
    /// ion. Everything is drawn from `stream`.
    public static func run(landscape: SiteEnergyLandscape, parameters: KMCParameters, schedule: KMCSchedule,
                           stream: RandomStream) throws(KMCError) -> KMCRunResult {
        let graph = HoppingGraph(landscape: landscape)
        let rates = MetropolisRates(graph: graph, parameters: parameters)
        var stream = stream
        let n = landscape.ionCount
        guard n >= 1, n < graph.siteCount else {
            throw .invalidParameter(name: "ion count", value: "\(n)", accepted: "1 … N_acc − 1 = \(graph.siteCount - 1)")
        }
        let start = try schedule.start.sites(graph: graph, ionCount: n, temperature: parameters.temperature, stream: &stream)
        let gas = try LatticeGas(graph: graph, rates: rates, occupiedSites: start, stream: stream,
                                 tracksOccupation: schedule.recordsOccupations)
        let edge = Double(landscape.lattice.edge)
        let a2 = parameters.latticeConstant * parameters.latticeConstant
        let density = Double(n) / (edge * edge * edge * a2 * parameters.latticeConstant)
        // Equilibration: windows of w hops, tested after each (EquilibrationCriterion), until the
        // criterion holds, the windows run out, or the configuration freezes.
        let criterion = schedule.equilibration
        let window = criterion.windowHops(ionCount: n)
        var windowEnergy: [Double] = [], windowTime: [Double] = []
        var equilibrated = false
        // Each window and block starts its own clock (`rebaseClock`): at low T one wait in a deep
        // trap can exceed the short ones by hundreds of decades, which an ever larger clock would
        // round away.
        while !gas.isFrozen && windowEnergy.count < criterion.maximumWindows {
            gas.rebaseClock()
            gas.resetEnergyIntegral()
            gas.run(maxEvents: window)
            if gas.isFrozen { break }   // a partial window says nothing about stationarity
            let span = gas.time
            windowEnergy.append(span > 0 ? gas.energyIntegral / span / Double(n) : gas.energy / Double(n))
            windowTime.append(span)
            if criterion.isStationary(windowEnergy) { equilibrated = true; break }
        }
        let equilibrationHops = gas.totalJumps
        let tau: Double
        if gas.isFrozen {
            tau = .infinity
        } else {
            let recent = windowTime[(windowTime.count / 2)...]
            let timePerHop = recent.reduce(0, +) / Double(recent.count * window)
            tau = schedule.productionHopsPerIon * Double(n) * timePerHop / Double(schedule.blocks)
        }
        // Blocks of equal duration τ (in units of 1/Γ0). τ is infinite when the run froze, or
        // when its hops are so slow that no block duration is a Double: either way the
        // configuration holds for any time a run can measure.
        guard tau.isFinite, tau > 0 else {
            return frozenResult(gas, graph: graph, ionDensity: density, parameters: parameters, schedule: schedule,
                                hops: equilibrationHops)
        }
        gas.rebaseClock()
        gas.resetOccupationTimes()
        gas.resetEnergyIntegral()
        // s in units of Γ0, the clock's.
        var correlation = CurrentCorrelation(laplaceVariables: schedule.laplaceVariables.map { $0 / Complex(exp(rates.logBaseRate)) },
                                             start: 0)
        gas.recordsXSteps = !schedule.laplaceVariables.isEmpty
        _ = gas.takeXSteps()
        /// Feeds the steps since the last call, on the clock of the block starting at `origin`.
        func correlate(origin: Double) {
            for (t, step) in gas.takeXSteps() { correlation.add(step: Double(step), at: origin + t) }
        }
        var squared: [Double] = [], early: [Double] = [], collective: [Double] = [], lateHops: [Int] = [], hops: [Int] = []
        for b in 0..<schedule.blocks {
            gas.rebaseClock()
            gas.resetDisplacements()
            while gas.time < 0.5 * tau {
                gas.run(maxEvents: 1 << 16, until: 0.5 * tau)
                correlate(origin: Double(b) * tau)
            }
            let (halfSquared, halfCollective, halfHops) = (gas.tracerSquaredDisplacement, gas.collectiveSquaredDisplacement, gas.jumps)
            while gas.time < tau {
                gas.run(maxEvents: 1 << 16, until: tau)
                correlate(origin: Double(b) * tau)
            }
            squared.append(gas.tracerSquaredDisplacement - halfSquared)
            early.append(halfSquared)
            collective.append(gas.collectiveSquaredDisplacement - halfCollective)
            lateHops.append(gas.jumps - halfHops)
            hops.append(gas.jumps)
        }
        let meanEnergy = gas.energyIntegral / (Double(schedule.blocks) * tau) / Double(n)

        // D = (length²·a²)/(6 N τ_s/2), τ_s = τ/Γ0, formed in log space for Γ0 = ν e^{−βu0}.
        let scale = exp(log(a2 / (3 * Double(n) * tau)) + rates.logBaseRate)
        var occupations: [Double]? = nil
        if let averages = gas.occupationAverages() { occupations = averages }
        // σ(s) = e²Ŝ/(k_B T a N_L³), Ŝ per second = Ŝ per 1/Γ0 times Γ0.
        let acFactor = exp(log(PhysicalConstants.elementaryCharge / (PhysicalConstants.boltzmannEV * parameters.temperature))
                           + rates.logBaseRate - log(parameters.latticeConstant) - 3 * log(edge))
        var result = KMCRunResult(
            ionCount: n, siteCount: graph.siteCount, ionDensity: density,
            temperature: parameters.temperature,
            blockDuration: exp(log(tau) - rates.logBaseRate),
            tracer: squared.map { $0 * scale }, earlyTracer: early.map { $0 * scale },
            charge: collective.map { $0 * scale },
            correlation: zip(squared, lateHops).map { $1 > 0 ? $0 / Double($1) : .nan },
            hops: hops, equilibrationHops: equilibrationHops, equilibrated: equilibrated,
            meanEnergyPerIon: meanEnergy, occupations: occupations,
            frozenAfterHops: gas.isFrozen ? gas.totalJumps : nil)
        result.acConductivity = correlation.transform(duration: Double(schedule.blocks) * tau).map { $0 * Complex(acFactor) }
        return result
    }

    /// The result of a run that froze before production (`LatticeGas.isFrozen`), or whose mean
    /// wait per hop makes the block duration overflow a Double: the configuration holds for ever, so every block measures zero displacement (D* = D_σ = 0) over an unbounded
    /// duration, f is undefined (no hops), the occupations are the frozen configuration's, and
    /// equilibration cannot be judged (not equilibrated).
    private static func frozenResult(_ gas: LatticeGas, graph: HoppingGraph, ionDensity: Double, parameters: KMCParameters,
                                     schedule: KMCSchedule, hops: Int) -> KMCRunResult {
        let blocks = schedule.blocks
        var occupations: [Double]? = nil
        if schedule.recordsOccupations {
            var o = [Double](repeating: 0, count: graph.siteCount)
            for s in gas.ionSites { o[s] = 1 }
            occupations = o
        }
        let zeros = [Double](repeating: 0, count: blocks)
        var result = KMCRunResult(ionCount: gas.ionCount, siteCount: graph.siteCount, ionDensity: ionDensity,
                            temperature: parameters.temperature, blockDuration: .infinity,
                            tracer: zeros, earlyTracer: zeros, charge: zeros,
                            correlation: [Double](repeating: .nan, count: blocks), hops: [Int](repeating: 0, count: blocks),
                            equilibrationHops: hops, equilibrated: false,
                            meanEnergyPerIon: gas.energy / Double(gas.ionCount), occupations: occupations,
                            frozenAfterHops: hops)
        result.acConductivity = [Complex<Double>](repeating: .zero, count: schedule.laplaceVariables.count)
        return result
    }

    /// The stream of a run's dynamics, apart from the stream that built its landscape:
    /// realisation r of the point keyed by (landscape point key, T, c) under master seed s.
    public static func dynamicsStream(seed: UInt64, landscapeKey: UInt64, temperature: Double, filling: Double?,
                                      realisation: Int) -> RandomStream {
        // "KMC" in ASCII separates these streams from the landscape streams of the same point.
        let key = SplitMix64.mix(landscapeKey ^ 0x4B4D43) ^ SplitMix64.mix((temperature + 0.0).bitPattern)
            ^ SplitMix64.mix(SplitMix64.mix(((filling ?? -1) + 0.0).bitPattern))
        return RandomStream(seed: seed, point: key, realisation: UInt64(realisation))
    }
}
