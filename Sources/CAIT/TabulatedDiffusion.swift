import Foundation

/// A native diffusion law D1(n) from a table of the diffusion coefficient against the site
/// filling c — e.g. the chemical diffusion coefficient D_chem(c) of a landscape's conductance
/// network (`ionscape diffusion`, docs/kmc.md "D(n) for CAIT").
///
/// The native density n1 = u·n_b fills the sites N_s = n_b/(1 − f_v) to c = u(1 − f_v), and
///
///   D1(u) = D_bulk · D(c(u)) / D(c_bulk),   c_bulk = 1 − f_v,
///
/// so the table sets the shape of D1(n) and D_bulk its scale, as in the seed-002 law
/// (`SiteEnergyDiffusion`). Between the table's fillings log D is the monotone piecewise-cubic
/// interpolant of Fritsch & Carlson (SIAM J. Numer. Anal. 17, 238 (1980)), which keeps its
/// derivative continuous and adds no extrema between knots. Outside the table log D is
/// constant: below its first filling the ions are dilute and D_chem tends to the single-ion
/// value, above its last the vacancies are, and D_chem tends to the single-vacancy value.
/// D(c) need not be monotone, so dD1/du can be negative.
public struct TabulatedDiffusion: Sendable {
    /// D_bulk in m²/s: D1 at u = 1.
    public let bulkDiffusivity: Double
    /// f_v: c = u(1 − f_v).
    public let vacancyFraction: Double
    /// The table: fillings c (increasing, in (0, 1)) and log D.
    public let fillings: [Double]
    public let logDiffusivities: [Double]
    /// d log D/dc at each knot (Fritsch–Carlson).
    private let slopes: [Double]
    /// log D(c_bulk).
    private let logBulk: Double

    /// u_max = 1/(1 − f_v): every site filled.
    public var maximumFraction: Double { 1 / (1 - vacancyFraction) }

    /// - Throws: `CAITError.invalidParameter` for fewer than two rows, fillings not strictly
    ///   increasing inside (0, 1), a D that is not finite and positive, or a bulk filling 1 − f_v
    ///   outside the table (the scale would then rest on an extrapolation).
    public init(fillings: [Double], diffusivities: [Double], bulkDiffusivity: Double,
                vacancyFraction: Double) throws(CAITError) {
        guard fillings.count >= 2, fillings.count == diffusivities.count else {
            throw .invalidParameter(name: "diffusion table", value: "\(fillings.count) fillings, \(diffusivities.count) values",
                                    accepted: "at least 2 rows, one D per filling")
        }
        for (k, c) in fillings.enumerated() {
            guard c.isFinite, c > 0, c < 1, k == 0 || c > fillings[k - 1] else {
                throw .invalidParameter(name: "diffusion table filling (row \(k + 1))", value: "\(c)",
                                        accepted: "strictly increasing fillings in (0, 1)")
            }
            guard diffusivities[k].isFinite, diffusivities[k] > 0 else {
                throw .invalidParameter(name: "diffusion table D at filling \(c)", value: "\(diffusivities[k]) m²/s",
                                        accepted: "finite and > 0")
            }
        }
        try CAITError.require("D_bulk", bulkDiffusivity, in: 1e-40...1, accepted: "1e-40 … 1 m²/s")
        try CAITError.require("vacancy fraction", vacancyFraction, in: 1e-12...(1 - 1e-12), accepted: "0 < f_v < 1")
        let bulk = 1 - vacancyFraction
        guard bulk >= fillings[0], bulk <= fillings[fillings.count - 1] else {
            throw .invalidParameter(name: "bulk filling 1 − f_v", value: "\(bulk)",
                                    accepted: "inside the table's fillings \(fillings[0]) … \(fillings[fillings.count - 1])")
        }
        self.bulkDiffusivity = bulkDiffusivity
        self.vacancyFraction = vacancyFraction
        self.fillings = fillings
        let logs = diffusivities.map { log($0) }
        self.logDiffusivities = logs
        self.slopes = Self.fritschCarlsonSlopes(x: fillings, y: logs)
        self.logBulk = Self.interpolate(bulk, x: fillings, y: logs, slopes: slopes).value
    }

