import Foundation
import Landscape
import MPISolvers
import MPITransport
import SparseSolvers
import Transport

/// σ_dc(x, T) with disorder averages (docs/model.md §6), shared by `conductivity`, `arrhenius` and
/// `reproduce`. A work unit is one landscape (composition point × realisation), solved at every
/// temperature, so temperature dependences are free of disorder noise between T points and each
/// landscape is built once. Finished units go to the sweep journal, so `--resume` reproduces an
/// uninterrupted run bit for bit; under an MPI launcher the units are spread over the ranks.
struct ConductivitySweepRunner {
    let glass: ResolvedGlass
    let landscape: ResolvedLandscape
    let hopping: ResolvedHopping
    let kirchhoff: ResolvedKirchhoff
    /// Route 1's reports over every unit of the sweep (journaled ones included); filled by `run`.
    let directSolves: DirectSolveSummary

    init(glass: ResolvedGlass, landscape: ResolvedLandscape, hopping: ResolvedHopping, kirchhoff: ResolvedKirchhoff) {
        self.glass = glass
        self.landscape = landscape
        self.hopping = hopping
        self.kirchhoff = kirchhoff
        directSolves = DirectSolveSummary(tolerance: kirchhoff.policy.tolerance)
    }

    /// One part of a unit: σ_dc of the unit's landscape at one temperature, with route 1's
    /// report, and, in the first part when asked for (`arrhenius`), Δ_c of the landscape.
    struct Part: Codable, Sendable {
        let conductivity: ConductivityResult
        let criticalBarrier: Double?
    }

    /// One unit's result: σ_dc of one landscape at every temperature, and its Δ_c if asked for.
    struct Unit {
        let conductivities: [ConductivityResult]
        let criticalBarrier: Double?

        init(_ parts: [Part]) {
            conductivities = parts.map(\.conductivity)
            criticalBarrier = parts.first?.criticalBarrier
        }
    }

    struct Sweep {
        /// Averages indexed [x][T].
        let averages: [[ConductivityAverage]]
        /// ⟨Δ_c⟩ over the realisations of each x, when asked for.
        let criticalBarriers: [DisorderAverage]?
        /// Every unit, in unit order.
        let units: [Unit]
        /// How the sweep ran, and the units' names.
        let outcome: UnitSweep<Part>.Outcome
        let names: [String]
    }

    /// Runs the sweep; nil on ranks other than 0. With `criticalBarrierHop` (u0 in eV) each unit
    /// also finds the landscape's critical barrier Δ_c.
    func run(journal: () throws -> SweepJournal?, progress: ProgressReporter, criticalBarrierHop: Double? = nil) throws -> Sweep? {
        let builders = try glass.xs.map { try landscape.builder(glass: glass, x: $0) }
        let temperatures = hopping.temperatures
        let parameters = try HoppingParameters(attemptFrequency: hopping.attemptFrequency, barrier: hopping.u0,
                                               latticeConstant: hopping.spacing)
        if let u0 = criticalBarrierHop { _ = try EffectiveBarrier(hopBarrier: u0, fermiLevel: 0) }
        let (seed, route, realisations, xs) = (landscape.seed, kirchhoff.route, landscape.realizations, glass.xs)
        // Units already use the cores: route 1 uses one thread per solve and the thread-safe AMD
        // ordering (WindowPolicy.forRealisationSweeps). A run of one σ has nothing to spread over
        // the cores, so it keeps METIS and builds the bracket's spanning forest on a second
        // thread (unless --threads 1). The ordering depends on the solve count only, never on
        // --threads or the ranks, and the second thread computes the same forest, so results
        // stay bit-identical for any of them.
        let isSingleSolve = builders.count * temperatures.count * realisations == 1
        var chosen = isSingleSolve ? kirchhoff.policy : kirchhoff.policy.forRealisationSweeps
        if landscape.threads == 1 { chosen.concurrentBracket = false }
        let policy = chosen
        // BLAS single-threaded inside the parallel sweep: no oversubscription, and reductions
        // independent of the thread count (left so: the count is process-wide).
        BLASThreads.set(1)
        let names = xs.flatMap { x in (0..<realisations).map { "x=\(x),r=\($0)" } }
        // With --solver mumps every rank takes part in every σ: each rank runs all units, one at a
        // time and in the same order (MUMPS's collective calls must come in the same order
        // everywhere), and only rank 0 reports.
        let sharing = kirchhoff.sharingGroup
        let sweep = UnitSweep<Part>(names: names, partsPerUnit: temperatures.count, threads: sharing == nil ? landscape.threads : 1,
                                    unitsPerPoint: realisations, overRanks: landscape.overRanks && sharing == nil,
                                    sameOrderOnEveryRank: sharing != nil)
        guard let outcome = try sweep.run(label: "σ", journal: journal, progress: progress, compute: { unit, parts in
            let l = builders[unit / realisations].build(seed: seed, realisation: UInt64(unit % realisations))
            return try parts.map { k in
                Part(conductivity: try Conductivity.sigma(landscape: l, temperature: temperatures[k], hopping: parameters,
                                                          route: route, policy: policy),
                     criticalBarrier: k == 0 ? try criticalBarrierHop.map { try CriticalBarrier.of(l, hopBarrier: $0).value } : nil)
            }
        }) else { return nil }
        if let sharing, !sharing.isRoot { return nil }
        let units = outcome.results.map(Unit.init)
        for unit in units {
            for result in unit.conductivities { if let direct = result.direct { directSolves.add(direct) } }
        }
        let byPoint = xs.indices.map { i in Array(units[(i * realisations)..<((i + 1) * realisations)]) }
        let averages = byPoint.map { point in
            temperatures.indices.map { k in ConductivityAverage(point.map { $0.conductivities[k] }) }
        }
        let barriers = criticalBarrierHop == nil ? nil : try byPoint.map { point in
            try DisorderAverage(values: point.compactMap(\.criticalBarrier))
        }
        return Sweep(averages: averages, criticalBarriers: barriers, units: units, outcome: outcome, names: names)
    }

