import CHYPRE
import Foundation
import MPIFarm
import SparseSolvers

/// BoomerAMG's settings as a preconditioner (hypre's numbering; docs/large-lattices.md, "Route 3").
///
/// The defaults were chosen by measurement on route 1's windowed Laplacians (benchmarks/RESULTS.md,
/// "Route 3"): PMIS coarsening, extended+i interpolation, strength threshold 0.5, at most 4
/// interpolation weights per row, and ℓ1-symmetric Gauss–Seidel smoothing. Hybrid Gauss–Seidel
/// (hypre's default) is Jacobi across rank boundaries and fails on conductance contrasts of 1e6;
/// ℓ1-Gauss–Seidel does not.
public struct BoomerAMGSettings: Sendable, Equatable {
    /// HYPRE_BoomerAMGSetCoarsenType: 8 = PMIS.
    public var coarsening: Int32 = 8
    /// HYPRE_BoomerAMGSetInterpType: 6 = extended+i.
    public var interpolation: Int32 = 6
    /// HYPRE_BoomerAMGSetStrongThreshold.
    public var strongThreshold = 0.5
    /// HYPRE_BoomerAMGSetPMaxElmts.
    public var interpolationElements: Int32 = 4
    /// HYPRE_BoomerAMGSetRelaxType: 8 = ℓ1-symmetric Gauss–Seidel.
    public var relaxation: Int32 = 8
    public init() {}
}

/// What one `HypreCG.solve` did.
public struct CGReport: Sendable, Equatable {
    /// CG iterations (one V-cycle each).
    public var iterations: Int
    /// Trial solutions offered to the caller's test.
    public var checks: Int
    /// ‖b − Ax‖₂/‖b‖₂ of the last iterate (CG's recurrence).
    public var relativeResidual: Double
    /// Whether the caller's test accepted the last trial (otherwise the iteration limit or the
    /// residual floor ended the solve).
    public var accepted: Bool
    /// Levels of the AMG hierarchy, and its grid complexity (the summed level sizes over n).
    public var levels: Int
    public var gridComplexity: Double
    /// Wall seconds of BoomerAMG's set-up, of the CG iterations (checks included), and of the
    /// checks alone (gathering the iterate and the caller's test).
    public var setupSeconds: Double
    public var solveSeconds: Double
    public var checkSeconds: Double
}

/// Conjugate gradients preconditioned by one BoomerAMG V-cycle per iteration (hypre; Henson &
/// Yang, Appl. Numer. Math. 41, 155 (2002)), on a symmetric positive-definite matrix whose rows
/// are distributed over the ranks of a communicator in contiguous blocks.
///
/// There is no residual tolerance: the caller's judge, offered the whole iterate on `schedule`,
/// decides when to stop (route 1 judges by the certified bracket, which holds for any iterate).
/// The iteration also ends at `maximumIterations` or once the residual is below `residualFloor`,
/// where CG no longer changes the iterate's digits; the judge then sees that last iterate.
///
/// Every method is collective. The judge runs on rank 0 and its verdict is broadcast, so every
/// rank stops at the same iteration. For a given rank count the result is bit-reproducible
/// (hypre's set-up and Open MPI's reductions are deterministic for fixed inputs).
public final class HypreCG {
    public let communicator: Communicator
    public let dimension: Int
    /// This rank's rows, [n·r/p, n·(r+1)/p).
    public let ownedRows: Range<Int>
    public var schedule = Schedule()
    public var maximumIterations = 500
    public var residualFloor = 1e-15

    private let matrix: OpaquePointer     // HYPRE_IJMatrix
    private let parcsr: OpaquePointer     // its HYPRE_ParCSRMatrix
    private let settings: BoomerAMGSettings

    /// Assembles this rank's rows. `rowStart` (CSR offsets into `columns` and `values`, count
    /// `ownedRows.count + 1`) and global 0-based `columns` hold every nonzero of each owned row.
    /// - Throws: `SolverError.invalidInput` for inconsistent arrays, `.hypre` for hypre's errors,
    ///   `.otherRankFailed` when another rank's assembly failed.
    public init(communicator: Communicator, dimension: Int, rowStart: [Int], columns: [Int32], values: [Double],
                settings: BoomerAMGSettings = BoomerAMGSettings()) throws(SolverError) {
        _ = hypreStarted
        let p = communicator.size, r = communicator.rank
        let owned = (dimension * r / p)..<(dimension * (r + 1) / p)
        var created: OpaquePointer?
        var failure: SolverError?
        if dimension <= 0 || dimension >= Int(Int32.max) {
            failure = .invalidInput("hypre dimension \(dimension) must be in 1..<2^31")
        } else if rowStart.count != owned.count + 1 || rowStart.last != columns.count || columns.count != values.count {
            failure = .invalidInput("hypre rows: \(rowStart.count - 1) row offsets for \(owned.count) rows, \(columns.count) columns, \(values.count) values")
        } else {
            do {
                created = try Self.assemble(communicator: communicator, rows: owned, rowStart: rowStart, columns: columns,
                                            values: values)
            } catch {
                failure = error
            }
        }
        let agreed: Bool
        do { agreed = try communicator.allSucceeded(failure == nil) } catch { throw .communication("\(error)") }
        guard agreed, let created else {
            if let created { HYPRE_IJMatrixDestroy(created) }
            throw failure ?? .otherRankFailed(stage: "hypre assembly")
        }
        var object: UnsafeMutableRawPointer?
        HYPRE_IJMatrixGetObject(created, &object)
        self.communicator = communicator
        self.dimension = dimension
        self.ownedRows = owned
        self.matrix = created
        self.parcsr = OpaquePointer(object!)
        self.settings = settings
    }

