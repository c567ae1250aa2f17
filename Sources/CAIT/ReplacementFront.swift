/// Shape measures of a replacement profile (docs/model.md §9 outputs; [GSW] Fig. 1).
public struct ReplacementFront: Sendable, Equatable {
    /// Front position z_f in m: the deepest depth where n2 falls through half of its largest value
    /// (linear interpolation between cell centres). With full replacement that is n2/n_b ≈ ½; with
    /// partial replacement (a landscape SED, where a mixed zone holds n2/n_b ≈ 0.2–0.4) it is still
    /// the edge of the zone.
    public let position: Double
    /// 10–90 % width in m: distance between the deepest depths where n2 equals 10 % and 90 % of
    /// its level behind the front.
    public let width: Double
    /// Foreign level behind the front: the volume-weighted mean of n2/n_b over [¼, ¾]·z_f.
    public let foreignLevel: Double
    /// The immobile native plateau: the volume-weighted mean of n1/n_b over [¼, ¾]·z_f.
    public let nativePlateau: Double
    /// max |z1 n1 + z2 n2 − b n_b|/n_b outside the front region [z_f − 5w, z_f + 5w] and outside
    /// the first `surfaceExclusion` m (the surface Debye layer).
    public let maximumChargeImbalance: Double

    /// Measures `profile`. Throws `.analysis` if the profile has no front (no foreign ions) or no
    /// replacement zone (no cell centre within [¼, ¾]·z_f).
    public init(profile: DepthProfile, backgroundFraction: Double = 1, chargeNumbers: (Int, Int) = (1, 1),
                surfaceExclusion: Double = 0) throws(CAITError) {
        let z = profile.depth, u2 = profile.foreignFraction
        let largest = u2.max() ?? 0
        guard largest > 0, let front = Self.deepestCrossing(z, u2, level: 0.5 * largest) else {
            throw .analysis("no replacement front: no foreign ions at t = \(profile.time) s")
        }
        var weight = 0.0, foreign = 0.0, native = 0.0
        for k in z.indices where z[k] >= 0.25 * front && z[k] <= 0.75 * front {
            let w = (k + 1 < z.count ? z[k + 1] : z[k]) - (k > 0 ? z[k - 1] : 0)
            weight += w; foreign += w * u2[k]; native += w * profile.nativeFraction[k]
        }
        guard weight > 0 else {
            throw .analysis("front at \(front) m is too shallow for the grid: no cell in the replacement zone [¼, ¾]·z_f")
        }
        foreign /= weight; native /= weight
        guard let low = Self.deepestCrossing(z, u2, level: 0.1 * foreign),
              let high = Self.deepestCrossing(z, u2, level: 0.9 * foreign) else {
            throw .analysis("foreign profile does not cross 10 % and 90 % of its level \(foreign)")
        }
        let width = abs(low - high)
        var imbalance = 0.0
        for k in z.indices where z[k] >= surfaceExclusion && abs(z[k] - front) > 5 * width {
            let q = Double(chargeNumbers.0) * profile.nativeFraction[k] + Double(chargeNumbers.1) * u2[k] - backgroundFraction
            imbalance = max(imbalance, abs(q))
        }
        position = front
        self.width = width
        foreignLevel = foreign
        nativePlateau = native
        maximumChargeImbalance = imbalance
    }

    /// Deepest z where the piecewise-linear interpolant of `values` crosses `level`.
    static func deepestCrossing(_ z: [Double], _ values: [Double], level: Double) -> Double? {
        var k = z.count - 1
        while k > 0 {
            let a = values[k - 1] - level, b = values[k] - level
            if (a >= 0) != (b >= 0) {
                return z[k - 1] + (z[k] - z[k - 1]) * a / (a - b)
            }
            k -= 1
        }
        return nil
    }
}