    /// Route 1's reports for the run record and one line for stderr; nil for route 2.
    func directSolveReport() -> (record: [String: Any], line: String)? {
        let t = directSolves.current
        guard t.solves > 0 else { return nil }
        let windows = t.windows.keys.sorted().map { ($0 == 0 ? "route 2" : String(format: "W = %g", $0), t.windows[$0]!) }
        var record: [String: Any] = [
            "solves": t.solves,
            "windows": Dictionary(uniqueKeysWithValues: windows.map { ($0.0, $0.1) }),
            "first_window_sufficed": t.firstWindowSufficed,
            "largest_bracket_relative_width": t.largestRelativeWidth,
            "tolerance": directSolves.tolerance,
            "above_tolerance": t.aboveTolerance,
            "largest_solved_size": t.largestSolvedSize,
            "whole_network_solves": t.wholeNetwork,
            "events": t.events,
            "factorisation": kirchhoff.policy.backend.name,
            "ranks_per_solve": kirchhoff.policy.backend.ranksPerSolve,
        ]
        var amgLine = ""
        if let amg = kirchhoff.policy.backend as? HypreAMGBackend, !amg.log.all.isEmpty {
            let solves = amg.log.all
            let iterations = solves.map(\.iterations)
            record["amg"] = [
                "settings": ["coarsening": amg.settings.coarsening, "interpolation": amg.settings.interpolation,
                             "strong_threshold": amg.settings.strongThreshold,
                             "interpolation_elements": amg.settings.interpolationElements,
                             "relaxation": amg.settings.relaxation],
                "solves": solves.map { r -> [String: Any] in
                    ["iterations": r.iterations, "bracket_checks": r.checks, "accepted_by_bracket": r.accepted,
                     "relative_residual": r.relativeResidual, "levels": r.levels, "grid_complexity": r.gridComplexity,
                     "setup_s": r.setupSeconds, "solve_s": r.solveSeconds, "check_s": r.checkSeconds]
                },
            ] as [String: Any]
            amgLine = "; CG + BoomerAMG: \(iterations.min()!)–\(iterations.max()!) iterations per window, "
                + "\(solves.map(\.levels).max()!) levels, stopped by the bracket in \(solves.filter(\.accepted).count) of \(solves.count)"
        }
        let line = "route 1: " + windows.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            + String(format: "; largest certified bracket (σ_hi − σ_lo)/σ_lo %.1e (tolerance %g, %d above)",
                     t.largestRelativeWidth, directSolves.tolerance, t.aboveTolerance)
            + "; largest system \(t.largestSolvedSize) unknowns; \(t.events) events" + amgLine
            + (kirchhoff.policy.fixedWindow.map { w in
                t.wholeNetwork > 0
                    ? String(format: "; --window %g held the whole network in %d of %d solves (their conductances span less than W), which were solved whole", w, t.wholeNetwork, t.solves)
                    : "" } ?? "")
        return (record, line)
    }

    /// Every solve of `sweep` for the run record: x, T, realisation, σ with its certified bracket
    /// (log10, so that nothing underflows) and route 1's window W (0 for route 2).
    func bracketRecord(_ sweep: Sweep) -> [[String: Any]] {
        let (xs, temperatures, realisations) = (glass.xs, hopping.temperatures, landscape.realizations)
        return sweep.units.enumerated().flatMap { unit, result in
            zip(temperatures, result.conductivities).map { t, c -> [String: Any] in
                // JSON has no −∞: a realisation without a spanning cluster records null.
                let log10 = { (v: Double) -> Any in v.isFinite ? v / M_LN10 : NSNull() }
                return ["x": xs[unit / realisations], "T_K": t, "realization": unit % realisations,
                        "log10_sigma": log10(c.logSigma), "log10_sigma_lower": log10(c.bracket.logLower),
                        "log10_sigma_upper": log10(c.bracket.logUpper), "window": c.direct?.window ?? 0]
            }
        }
    }
}
