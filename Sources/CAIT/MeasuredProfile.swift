/// A measured concentration depth profile (docs/model.md §9 inverse problem; e.g. ToF-SIMS in [GSW]):
/// depth (m), native fraction n1/n_b, foreign fraction n2/n_b. Parsing files is the front end's
/// job; this type validates the arrays and names the first bad row (1-based).
public struct MeasuredProfile: Sendable, Equatable {
    public let depth: [Double]
    public let nativeFraction: [Double]
    public let foreignFraction: [Double]

    public init(depth: [Double], nativeFraction: [Double], foreignFraction: [Double]) throws(CAITError) {
        guard depth.count >= 4 else {
            throw .invalidParameter(name: "measured profile length", value: "\(depth.count) rows", accepted: "at least 4 rows")
        }
        guard nativeFraction.count == depth.count, foreignFraction.count == depth.count else {
            throw .invalidParameter(name: "measured profile columns",
                                    value: "\(depth.count) depths, \(nativeFraction.count) native, \(foreignFraction.count) foreign",
                                    accepted: "equal lengths")
        }
        for k in depth.indices {
            guard depth[k].isFinite, depth[k] >= 0 else {
                throw .invalidParameter(name: "depth at row \(k + 1)", value: "\(depth[k]) m", accepted: "finite and ≥ 0 m")
            }
            for (name, value) in [("native fraction", nativeFraction[k]), ("foreign fraction", foreignFraction[k])] {
                guard value.isFinite, value > -1, value < 10 else {
                    throw .invalidParameter(name: "\(name) at row \(k + 1)", value: "\(value)", accepted: "finite, −1 < x < 10")
                }
            }
        }
        self.depth = depth
        self.nativeFraction = nativeFraction
        self.foreignFraction = foreignFraction
    }

    /// A simulated profile sampled at this profile's depths: linear interpolation between cell
    /// centres; above the first centre the first cell's average applies (it covers [0, z_1]).
    /// Throws if a measured depth lies beyond the sample thickness `thickness`.
    func sample(_ profile: DepthProfile, thickness: Double) throws(CAITError) -> (native: [Double], foreign: [Double]) {
        let z = profile.depth
        var native: [Double] = [], foreign: [Double] = []
        for (row, x) in depth.enumerated() {
            guard x <= thickness else {
                throw .invalidParameter(name: "depth at row \(row + 1)", value: "\(x) m", accepted: "≤ sample thickness \(thickness) m")
            }
            if x <= z[0] {
                native.append(profile.nativeFraction[0]); foreign.append(profile.foreignFraction[0]); continue
            }
            if x >= z[z.count - 1] {
                native.append(profile.nativeFraction[z.count - 1]); foreign.append(profile.foreignFraction[z.count - 1]); continue
            }
            var lo = 0, hi = z.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if z[mid] <= x { lo = mid } else { hi = mid }
            }
            let w = (x - z[lo]) / (z[hi] - z[lo])
            native.append(profile.nativeFraction[lo] + w * (profile.nativeFraction[hi] - profile.nativeFraction[lo]))
            foreign.append(profile.foreignFraction[lo] + w * (profile.foreignFraction[hi] - profile.foreignFraction[lo]))
        }
        return (native, foreign)
    }
}