    deinit { HYPRE_IJMatrixDestroy(matrix) }

    private static func assemble(communicator: Communicator, rows: Range<Int>, rowStart: [Int], columns: [Int32],
                                 values: [Double]) throws(SolverError) -> OpaquePointer {
        var ij: OpaquePointer?
        try check(HYPRE_IJMatrixCreate(communicator.handle, HYPRE_BigInt(rows.lowerBound), HYPRE_BigInt(rows.upperBound - 1),
                                       HYPRE_BigInt(rows.lowerBound), HYPRE_BigInt(rows.upperBound - 1), &ij),
                  "HYPRE_IJMatrixCreate")
        guard let ij else { throw .hypre(code: -1, call: "HYPRE_IJMatrixCreate") }
        do {
            try check(HYPRE_IJMatrixSetObjectType(ij, ionscape_hypre_parcsr()), "HYPRE_IJMatrixSetObjectType")
            var sizes = (0..<rows.count).map { HYPRE_Int(rowStart[$0 + 1] - rowStart[$0]) }
            try check(HYPRE_IJMatrixSetRowSizes(ij, &sizes), "HYPRE_IJMatrixSetRowSizes")
            try check(HYPRE_IJMatrixInitialize(ij), "HYPRE_IJMatrixInitialize")
            var rowIndices = rows.map { HYPRE_BigInt($0) }
            var columnIndices = columns.map { HYPRE_BigInt($0) }
            var entries = values
            try check(HYPRE_IJMatrixSetValues(ij, HYPRE_Int(rows.count), &sizes, &rowIndices, &columnIndices, &entries),
                      "HYPRE_IJMatrixSetValues")
            try check(HYPRE_IJMatrixAssemble(ij), "HYPRE_IJMatrixAssemble")
        } catch {
            HYPRE_IJMatrixDestroy(ij)
            throw error
        }
        return ij
    }

    /// When the iterate is offered to the judge. A trial is made once the relative residual ρ is
    /// below `firstResidual`; after a rejection with excess e at ρ, the next once the residual is
    /// below ρ·√(`safety`/e) (the judge's measure is quadratic in the error, whose energy norm
    /// falls with CG's residual), or one decade lower when e is infinite, and never in the same
    /// iteration. On route 1 a trial (the bracket on the whole network) costs as much as tens of
    /// V-cycles, so the first comes late: at ρ = 1e-6 the bracket has reached its window's floor in
    /// the cases measured (benchmarks/RESULTS.md, "Route 3"), and one trial usually suffices.
    public struct Schedule: Sendable, Equatable {
        public var firstResidual = 1e-6
        public var safety = 0.25
        public init() {}
        /// Every iterate is offered (for tests of the judge).
        public static var everyIterate: Schedule {
            var s = Schedule()
            s.firstResidual = .infinity
            s.safety = .infinity
            return s
        }
        /// The residual below which the next trial is made, after `verdict` at residual `residual`.
        func nextResidual(after verdict: TrialVerdict, at residual: Double) -> Double {
            guard case let .reject(excess) = verdict else { return residual }
            let factor = excess.isFinite && excess > 0 ? (safety / excess).squareRoot() : 0.1
            return residual * min(factor, 1)
        }
    }

