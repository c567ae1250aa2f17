import Testing
@testable import Landscape
@testable import Transport

@Suite struct SpanningThresholdTests {
    /// All links equal: the threshold is that value, found exactly.
    @Test func uniformLinksSpanAtTheirValue() throws {
        let lattice = try CubicLattice(edge: 5)
        let open = [Bool](repeating: true, count: lattice.siteCount)
        let link = SpanningThreshold.firstSpanningLink(lattice: lattice, isAccessible: open) { _, _ in 0.25 }
        #expect(link?.value == 0.25)
    }
}
