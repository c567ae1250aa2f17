import Landscape
import Foundation

/// How sites are filled from the bottom of g(E) (docs/model.md §9).
public enum FillingStatistics: Sendable, Equatable {
    /// T → 0 (the default): N_s·G(E_F) = n.
    case zeroTemperature
    /// Fermi–Dirac at temperature T: N_s ∫ g(E) f(E − E_F) dE = n.
    case fermiDirac(temperature: Double)
}

/// The filling map n ↔ E_F(n) of docs/model.md §9 for one SED: sites of density N_s = n_b/(1 − f_v)
/// (f_v: vacancy fraction, default 0.10, [GSW] §3.3) are filled from the bottom of g(E).
/// Fillings are given as u = n/n_b, so the domain is 0 < u < u_max = 1/(1 − f_v).
///
/// T → 0: E_F(u) = G⁻¹(u(1 − f_v)) and dE_F/du = (1 − f_v)/g(E_F), exact.
/// Fermi–Dirac: u(E_F) is tabulated once on a 1 meV-scale grid of E_F (quadrature of
/// ∫ G(E)·βf(1 − f) dE, i.e. the occupancy integral after an integration by parts), and the
/// inverse is found by safeguarded Newton on the cubic Hermite interpolant of that table, whose
/// derivative is used for dE_F/du so the Newton Jacobian is consistent with the map.
public struct FillingMap: Sendable {
    public let distribution: any SiteEnergyDistribution
    /// f_v.
    public let vacancyFraction: Double
    public let statistics: FillingStatistics
    /// Fermi–Dirac table: E_F knots, u(E_F) and du/dE_F at each knot (empty at T → 0).
    private let knots: [Double], fractions: [Double], slopes: [Double]

    public init(distribution: any SiteEnergyDistribution, vacancyFraction: Double = 0.10,
                statistics: FillingStatistics = .zeroTemperature) throws(CAITError) {
        try CAITError.require("vacancy fraction", vacancyFraction, in: 0...0.99, accepted: "0 ≤ f_v ≤ 0.99")
        self.distribution = distribution
        self.vacancyFraction = vacancyFraction
        self.statistics = statistics
        guard case let .fermiDirac(temperature) = statistics else {
            knots = []; fractions = []; slopes = []
            return
        }
        try CAITError.require("filling temperature", temperature, in: 1e-3...1e5, accepted: "1e-3 K ≤ T ≤ 1e5 K")
        let kT = PhysicalConstants.thermalEnergy(temperature: temperature)
        let range = distribution.energyRange
        let lo = range.lowerBound - 30 * kT, hi = range.upperBound + 30 * kT
        let count = 2001
        let step = (hi - lo) / Double(count - 1)
        var e = [Double](), u = [Double](), du = [Double]()
        for k in 0..<count {
            let ef = lo + Double(k) * step
            let (occupancy, derivative) = Self.fermiOccupancy(distribution, fermiLevel: ef, kT: kT)
            e.append(ef)
            u.append(occupancy / (1 - vacancyFraction))
            du.append(derivative / (1 - vacancyFraction))
        }
        knots = e; fractions = u; slopes = du
    }

    /// Largest filling, u_max = N_s/n_b = 1/(1 − f_v).
    public var maximumFraction: Double { 1 / (1 - vacancyFraction) }

    /// ∫ g(E) f(E − E_F) dE = ∫ G(E_F + kT s) w(s) ds and its E_F-derivative ∫ g(E_F + kT s) w(s) ds,
    /// with w(s) = e^s/(1 + e^s)² (= −df/ds, unit area), by the trapezoid rule on s ∈ [−36, 36],
    /// Δs = 1/4 (w is analytic, so the rule converges geometrically; the truncated tails hold < 1e-15).
    static func fermiOccupancy(_ g: any SiteEnergyDistribution, fermiLevel ef: Double,
                               kT: Double) -> (occupancy: Double, derivative: Double) {
        var occupancy = 0.0, derivative = 0.0
        let ds = 0.25
        for j in -144...144 {
            let s = Double(j) * ds
            let w = exp(-abs(s)) / ((1 + exp(-abs(s))) * (1 + exp(-abs(s))))
            occupancy += w * g.cumulative(at: ef + kT * s)
            derivative += w * g.density(at: ef + kT * s)
        }
        return (occupancy * ds, derivative * ds)
    }

