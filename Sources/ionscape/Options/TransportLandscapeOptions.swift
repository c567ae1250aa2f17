import ArgumentParser
import Glass
import Landscape

/// `--filling` and `--landscape` (`kmc` and `diffusion`; docs/kmc.md "Filling").
struct FillingOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: "Ion filling(s) c, the fraction of accessible sites holding an ion (0 < c < 1): 0.5, 0.1,0.5,0.9 or start:stop:step. N = round(c·N_acc) ions; μ follows from N. Default: the composition's own N = round((1 − f0)·N_acc).")
    var filling: String?

    @Option(help: "Site energies: composition (the landscape of --preset/--x, the default) or uniform (every site accessible, all energies 0 eV: the lattice gas with site exclusion only).")
    var landscape: String?
}

/// Which landscapes a `kmc` or `diffusion` run uses, after presets, config and flags.
struct ResolvedTransportLandscape {
    enum Kind: String { case composition, uniform }

    let kind: Kind
    /// The glass series (composition landscapes only).
    let glass: ResolvedGlass?
    let preset: Preset
    let landscape: ResolvedLandscape?
    let sampling: ResolvedSampling
    /// V0 in eV (the default u0 is 0.1·V0).
    let v0: Double
    /// f0: with `uniform` and no `--filling`, c = 1 − f0.
    let vacancyFraction: Double
    /// The fillings asked for; one nil: the composition's own ion count.
    let fillings: [Double?]

    init(_ options: FillingOptions, composition: CompositionOptions, landscape: LandscapeOptions, settings: Settings,
         defaultX: String, defaultSize: Int, defaultRealizations: Int, defaultFillings: String?) throws {
        let name = settings.string("landscape", flag: options.landscape, default: Kind.composition.rawValue)
        guard let kind = Kind(rawValue: name) else {
            throw InputError(name: "--landscape", value: name, accepted: "composition or uniform")
        }
        self.kind = kind
        switch kind {
        case .composition:
            let glass = try ResolvedGlass(composition, settings: settings, defaultX: defaultX)
            let resolved = try ResolvedLandscape(landscape, glass: glass, settings: settings, defaultSize: defaultSize,
                                                 defaultRealizations: defaultRealizations)
            self.glass = glass
            self.preset = glass.preset
            self.landscape = resolved
            sampling = resolved.sampling
            v0 = resolved.parameters.v0
            vacancyFraction = resolved.parameters.vacancyFraction
        case .uniform:
            let reason = "with --landscape uniform (every site accessible, energies 0 eV)"
            for key in ["x", "y", "alkali", "nfu-table", "sigma"] { settings.notUsed(key, because: reason) }
            preset = try Preset.named(settings.string("preset", flag: composition.preset, default: "li33"))
            glass = nil
            self.landscape = nil
            sampling = try ResolvedSampling(landscape, settings: settings, defaultSize: defaultSize,
                                            defaultRealizations: defaultRealizations)
            v0 = try settings.double("v0", flag: landscape.v0, default: preset.v0, from: "from preset \(preset.name)", unit: "eV",
                                     accepted: "0 < V0 ≤ 100 eV", valid: { $0 > 0 && $0 <= 100 })
            vacancyFraction = try settings.double("f0", flag: landscape.f0, default: preset.vacancyFraction, unit: "",
                                                  accepted: "0 < f0 < 1", valid: { $0 > 0 && $0 < 1 })
        }
        let accepted = "0 < c < 1"
        let valid: (Double) -> Bool = { $0 > 0 && $0 < 1 }
        if let defaultFillings {
            fillings = try settings.list("filling", flag: options.filling, default: defaultFillings, unit: "",
                                         accepted: accepted, valid: valid)
        } else if let text = settings.text("filling", flag: options.filling) {
            let values = try ValueList(parsing: text, name: "--filling").values
            guard !values.isEmpty else { throw InputError(name: "--filling", value: "'\(text)'", accepted: accepted) }
            for c in values where !(c.isFinite && valid(c)) {
                throw InputError(name: "--filling", value: "\(c)", accepted: accepted)
            }
            fillings = values
        } else {
            fillings = [nil]
        }
    }

    /// The x values of the rows (composition landscapes), or one row without x (uniform).
    var xs: [Double?] { glass.map { $0.xs.map { Optional($0) } } ?? [nil] }

    /// The landscape of realisation r at borate fraction x (nil for uniform) and filling c (nil: the
    /// composition's own N; for uniform, 1 − f0), and its point key for the dynamics streams.
    func landscape(x: Double?, filling: Double?, realisation: Int) throws -> (SiteEnergyLandscape, UInt64) {
        switch kind {
        case .composition:
            let (glass, resolved) = (glass!, landscape!)
            let built = try resolved.builder(glass: glass, x: x!).build(seed: sampling.seed, realisation: UInt64(realisation))
            return (try filling.map { try built.filled(to: $0) } ?? built, RandomStream.pointKey(x: x!, y: glass.y))
        case .uniform:
            let c = filling ?? 1 - vacancyFraction
            // "uniform" in ASCII: the point key of the uniform lattice.
            return (try SiteEnergyLandscape.uniform(lattice: sampling.lattice, filling: c), 0x756E_6966_6F72_6D)
        }
    }
}