    /// D of a table at filling c (interpolated as the law does; constant outside the table).
    public static func interpolated(_ table: FillingDiffusionTable, at c: Double) throws(CAITError) -> Double {
        guard table.fillings.count >= 2, table.fillings.count == table.diffusivities.count,
              table.diffusivities.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .invalidParameter(name: "diffusion table", value: table.source, accepted: "at least 2 rows of positive D")
        }
        let logs = table.diffusivities.map { log($0) }
        let slopes = fritschCarlsonSlopes(x: table.fillings, y: logs)
        return exp(interpolate(c, x: table.fillings, y: logs, slopes: slopes).value)
    }

    /// D1(u) and dD1/du in SI units.
    /// - Throws: `.fillingOutOfDomain` unless 0 < u < u_max.
    public func evaluate(fraction u: Double) throws(CAITError) -> (value: Double, derivative: Double) {
        guard u > 0, u < maximumFraction else { throw .fillingOutOfDomain(fraction: u, upperLimit: maximumFraction) }
        let (logD, slope) = Self.interpolate(u * (1 - vacancyFraction), x: fillings, y: logDiffusivities, slopes: slopes)
        let value = bulkDiffusivity * exp(logD - logBulk)
        return (value, value * slope * (1 - vacancyFraction))
    }

    /// Monotone cubic Hermite slopes (Fritsch & Carlson 1980): the harmonic-type weighted mean of
    /// the neighbouring secant slopes where they have the same sign, 0 at a local extremum, and
    /// one-sided three-point slopes at the ends, limited the same way.
    static func fritschCarlsonSlopes(x: [Double], y: [Double]) -> [Double] {
        let n = x.count
        let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
        let delta = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        guard n > 2 else { return [delta[0], delta[0]] }
        var m = [Double](repeating: 0, count: n)
        for k in 1..<(n - 1) where delta[k - 1] * delta[k] > 0 {
            let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
            m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])
        }
        func end(_ h0: Double, _ h1: Double, _ d0: Double, _ d1: Double) -> Double {
            let s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
            if s * d0 <= 0 { return 0 }
            if d0 * d1 <= 0 && abs(s) > abs(3 * d0) { return 3 * d0 }
            return s
        }
        m[0] = end(h[0], h[1], delta[0], delta[1])
        m[n - 1] = end(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3])
        return m
    }

    /// The cubic Hermite interpolant and its derivative at t; constant outside [x₀, x_last].
    static func interpolate(_ t: Double, x: [Double], y: [Double], slopes m: [Double]) -> (value: Double, slope: Double) {
        let last = x.count - 1
        if t <= x[0] { return (y[0], 0) }
        if t >= x[last] { return (y[last], 0) }
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if x[mid] <= t { lo = mid } else { hi = mid }
        }
        let h = x[hi] - x[lo]
        let s = (t - x[lo]) / h, s2 = s * s, s3 = s2 * s
        let value = (2 * s3 - 3 * s2 + 1) * y[lo] + (s3 - 2 * s2 + s) * h * m[lo] + (-2 * s3 + 3 * s2) * y[hi]
            + (s3 - s2) * h * m[hi]
        let slope = ((6 * s2 - 6 * s) * y[lo] + (-6 * s2 + 6 * s) * y[hi]) / h + (3 * s2 - 4 * s + 1) * m[lo]
            + (3 * s2 - 2 * s) * m[hi]
        return (value, slope)
    }
}

/// D(c) against the site filling, as read from a table or computed from a landscape's network,
/// before D_bulk and f_v turn it into a `TabulatedDiffusion`.
public struct FillingDiffusionTable: Sendable, Equatable {
    public let fillings: [Double]
    /// D in m²/s at each filling.
    public let diffusivities: [Double]
    /// Where the table came from, for reports.
    public let source: String

    public init(fillings: [Double], diffusivities: [Double], source: String) {
        self.fillings = fillings
        self.diffusivities = diffusivities
        self.source = source
    }
}

extension CAITScenario {
    /// The native law D1(n): [GSW]'s E_F-shift law from the SED (`SiteEnergyDiffusion`), or,
    /// when `nativeDiffusionTable` is set, that table scaled to D_bulk (`TabulatedDiffusion`).
    public func nativeDiffusionLaw() throws(CAITError) -> DiffusionLaw {
        guard let table = nativeDiffusionTable else { return .siteEnergy(try nativeDiffusion()) }
        return .tabulated(try TabulatedDiffusion(fillings: table.fillings, diffusivities: table.diffusivities,
                                                 bulkDiffusivity: bulkDiffusivity, vacancyFraction: vacancyFraction))
    }
}
