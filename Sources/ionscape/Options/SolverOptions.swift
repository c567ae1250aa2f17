import ArgumentParser
import Transport

/// Kirchhoff solver flags: `--solver cholmod|kron` and route 1's window controls
/// (`--window-tolerance`, `--window`).
struct KirchhoffOptions: ParsableArguments {
    @Option(help: "Kirchhoff solver: cholmod (route 1, windowed sparse Cholesky) or kron (route 2, iterative Kron reduction); default cholmod.")
    var solver: String?

    @Option(name: .customLong("window-tolerance"), parsing: .unconditional,
            help: "Route 1: widen the window W (×100 from 1e4) until the certified bracket satisfies (σ_hi − σ_lo)/σ_lo ≤ tol (0 < tol < 1; default \(WindowPolicy().tolerance)).")
    var windowTolerance: Double?

    @Option(name: .customLong("window"), parsing: .unconditional,
            help: "Route 1: solve this fixed window W (> 1) and report its certified bracket, however wide, instead of widening W until the bracket meets --window-tolerance (default: not fixed).")
    var window: Double?
}

struct ResolvedKirchhoff {
    let route: KirchhoffRoute
    let policy: WindowPolicy

    /// `readsRoute` false: the command runs both routes (`validate-kron`) and does not read `--solver`.
    init(_ options: KirchhoffOptions, settings: Settings, readsRoute: Bool = true) throws {
        if readsRoute {
            let name = settings.string("solver", flag: options.solver, default: KirchhoffRoute.sparseDirect.rawValue)
            guard let route = KirchhoffRoute(rawValue: name) else {
                throw InputError(name: "--solver", value: name, accepted: "cholmod or kron")
            }
            self.route = route
        } else {
            settings.notUsed("solver", because: "(it compares both routes)")
            route = .sparseDirect
        }
        var policy = WindowPolicy()
        policy.tolerance = try settings.double("window-tolerance", flag: options.windowTolerance, default: policy.tolerance,
                                               unit: "", accepted: "0 < tol < 1", valid: { $0 > 0 && $0 < 1 })
        if let w = try settings.optionalDouble("window", flag: options.window, unit: "", accepted: "1 < W < ∞",
                                               valid: { $0 > 1 }) {
            try policy.fix(window: w)
        }
        self.policy = policy
    }
}