    /// Solves A x = b from x = 0. `rhs` is this rank's slice of b; `judge` gets the whole
    /// iterate (on rank 0 only). Returns the whole x on every rank.
    public func solve(rhs: [Double], until judge: (_ x: [Double]) throws(SolverError) -> TrialVerdict)
        throws(SolverError) -> (x: [Double], report: CGReport) {
        guard rhs.count == ownedRows.count else {
            throw .invalidInput("hypre right-hand side has \(rhs.count) entries for \(ownedRows.count) rows")
        }
        let b = try Vector(self, values: rhs), x = try Vector(self, values: nil)
        let r = try Vector(self, values: rhs), z = try Vector(self, values: nil)
        let p = try Vector(self, values: nil), q = try Vector(self, values: nil)

        let setupStart = DispatchTime.now()
        var amg: OpaquePointer?
        try Self.check(HYPRE_BoomerAMGCreate(&amg), "HYPRE_BoomerAMGCreate")
        guard let amg else { throw .hypre(code: -1, call: "HYPRE_BoomerAMGCreate") }
        defer { HYPRE_BoomerAMGDestroy(amg) }
        HYPRE_BoomerAMGSetCoarsenType(amg, settings.coarsening)
        HYPRE_BoomerAMGSetInterpType(amg, settings.interpolation)
        HYPRE_BoomerAMGSetStrongThreshold(amg, settings.strongThreshold)
        HYPRE_BoomerAMGSetPMaxElmts(amg, settings.interpolationElements)
        HYPRE_BoomerAMGSetRelaxType(amg, settings.relaxation)
        HYPRE_BoomerAMGSetNumSweeps(amg, 1)
        HYPRE_BoomerAMGSetAggNumLevels(amg, 0)
        // One V-cycle per application, no convergence test inside.
        HYPRE_BoomerAMGSetMaxIter(amg, 1)
        HYPRE_BoomerAMGSetTol(amg, 0)
        HYPRE_BoomerAMGSetPrintLevel(amg, 0)
        try Self.check(HYPRE_BoomerAMGSetup(amg, parcsr, b.par, x.par), "HYPRE_BoomerAMGSetup")
        let (levels, gridComplexity) = try hierarchy(amg)
        let setupSeconds = seconds(since: setupStart)

        let solveStart = DispatchTime.now()
        func precondition() throws(SolverError) {
            try Self.check(HYPRE_ParVectorSetConstantValues(z.par, 0), "HYPRE_ParVectorSetConstantValues")
            try Self.check(HYPRE_BoomerAMGSolve(amg, parcsr, r.par, z.par), "HYPRE_BoomerAMGSolve")
        }
        func dot(_ u: Vector, _ v: Vector) throws(SolverError) -> Double {
            var result = 0.0
            try Self.check(HYPRE_ParVectorInnerProd(u.par, v.par, &result), "HYPRE_ParVectorInnerProd")
            return result
        }
        let bNorm = try dot(b, b).squareRoot()
        var report = CGReport(iterations: 0, checks: 0, relativeResidual: 1, accepted: false, levels: levels,
                              gridComplexity: gridComplexity, setupSeconds: setupSeconds, solveSeconds: 0, checkSeconds: 0)
        if bNorm > 0 {
            try precondition()
            try Self.check(HYPRE_ParVectorCopy(z.par, p.par), "HYPRE_ParVectorCopy")
            var rz = try dot(r, z)
            var trialBelow = schedule.firstResidual
            while true {
                try Self.check(HYPRE_ParCSRMatrixMatvec(1, parcsr, p.par, 0, q.par), "HYPRE_ParCSRMatrixMatvec")
                let pq = try dot(p, q)
                report.iterations += 1
                guard pq > 0, pq.isFinite else { throw .breakdown(iteration: report.iterations) }
                let alpha = rz / pq
                try Self.check(HYPRE_ParVectorAxpy(alpha, p.par, x.par), "HYPRE_ParVectorAxpy")
                try Self.check(HYPRE_ParVectorAxpy(-alpha, q.par, r.par), "HYPRE_ParVectorAxpy")
                report.relativeResidual = try dot(r, r).squareRoot() / bNorm
                let last = report.iterations >= maximumIterations || report.relativeResidual <= residualFloor
                if last || report.relativeResidual <= trialBelow {
                    report.checks += 1
                    let checkStart = DispatchTime.now()
                    let verdict = try self.verdict(on: try x.gathered(), judge)
                    report.checkSeconds += seconds(since: checkStart)
                    report.accepted = verdict.isAccepted
                    if report.accepted || last { break }
                    trialBelow = schedule.nextResidual(after: verdict, at: report.relativeResidual)
                }
                try precondition()
                let rzNext = try dot(r, z)
                try Self.check(HYPRE_ParVectorScale(rzNext / rz, p.par), "HYPRE_ParVectorScale")
                try Self.check(HYPRE_ParVectorAxpy(1, z.par, p.par), "HYPRE_ParVectorAxpy")
                rz = rzNext
            }
        }
        report.solveSeconds = seconds(since: solveStart)
        return (try x.gathered(), report)
    }

