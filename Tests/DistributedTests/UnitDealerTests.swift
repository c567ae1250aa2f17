import Synchronization
import Testing
import WorkUnits

/// The dealing policy shared by threads and ranks (`UnitDealer`) and the single-process
/// scheduler built on it (`LocalUnits`).
@Suite struct UnitDealerTests {
    /// Deals until the dealer has none.
    private func dealAll(_ dealer: inout UnitDealer) -> [Int] {
        var units: [Int] = []
        while let u = dealer.next() { units.append(u) }
        return units
    }

    @Test func increasingOrderDealsEachUnitOnce() {
        var dealer = UnitDealer(units: [5, 1, 3, 0])
        #expect(dealAll(&dealer) == [0, 1, 3, 5])
        #expect(dealer.next() == nil)
        #expect(dealer.dealtCount == 4 && dealer.remainingCount == 0)
    }

    @Test func costliestGroupFirstProbesEveryGroupThenFollowsTheCosts() {
        // 3 points × 3 realisations; units 0–2 are point 0, 3–5 point 1, 6–8 point 2.
        var dealer = UnitDealer(units: Array(0..<9), order: .costliestGroupFirst(groupSize: 3))
        #expect([dealer.next(), dealer.next(), dealer.next()] == [0, 3, 6])   // one probe per point
        dealer.finished(0, seconds: 1)
        dealer.finished(3, seconds: 5)
        dealer.finished(6, seconds: 2)
        #expect(dealer.next() == 4)   // point 1 is the costliest
        #expect(dealer.next() == 5)
        #expect(dealer.next() == 7)   // point 1 exhausted; point 2 (2 s) before point 0 (1 s)
        #expect(dealAll(&dealer) == [8, 1, 2])
    }

    @Test func unfinishedGroupsCountAsTheCostliestSeen() {
        var dealer = UnitDealer(units: Array(0..<6), order: .costliestGroupFirst(groupSize: 2))
        #expect([dealer.next(), dealer.next(), dealer.next()] == [0, 2, 4])
        dealer.finished(2, seconds: 3)   // points 0 and 2 have nothing finished yet
        // Ties between the unknown points and point 1 go to the lowest point.
        #expect(dealer.next() == 1)
    }

    @Test func noUnitAboveAFailureIsDealtAndEveryUnitBelowIs() {
        for order in [UnitDealer.Order.increasing, .costliestGroupFirst(groupSize: 4)] {
            var dealer = UnitDealer(units: Array(0..<20), order: order)
            var dealt: [Int] = []
            for _ in 0..<6 { dealt.append(dealer.next()!) }
            let failing = dealt.max()!
            let recorded = dealer.failed(failing)
            let higher = dealer.failed(failing + 1)
            #expect(recorded && !higher)   // a failure above the recorded one is not the lowest
            dealt += dealAll(&dealer)
            #expect(Set(dealt) == Set(0...failing), "order \(order)")
        }
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

    @Test func localUnitsProgressCountsUp() {
        let seen = Mutex<[Int]>([])
        _ = LocalUnits.run(count: 12, threads: 3, progress: { done, total in
            #expect(total == 12)
            seen.withLock { $0.append(done) }
        }) { $0 }
        #expect(seen.withLock { $0 } == Array(1...12))
    }
}
