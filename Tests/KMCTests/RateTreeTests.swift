import Foundation
import Testing
import Landscape
@testable import KMC

/// The sum tree and the equilibration test, in isolation.
@Suite struct RateTreeTests {
    /// A tree of zeros over `leaves` leaves; the caller deallocates its two buffers.
    static func emptyTree(leaves: Int) -> (RateTree, RateTreeView) {
        let shape = RateTree(leaves: leaves)
        let nodes = UnsafeMutablePointer<Double>.allocate(capacity: shape.nodeCount)
        nodes.initialize(repeating: 0, count: shape.nodeCount)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: shape.levelOffset.count)
        offsets.initialize(from: shape.levelOffset, count: shape.levelOffset.count)
        return (shape, RateTreeView(nodes: nodes, offsets: offsets, levels: shape.levelOffset.count))
    }

    /// Inner sums are recomputed from the children, never updated by differences: after many
    /// random updates the tree equals a fresh rebuild bit for bit, and a leaf 1e-200 beside
    /// leaves of order 1 keeps its exact value in every ancestor once the large ones are zeroed.
    @Test func updatesLeaveNoDriftAndKeepTinyRates() {
        let n = 1000
        let (shape, tree) = Self.emptyTree(leaves: n)
        defer { tree.nodes.deallocate(); tree.offsets.deallocate() }
        let nodes = tree.nodes
        let scratch = UnsafeMutablePointer<Int>.allocate(capacity: 16)
        defer { scratch.deallocate() }
        var random = RandomStream(seed: 1, point: 0, realisation: 0)
        for _ in 0..<20_000 {
            let count = 1 + random.index(below: 12)
            var leaves = Set<Int>()
            while leaves.count < count { leaves.insert(random.index(below: n)) }
            for (k, s) in leaves.sorted().enumerated() {
                tree.setLeaf(s, random.uniform() * 6)
                scratch[k] = s
            }
            tree.refresh(changed: scratch, count: count)
        }
        let incremental = Array(UnsafeBufferPointer(start: nodes, count: shape.nodeCount))
        shape.rebuild(nodes)
        #expect(incremental == Array(UnsafeBufferPointer(start: nodes, count: shape.nodeCount)))

        for s in 0..<n { tree.setLeaf(s, s == 517 ? 1e-200 : 1) }
        shape.rebuild(nodes)
        for s in 0..<n where s != 517 { tree.setLeaf(s, 0) }
        for start in stride(from: 0, to: n, by: 12) {
            var count = 0
            for s in start..<min(start + 12, n) where s != 517 { scratch[count] = s; count += 1 }
            tree.refresh(changed: scratch, count: count)
        }
        #expect(tree.total == 1e-200)
        let (leaf, remainder) = tree.select(0.5e-200)
        #expect(leaf == 517 && remainder == 0.5e-200)
    }

    /// Selection frequencies follow the leaf weights: a χ² test with 7 degrees of freedom on
    /// 8 leaves of weights 1 … 8 and 360 000 draws (the 99.99 % point of χ²₇ is 29.9).
    @Test func selectionIsProportionalToRate() {
        let (shape, tree) = Self.emptyTree(leaves: 8)
        defer { tree.nodes.deallocate(); tree.offsets.deallocate() }
        let nodes = tree.nodes
        for s in 0..<8 { tree.setLeaf(s, Double(s + 1)) }
        shape.rebuild(nodes)
        var counts = [Int](repeating: 0, count: 8)
        var random = RandomStream(seed: 2, point: 0, realisation: 0)
        let draws = 360_000
        for _ in 0..<draws { counts[tree.select(random.uniform() * tree.total).leaf] += 1 }
        let chi2 = (0..<8).reduce(0.0) { sum, s in
            let expected = Double(draws) * Double(s + 1) / 36
            return sum + (Double(counts[s]) - expected) * (Double(counts[s]) - expected) / expected
        }
        #expect(chi2 < 29.9)
    }

    /// The drift test stops on stationary noise and never on a drift of one noise width per window.
    @Test func equilibrationCriterionSeesDrift() throws {
        let criterion = try EquilibrationCriterion(minimumWindows: 16)
        var random = RandomStream(seed: 3, point: 0, realisation: 0)
        let flat = (0..<64).map { _ in random.normal() }
        let drifting = (0..<64).map { k in random.normal() - Double(k) }
        #expect(!criterion.isStationary(Array(flat[0..<15])))
        #expect((16...64).contains { criterion.isStationary(Array(flat[0..<$0])) })
        #expect(!(16...64).contains { criterion.isStationary(Array(drifting[0..<$0])) })
        #expect(throws: KMCError.self) { try EquilibrationCriterion(minimumWindows: 2) }
    }
}