    /// Rank 0's verdict on the whole iterate, broadcast; a failure there stops every rank.
    private func verdict(on whole: [Double], _ judge: ([Double]) throws(SolverError) -> TrialVerdict)
        throws(SolverError) -> TrialVerdict {
        var outcome = [0.0]   // 0 accepted, the excess when rejected, −1 the judge failed
        var failure: SolverError?
        if communicator.rank == 0 {
            do {
                switch try judge(whole) {
                case .accept: outcome[0] = 0
                case let .reject(excess): outcome[0] = excess.isNaN ? .infinity : max(excess, 1)
                }
            } catch {
                failure = error
                outcome[0] = -1
            }
        }
        do { try communicator.broadcast(&outcome, root: 0) } catch { throw .communication("\(error)") }
        if outcome[0] < 0 { throw failure ?? .otherRankFailed(stage: "the judgement of a CG iterate") }
        return outcome[0] == 0 ? .accept : .reject(excess: outcome[0])
    }

    /// Levels and grid complexity from BoomerAMG's grid hierarchy (each fine row's coarsest level).
    private func hierarchy(_ amg: OpaquePointer) throws(SolverError) -> (Int, Double) {
        var coarsest = [HYPRE_Int](repeating: 0, count: ownedRows.count)
        try Self.check(HYPRE_BoomerAMGGetGridHierarchy(amg, &coarsest), "HYPRE_BoomerAMGGetGridHierarchy")
        // Rows per coarsest level (hypre stops far below 64 levels), summed over the ranks.
        var rowsEndingAt = [Int64](repeating: 0, count: 64)
        for level in coarsest { rowsEndingAt[min(Int(level), 63)] += 1 }
        do { try communicator.allReduce(&rowsEndingAt, .sum) } catch { throw .communication("\(error)") }
        let levels = (rowsEndingAt.lastIndex { $0 > 0 } ?? 0) + 1
        // A row whose coarsest level is ℓ is a point on levels 0…ℓ.
        let points = rowsEndingAt.enumerated().reduce(0.0) { sum, entry in sum + Double(entry.element) * Double(entry.offset + 1) }
        return (levels, points / Double(dimension))
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    static func check(_ code: HYPRE_Int, _ call: String) throws(SolverError) {
        guard code == 0 else {
            HYPRE_ClearAllErrors()
            throw .hypre(code: Int32(code), call: call)
        }
    }

    /// A hypre IJ vector over the solver's row partition.
    private final class Vector {
        let ij: OpaquePointer
        let par: OpaquePointer
        let rows: Range<Int>
        let communicator: Communicator

        init(_ solver: HypreCG, values: [Double]?) throws(SolverError) {
            rows = solver.ownedRows
            communicator = solver.communicator
            var created: OpaquePointer?
            try HypreCG.check(HYPRE_IJVectorCreate(communicator.handle, HYPRE_BigInt(rows.lowerBound),
                                                   HYPRE_BigInt(rows.upperBound - 1), &created), "HYPRE_IJVectorCreate")
            guard let created else { throw .hypre(code: -1, call: "HYPRE_IJVectorCreate") }
            ij = created
            HYPRE_IJVectorSetObjectType(ij, ionscape_hypre_parcsr())
            HYPRE_IJVectorInitialize(ij)
            var indices = rows.map { HYPRE_BigInt($0) }
            var entries = values ?? [Double](repeating: 0, count: rows.count)
            try HypreCG.check(HYPRE_IJVectorSetValues(ij, HYPRE_Int(rows.count), &indices, &entries), "HYPRE_IJVectorSetValues")
            try HypreCG.check(HYPRE_IJVectorAssemble(ij), "HYPRE_IJVectorAssemble")
            var object: UnsafeMutableRawPointer?
            HYPRE_IJVectorGetObject(ij, &object)
            par = OpaquePointer(object!)
        }

        deinit { HYPRE_IJVectorDestroy(ij) }

        /// The whole vector on every rank.
        func gathered() throws(SolverError) -> [Double] {
            var indices = rows.map { HYPRE_BigInt($0) }
            var local = [Double](repeating: 0, count: rows.count)
            try HypreCG.check(HYPRE_IJVectorGetValues(ij, HYPRE_Int(rows.count), &indices, &local), "HYPRE_IJVectorGetValues")
            if communicator.size == 1 { return local }
            do { return try communicator.allGather(local) } catch { throw .communication("\(error)") }
        }
    }
}

/// hypre's version, e.g. "2.26.0".
public var hypreVersion: String {
    var buffer: UnsafeMutablePointer<CChar>?
    guard HYPRE_Version(&buffer) == 0, let buffer else { return "?" }
    defer { free(buffer) }
    let text = String(cString: buffer)
    // "HYPRE Release Version 2.26.0" → "2.26.0"
    return text.split(separator: " ").last.map(String.init) ?? text
}

/// HYPRE_Init once per process, after MPI is started (the caller's communicator implies it).
private let hypreStarted: Void = { _ = HYPRE_Init() }()
