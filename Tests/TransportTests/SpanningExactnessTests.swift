import Foundation
import Testing
@testable import Landscape
@testable import Transport

/// The bucketed union–find search against independent references (docs/model.md §5: Δ_c is exact).
@Suite struct SpanningExactnessTests {
    /// Brute force (full sort, BFS after every link) on small lattices with random link values
    /// and blocked sites: the thresholds agree exactly, and so does the link (values are
    /// continuous, so ties have probability ~0 and the critical link is unique).
    @Test(arguments: [4, 5, 6])
    func agreesWithBruteForceOnRandomLinks(edge: Int) throws {
        let lattice = try CubicLattice(edge: edge)
        for seed in 1...40 as ClosedRange<UInt64> {
            var random = XorShiftStar(seed: seed &* 7919)
            let open = (0..<lattice.siteCount).map { _ in random.uniform() >= 0.15 }
            var table: [Int: Double] = [:]
            let value = { (i: Int, j: Int) -> Double in
                let key = min(i, j) * lattice.siteCount + max(i, j)
                if let v = table[key] { return v }
                let v = random.uniform()
                table[key] = v
                return v
            }
            let reference = BruteForceSpanning.threshold(edge: edge, isAccessible: open, value: value)
            let link = SpanningThreshold.firstSpanningLink(lattice: lattice, isAccessible: open, value: value)
            #expect(link?.value == reference?.value)
            if let link, let reference {
                #expect(Set([link.site, link.neighbour]) == Set([reference.i, reference.j]))
            }
        }
    }

    /// Δ_c of Gaussian landscapes against brute force with eq. (8b) evaluated by the test.
    @Test func criticalBarrierAgreesWithBruteForce() throws {
        for seed in 1...30 as ClosedRange<UInt64> {
            let landscape = try gaussianLandscape(edge: 5, seed: seed, scale: 0.27, blocked: 0.1)
            let fermi = try Occupation.fermiLevel(of: landscape)
            let e = landscape.energies
            let reference = BruteForceSpanning.threshold(edge: 5, isAccessible: landscape.isAccessible) {
                referenceBarrier(e[$0], e[$1], u0: 0.064, fermi: fermi)
            }
            guard let reference else {
                #expect(throws: TransportError.self) { try CriticalBarrier.of(landscape, hopBarrier: 0.064) }
                continue
            }
            #expect(try CriticalBarrier.of(landscape, hopBarrier: 0.064).value == reference.value)
        }
    }

    /// Larger lattices against a plain full sort + union–find, with heavy ties (8 levels),
    /// infinite values and a value spread over many decades, to stress the bucket boundaries.
    @Test(arguments: ["ties", "infinite", "decades"])
    func agreesWithPlainSortOnLargerLattices(pattern: String) throws {
        let lattice = try CubicLattice(edge: 14)
        for seed in 1...6 as ClosedRange<UInt64> {
            var random = XorShiftStar(seed: seed &+ 1000)
            let open = (0..<lattice.siteCount).map { _ in random.uniform() >= 0.05 }
            var values: [Double] = []
            IonLinks(lattice: lattice).forEachLink(isAccessible: open) { _, _ in
                let u = random.uniform()
                switch pattern {
                case "ties": values.append((8 * u).rounded(.down))
                case "infinite": values.append(u < 0.3 ? .infinity : u)
                default: values.append(pow(10, 12 * u - 6))
                }
            }
            var k = 0
            let link = SpanningThreshold.firstSpanningLink(lattice: lattice, isAccessible: open) { _, _ in
                defer { k += 1 }
                return values[k]
            }
            #expect(link?.value == plainSortThreshold(lattice: lattice, isAccessible: open, values: values))
        }
    }

    /// Reference: a full comparison sort of all links, then union–find until spanning.
    private func plainSortThreshold(lattice: CubicLattice, isAccessible: [Bool], values: [Double]) -> Double? {
        var ends: [(Int, Int)] = []
        IonLinks(lattice: lattice).forEachLink(isAccessible: isAccessible) { ends.append(($0, $1)) }
        var sets = DisjointSets(count: lattice.siteCount)
        let last = lattice.edge - 1
        for y in 0..<lattice.edge { for z in 0..<lattice.edge {
            sets.mark(lattice.index(0, y, z), boundary: 1)
            sets.mark(lattice.index(last, y, z), boundary: 2)
        } }
        for k in values.indices.sorted(by: { values[$0] < values[$1] }) where sets.union(ends[k].0, ends[k].1) == 3 {
            return values[k]
        }
        return nil
    }

    /// All links equal: the threshold is that value, found exactly.
    @Test func uniformLinksSpanAtTheirValue() throws {
        let lattice = try CubicLattice(edge: 5)
        let open = [Bool](repeating: true, count: lattice.siteCount)
        let link = SpanningThreshold.firstSpanningLink(lattice: lattice, isAccessible: open) { _, _ in 0.25 }
        #expect(link?.value == 0.25)
    }
}
