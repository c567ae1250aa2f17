import Foundation

/// Cell-centred finite-volume grid on z ∈ [0, d], graded towards the front surface z = 0
/// (docs/model.md §9: "nm near the surface, coarse in the bulk").
///
/// Faces follow the smooth geometric map z(ξ) = d·(R^ξ − 1)/(R − 1), ξ = k/N (R = 1: uniform),
/// so the spacing grows by the constant factor R^{1/N} per cell and refining N keeps the same
/// smooth map — the scheme's second order in Δz survives the grading.
public struct FiniteVolumeGrid: Sendable, Equatable {
    /// Face positions z_0 = 0 < … < z_N = d, in m.
    public let faces: [Double]
    /// Cell centres x_k = (z_k + z_{k+1})/2.
    public let centers: [Double]
    /// Cell widths V_k = z_{k+1} − z_k.
    public let widths: [Double]
    /// Distances across faces: h_0 = x_0, h_k = x_k − x_{k−1}, h_N = d − x_{N−1}.
    public let faceDistances: [Double]

    public var cellCount: Int { centers.count }
    public var thickness: Double { faces[faces.count - 1] }

    /// A grid of `cells` cells over `thickness` whose first cell is `surfaceCellWidth` wide
    /// (nil: uniform). The growth ratio R is found by bisection on log R.
    public init(thickness: Double, cells: Int, surfaceCellWidth: Double? = nil) throws(CAITError) {
        try CAITError.require("thickness", thickness, in: 1e-10...1, accepted: "1e-10 m … 1 m")
        guard cells >= 4, cells <= 10_000_000 else {
            throw .invalidParameter(name: "cells", value: "\(cells)", accepted: "4 … 10000000")
        }
        let uniform = thickness / Double(cells)
        var logRatio = 0.0
        if let h0 = surfaceCellWidth {
            guard h0.isFinite, h0 > 0, h0 <= uniform else {
                throw .invalidParameter(name: "surface cell width", value: "\(h0) m",
                                        accepted: "0 < h0 ≤ d/N = \(uniform) m")
            }
            /// First-cell width for log R = s (decreasing in s).
            func firstWidth(_ s: Double) -> Double {
                s == 0 ? uniform : thickness * expm1(s / Double(cells)) / expm1(s)
            }
            var lo = 0.0, hi = 1.0
            while firstWidth(hi) > h0 { hi *= 2; if hi > 700 { break } }
            guard firstWidth(hi) <= h0 else {
                throw .invalidParameter(name: "surface cell width", value: "\(h0) m",
                                        accepted: "≥ \(firstWidth(hi)) m for \(cells) cells over \(thickness) m")
            }
            for _ in 0..<200 {
                let mid = 0.5 * (lo + hi)
                if firstWidth(mid) > h0 { lo = mid } else { hi = mid }
            }
            logRatio = 0.5 * (lo + hi)
        }
        var z = [Double](repeating: 0, count: cells + 1)
        for k in 0...cells {
            let xi = Double(k) / Double(cells)
            z[k] = logRatio == 0 ? thickness * xi : thickness * expm1(logRatio * xi) / expm1(logRatio)
        }
        z[cells] = thickness
        faces = z
        centers = (0..<cells).map { 0.5 * (z[$0] + z[$0 + 1]) }
        widths = (0..<cells).map { z[$0 + 1] - z[$0] }
        var distances = [centers[0]]
        for k in 1..<cells { distances.append(centers[k] - centers[k - 1]) }
        distances.append(thickness - centers[cells - 1])
        faceDistances = distances
    }
}