    /// Forward map u(E_F) = n/n_b at Fermi level `fermiLevel` (eV).
    public func fraction(fermiLevel: Double) -> Double {
        switch statistics {
        case .zeroTemperature:
            return distribution.cumulative(at: fermiLevel) / (1 - vacancyFraction)
        case let .fermiDirac(temperature):
            let kT = PhysicalConstants.thermalEnergy(temperature: temperature)
            return Self.fermiOccupancy(distribution, fermiLevel: fermiLevel, kT: kT).occupancy / (1 - vacancyFraction)
        }
    }

    /// E_F(u) in eV and log(dE_F/du) (log space: dE_F/du grows like e^{x²/2} in a Gaussian tail).
    /// Throws `.fillingOutOfDomain` unless 0 < u < u_max; for the Fermi–Dirac table the lower limit
    /// is the filling at the table's lowest E_F (30 k_BT below the SED's energy range).
    public func fermiLevel(fraction u: Double) throws(CAITError) -> (energy: Double, logSlope: Double) {
        let upper = maximumFraction
        guard u > 0, u < upper else { throw .fillingOutOfDomain(fraction: u, upperLimit: upper) }
        switch statistics {
        case .zeroTemperature:
            let p = u * (1 - vacancyFraction)
            let energy = distribution.quantile(p)
            let logDensity = distribution.logDensity(at: energy)
            guard logDensity.isFinite else { throw .fillingOutOfDomain(fraction: u, upperLimit: upper) }
            return (energy, log(1 - vacancyFraction) - logDensity)
        case .fermiDirac:
            return try tabulatedFermiLevel(u)
        }
    }

    /// Inverse of the cubic Hermite interpolant of u(E_F) on the table (safeguarded Newton).
    private func tabulatedFermiLevel(_ u: Double) throws(CAITError) -> (energy: Double, logSlope: Double) {
        let last = fractions.count - 1
        guard u > fractions[0], u < fractions[last] else {
            throw .fillingOutOfDomain(fraction: u, upperLimit: maximumFraction)
        }
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if fractions[mid] < u { lo = mid } else { hi = mid }
        }
        let h = knots[hi] - knots[lo]
        let (u0, u1, m0, m1) = (fractions[lo], fractions[hi], slopes[lo] * h, slopes[hi] * h)
        /// Hermite value and d/dt on t ∈ [0, 1].
        func hermite(_ t: Double) -> (Double, Double) {
            let t2 = t * t, t3 = t2 * t
            let value = (2 * t3 - 3 * t2 + 1) * u0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * u1 + (t3 - t2) * m1
            let slope = (6 * t2 - 6 * t) * u0 + (3 * t2 - 4 * t + 1) * m0 + (-6 * t2 + 6 * t) * u1 + (3 * t2 - 2 * t) * m1
            return (value, slope)
        }
        var a = 0.0, b = 1.0, t = (u - u0) / (u1 - u0)
        for _ in 0..<60 {
            let (value, slope) = hermite(t)
            if value < u { a = t } else { b = t }
            var next = slope > 0 ? t - (value - u) / slope : .nan
            if !(next > a && next < b) { next = 0.5 * (a + b) }
            if abs(next - t) <= 1e-15 { t = next; break }
            t = next
        }
        let slope = hermite(t).1 / h
        guard slope > 0 else { throw .fillingOutOfDomain(fraction: u, upperLimit: maximumFraction) }
        return (knots[lo] + t * h, -log(slope))
    }
}
