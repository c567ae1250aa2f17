import Synchronization
import Testing
import WorkUnits

/// The dealing policy shared by threads and ranks (`UnitDealer`) and the single-process
/// scheduler built on it (`LocalUnits`).
@Suite struct UnitDealerTests {
    /// Deals until the dealer has none; the units of the pieces.
    private func dealAll(_ dealer: inout UnitDealer) -> [Int] {
        var units: [Int] = []
        while let p = dealer.next() { units.append(p.unit) }
        return units
    }

    private func piece(_ unit: Int) -> UnitPiece { UnitPiece(unit: unit, parts: 0..<1) }

    @Test func increasingOrderDealsEachUnitOnce() {
        var dealer = UnitDealer(units: [5, 1, 3, 0])
        #expect(dealAll(&dealer) == [0, 1, 3, 5])
        #expect(dealer.next() == nil)
        #expect(dealer.dealtCount == 4 && dealer.remainingParts == 0)
    }

    @Test func costliestGroupFirstProbesEveryGroupThenFollowsTheCosts() {
        // 3 points × 3 realisations; units 0–2 are point 0, 3–5 point 1, 6–8 point 2.
        var dealer = UnitDealer(units: Array(0..<9), order: .costliestGroupFirst(groupSize: 3))
        #expect([dealer.next(), dealer.next(), dealer.next()].map { $0?.unit } == [0, 3, 6])   // one probe per point
        dealer.finished(piece(0), seconds: 1)
        dealer.finished(piece(3), seconds: 5)
        dealer.finished(piece(6), seconds: 2)
        #expect(dealer.next()?.unit == 4)   // point 1 is the costliest
        #expect(dealer.next()?.unit == 5)
        #expect(dealer.next()?.unit == 7)   // point 1 exhausted; point 2 (2 s) before point 0 (1 s)
        #expect(dealAll(&dealer) == [8, 1, 2])
    }

    @Test func unfinishedGroupsCountAsTheCostliestSeen() {
        var dealer = UnitDealer(units: Array(0..<6), order: .costliestGroupFirst(groupSize: 2))
        #expect([dealer.next(), dealer.next(), dealer.next()].map { $0?.unit } == [0, 2, 4])
        dealer.finished(piece(2), seconds: 3)   // points 0 and 2 have nothing finished yet
        // Ties between the unknown points and point 1 go to the lowest point.
        #expect(dealer.next()?.unit == 1)
    }

    @Test func noUnitAboveAFailureIsDealtAndEveryUnitBelowIs() {
        for order in [UnitDealer.Order.increasing, .costliestGroupFirst(groupSize: 4)] {
            var dealer = UnitDealer(units: Array(0..<20), order: order)
            var dealt: [Int] = []
            for _ in 0..<6 { dealt.append(dealer.next()!.unit) }
            let failing = dealt.max()!
            let recorded = dealer.failed(piece(failing))
            let higher = dealer.failed(piece(failing + 1))
            #expect(recorded && !higher)   // a failure above the recorded one is not the lowest
            dealt += dealAll(&dealer)
            #expect(Set(dealt) == Set(0...failing), "order \(order)")
        }
    }

    @Test func unitsAreDealtWholeThenInShrinkingPiecesCoveringEveryPartOnce() {
        // 40 units of 14 parts for 4 consumers: a piece has ⌈left/8⌉ parts, so units go whole
        // while more than 8·13 = 104 parts are left: 33 of them (560 − 32·14 = 112 > 104).
        var dealer = UnitDealer(units: Array(0..<40), partsPerUnit: 14, consumers: 4,
                                order: .costliestGroupFirst(groupSize: 10))
        var pieces: [UnitPiece] = []
        while let p = dealer.next() {
            pieces.append(p)
            dealer.finished(p, seconds: Double(p.parts.count))
        }
        let sizes = pieces.map(\.parts.count)
        #expect(sizes.prefix(while: { $0 == 14 }).count == 33)
        #expect(sizes.last == 1 && zip(sizes, sizes.dropFirst()).allSatisfy { $0 >= $1 || $0 < 14 })
        for unit in 0..<40 {
            let ranges = pieces.filter { $0.unit == unit }.map(\.parts)
            // In order, contiguous, covering 0..<14 once.
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == 14)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "unit \(unit): \(ranges)")
        }
    }

    @Test func aFailedPieceStopsLaterPartsAndHigherUnitsOnly() {
        var dealer = UnitDealer(units: Array(0..<6), partsPerUnit: 4, consumers: 12)   // ⌈24/24⌉: pieces of one part
        var dealt: [UnitPiece] = []
        for _ in 0..<10 { dealt.append(dealer.next()!) }   // units 0, 1 and half of 2
        #expect(dealt.last == UnitPiece(unit: 2, parts: 1..<2))
        let first = dealer.failed(UnitPiece(unit: 2, parts: 1..<2))
        let later = dealer.failed(UnitPiece(unit: 2, parts: 3..<4))
        #expect(first && !later)
        let after = dealer.next()
        #expect(after == nil)   // the rest of unit 2 and units 3–5 are above the failure
        let lower = dealer.failed(UnitPiece(unit: 1, parts: 2..<3))
        #expect(lower && dealer.lowestFailure == UnitPiece(unit: 1, parts: 2..<3))   // a lower failure still counts
    }

    @Test func localUnitsReturnResultsByIndexForAnyThreadCount() throws {
        for threads in [1, 2, 5] {
            let results = LocalUnits.run(count: 23, threads: threads, order: .costliestGroupFirst(groupSize: 4)) { unit in
                Double(unit) * 0.5
            }
            #expect(results == (0..<23).map { Double($0) * 0.5 })
        }
    }

    struct Failure: Error, Equatable { let unit: Int }

    @Test func localUnitsReportTheLowestFailureForAnyThreadCount() {
        for threads in [1, 3, 8] {
            #expect(throws: Failure(unit: 7)) {
                try LocalUnits.run(count: 30, threads: threads) { (unit) throws(Failure) -> Int in
                    if unit == 7 || unit == 11 || unit == 29 { throw Failure(unit: unit) }
                    return unit
                }
            }
        }
    }

    @Test func localUnitsAssembleEveryPartOfEveryUnitForAnyThreadCount() {
        for threads in [1, 3, 7] {
            let results = LocalUnits.run(count: 9, partsPerUnit: 5, threads: threads, order: .costliestGroupFirst(groupSize: 3)) { piece in
                piece.parts.map { piece.unit * 10 + $0 }
            }
            #expect(results == (0..<9).map { u in (0..<5).map { u * 10 + $0 } }, "\(threads) threads")
        }
    }

    @Test func localUnitsProgressCountsUp() {
        let seen = Mutex<[Int]>([])
        _ = LocalUnits.run(count: 12, threads: 3, progress: { done, total in
            #expect(total == 12)
            seen.withLock { $0.append(done) }
        }) { $0 }
        #expect(seen.withLock { $0 } == Array(1...12))
    }
}
