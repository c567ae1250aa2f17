import Landscape

extension RealisationSweep {
    /// Disorder-averaged activation energy E_a = ⟨Δ_c⟩ at each composition point (docs/model.md §5).
    ///
    /// `landscape(point, realisation)` builds the landscape of that job (with its own random
    /// stream, docs/model.md §3); ε_F is its T → 0 Fermi level and u0 = `hopBarrier` (eV).
    public func criticalBarriers(hopBarrier: Double,
                                 progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil,
                                 landscape: @Sendable (_ point: Int, _ realisation: Int) throws -> SiteEnergyLandscape)
        throws -> [DisorderAverage] {
        // Validate u0 once, before any landscape is built.
        _ = try EffectiveBarrier(hopBarrier: hopBarrier, fermiLevel: 0)
        return try run(progress: progress) { point, realisation in
            try CriticalBarrier.of(landscape(point, realisation), hopBarrier: hopBarrier).value
        }
    }
}
