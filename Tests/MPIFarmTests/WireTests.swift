@testable import MPIFarm
import Testing
import WorkUnits

/// The farm's messages cross ranks bit for bit.
@Suite struct WireTests {
    @Test func reportRoundTripsBitForBit() throws {
        var report = Report()
        report.wanted = 3
        report.done = true
        let awkward = [-0.0, .infinity, .leastNonzeroMagnitude, 0.1 + 0.2, Double(bitPattern: 0x7ff8_0000_0000_0123)]
        for (k, value) in awkward.enumerated() {
            report.results.append((piece: UnitPiece(unit: 1000 + k, parts: k..<(k + 3)), cost: UnitCost(wallSeconds: value, cpuSeconds: -value),
                                   payload: [UInt8(k), 0, 255]))
        }
        report.failures.append((piece: UnitPiece(unit: 7, parts: 0..<1), exitCode: 2, message: "invalid σ_ε = −1; accepted: ≥ 0"))
        report.latencies = [1e-4, 2.5e-3]
        let decoded = try Report(report.bytes)
        #expect(decoded.wanted == 3 && decoded.done)
        #expect(decoded.results.map(\.piece) == report.results.map(\.piece))
        #expect(decoded.results.map(\.payload) == report.results.map(\.payload))
        #expect(decoded.results.map(\.cost.wallSeconds.bitPattern) == awkward.map(\.bitPattern))
        #expect(decoded.results.map(\.cost.cpuSeconds.bitPattern) == awkward.map { (-$0).bitPattern })
        #expect(decoded.failures.count == 1 && decoded.failures[0].piece == UnitPiece(unit: 7, parts: 0..<1) && decoded.failures[0].exitCode == 2
            && decoded.failures[0].message == report.failures[0].message)
        #expect(decoded.latencies == report.latencies)
    }

    @Test func truncatedMessageIsAnError() {
        var report = Report()
        report.results.append((piece: UnitPiece(unit: 1, parts: 0..<2), cost: UnitCost(wallSeconds: 1, cpuSeconds: 1), payload: [1, 2, 3]))
        let bytes = report.bytes
        #expect(throws: MPIError.self) { try Report(Array(bytes.dropLast(2))) }
    }
}
