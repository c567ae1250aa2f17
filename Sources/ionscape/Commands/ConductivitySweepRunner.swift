import Foundation
import Landscape
import SparseSolvers
import Transport

/// σ_dc(x, T) with disorder averages (SPEC §6), shared by `conductivity`, `arrhenius` and
/// `reproduce`. The same realisations (landscapes) serve every temperature, so temperature
/// dependences are free of disorder noise between T points. Finished realisations go to the
/// sweep journal, so `--resume` reproduces an uninterrupted run bit for bit.
struct ConductivitySweepRunner {
    let glass: ResolvedGlass
    let landscape: ResolvedLandscape
    let hopping: ResolvedHopping
    let kirchhoff: ResolvedKirchhoff
    /// Route 1's reports over the realisations solved in this run (not those read back from the
    /// journal on `--resume`).
    let directSolves: DirectSolveSummary

    init(glass: ResolvedGlass, landscape: ResolvedLandscape, hopping: ResolvedHopping, kirchhoff: ResolvedKirchhoff) {
        self.glass = glass
        self.landscape = landscape
        self.hopping = hopping
        self.kirchhoff = kirchhoff
        directSolves = DirectSolveSummary(tolerance: kirchhoff.policy.tolerance)
    }

    /// Averages indexed [x][T].
    func run(journal: SweepJournal?, progress: ProgressReporter) throws -> [[ConductivityAverage]] {
        let builders = try glass.xs.map { try landscape.builder(glass: glass, x: $0) }
        let temperatures = hopping.temperatures
        let parameters = try HoppingParameters(attemptFrequency: hopping.attemptFrequency, barrier: hopping.u0,
                                               latticeConstant: hopping.spacing)
        let runner = try RealisationSweep(pointCount: builders.count * temperatures.count,
                                          realisations: landscape.realizations, threads: landscape.threads)
        let seed = landscape.seed, route = kirchhoff.route, directSolves = directSolves
        // Realisations already use the cores: route 1 solves its windows one after another, with
        // the thread-safe AMD ordering (WindowPolicy.forRealisationSweeps). A run of one σ has no
        // realisations to spread over the cores, so it keeps the single-σ policy (METIS, the two
        // first windows at once): 2× faster at N_L = 100. The choice depends on the job count only,
        // never on --threads, so results stay bit-identical for any thread count (with --threads 1
        // the two windows are solved in turn, which gives the same σ bit for bit).
        let isSingleSolve = builders.count * temperatures.count * landscape.realizations == 1
        var chosen = isSingleSolve ? kirchhoff.policy : kirchhoff.policy.forRealisationSweeps
        if landscape.threads == 1 { chosen.concurrentWindows = false }
        let policy = chosen
        let job: @Sendable (Int, Int) throws -> Double = { point, realisation in
            let l = builders[point / temperatures.count].build(seed: seed, realisation: UInt64(realisation))
            let result = try Conductivity.sigma(landscape: l, temperature: temperatures[point % temperatures.count],
                                                hopping: parameters, route: route, policy: policy)
            if let direct = result.direct { directSolves.add(direct) }
            return result.sigma
        }
        let xs = glass.xs
        let work = journal?.journaled({ p, r in "x=\(xs[p / temperatures.count]),T=\(temperatures[p % temperatures.count]),r=\(r)" }, job) ?? job
        if let journal, journal.storedCount > 0 {
            progress.note("σ: resuming with \(journal.storedCount) realisations already stored")
        }
        // BLAS single-threaded inside the parallel sweep: no oversubscription, and reductions
        // independent of the thread count (left so: the count is process-wide).
        BLASThreads.set(1)
        let averages = try runner.run(progress: { progress.update(completed: $0, total: $1) }, work)
            .map(ConductivityAverage.init(sigmas:))
        return (0..<xs.count).map { i in Array(averages[(i * temperatures.count)..<((i + 1) * temperatures.count)]) }
    }

    /// Route 1's reports for the run record and one line for stderr; nil for route 2 or when
    /// every realisation came from the journal.
    func directSolveReport() -> (record: [String: Any], line: String)? {
        let t = directSolves.current
        guard t.solves > 0 else { return nil }
        let windows = t.windows.keys.sorted().map { ($0 == 0 ? "route 2" : String(format: "W = %g", $0), t.windows[$0]!) }
        let record: [String: Any] = [
            "solves": t.solves,
            "windows": Dictionary(uniqueKeysWithValues: windows.map { ($0.0, $0.1) }),
            "largest_relative_change": t.largestRelativeChange,
            "tolerance": directSolves.tolerance,
            "above_tolerance": t.aboveTolerance,
            "largest_solved_size": t.largestSolvedSize,
            "events": t.events,
        ]
        let line = "route 1: " + windows.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            + String(format: "; largest change on the last 100× widening %.1e (tolerance %g, %d above)",
                     t.largestRelativeChange, directSolves.tolerance, t.aboveTolerance)
            + "; largest system \(t.largestSolvedSize) unknowns; \(t.events) events"
        return (record, line)
    }
}
