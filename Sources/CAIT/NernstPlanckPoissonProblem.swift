import Landscape
/// One mobile ionic species of the Nernst–Planck–Poisson model (docs/model.md §9).
public struct MobileSpecies: Sendable {
    public var diffusion: DiffusionLaw
    /// Charge number z (+1 for the alkali cations of CAIT; −1 allowed for the symmetric
    /// electrolyte of the Gouy–Chapman reference case).
    public var chargeNumber: Int

    public init(diffusion: DiffusionLaw, chargeNumber: Int = 1) {
        self.diffusion = diffusion
        self.chargeNumber = chargeNumber
    }
}

/// Boundary condition of one species at the front surface z = 0.
public enum SpeciesBoundary: Sendable, Equatable {
    /// A prescribed flux into the sample, in ions m⁻² s⁻¹ (0: blocking, J1 = 0; j/e: the beam).
    case flux(Double)
    /// A prescribed density at the surface, as a fraction of n_b (potentiostatic n2(0) = n_b).
    case density(Double)
}

/// Boundary condition of the potential at the front surface z = 0.
public enum PotentialBoundary: Sendable, Equatable {
    /// ∂φ/∂z = 0: no surface charge, the field outside the sample neglected (galvanostatic CAIT:
    /// the injected charge is balanced by the image charge on the back electrode).
    case zeroField
    /// φ(0) = U in volts (potentiostatic CAIT).
    case potential(Double)
}

/// The 1-D problem of docs/model.md §9 on z ∈ [0, d]: two mobile species over an immobile background.
///
///   J_i = −D_i (∂n_i/∂z + z_i n_i (e/k_BT) ∂φ/∂z),  ∂n_i/∂t = −∂J_i/∂z,
///   −ε_0 ε_r ∂²φ/∂z² = e (z_1 n_1 + z_2 n_2 − b·n_b).
///
/// Back electrode z = d: φ = 0 and Dirichlet densities (n1 = n_b, n2 = 0 in CAIT).
public struct NernstPlanckPoissonProblem: Sendable {
    public var grid: FiniteVolumeGrid
    /// n_b in m⁻³: the density scale (unknowns are u_i = n_i/n_b).
    public var referenceDensity: Double
    /// Immobile background charge density in units of n_b (1 in CAIT; 0 for a free electrolyte).
    public var backgroundFraction: Double
    public var relativePermittivity: Double
    public var temperature: Double
    public var native: MobileSpecies
    public var foreign: MobileSpecies
    public var frontNative: SpeciesBoundary
    public var frontForeign: SpeciesBoundary
    public var frontPotential: PotentialBoundary
    /// Densities at z = d as fractions of n_b (native, foreign).
    public var backNative: Double
    public var backForeign: Double
    /// Initial fractions, uniform (native, foreign); the initial potential is 0.
    public var initialNative: Double
    public var initialForeign: Double

    public init(grid: FiniteVolumeGrid, referenceDensity: Double, relativePermittivity: Double,
                temperature: Double, native: MobileSpecies, foreign: MobileSpecies,
                frontNative: SpeciesBoundary = .flux(0), frontForeign: SpeciesBoundary,
                frontPotential: PotentialBoundary, backgroundFraction: Double = 1,
                backNative: Double = 1, backForeign: Double = 0,
                initialNative: Double = 1, initialForeign: Double = 0) throws(CAITError) {
        try CAITError.require("n_b", referenceDensity, in: 1e10...1e32, accepted: "1e10 … 1e32 m⁻³")
        try CAITError.require("relative permittivity", relativePermittivity, in: 1...1e5, accepted: "1 ≤ ε_r ≤ 1e5")
        try CAITError.require("temperature", temperature, in: 1...1e4, accepted: "1 K ≤ T ≤ 1e4 K")
        try CAITError.require("background fraction", backgroundFraction, in: 0...10, accepted: "0 … 10")
        for (name, value) in [("back native fraction", backNative), ("back foreign fraction", backForeign),
                              ("initial native fraction", initialNative), ("initial foreign fraction", initialForeign)] {
            try CAITError.require(name, value, in: 0...10, accepted: "0 … 10 (units of n_b)")
        }
        for (name, species) in [("native", native), ("foreign", foreign)] {
            guard species.chargeNumber == 1 || species.chargeNumber == -1 else {
                throw .invalidParameter(name: "\(name) charge number", value: "\(species.chargeNumber)", accepted: "+1 or −1")
            }
            if case let .constant(d) = species.diffusion {
                try CAITError.require("\(name) diffusion coefficient", d, in: 1e-40...1, accepted: "1e-40 … 1 m²/s")
            }
        }
        for (name, boundary) in [("front native", frontNative), ("front foreign", frontForeign)] {
            switch boundary {
            case let .flux(f): try CAITError.require("\(name) flux", f, in: -1e30...1e30, accepted: "finite, |J| ≤ 1e30 m⁻²s⁻¹")
            case let .density(u): try CAITError.require("\(name) density", u, in: 0...10, accepted: "0 … 10 (units of n_b)")
            }
        }
        if case let .potential(u) = frontPotential {
            try CAITError.require("surface potential", u, in: -100...100, accepted: "|U| ≤ 100 V")
        }
        self.grid = grid
        self.referenceDensity = referenceDensity
        self.backgroundFraction = backgroundFraction
        self.relativePermittivity = relativePermittivity
        self.temperature = temperature
        self.native = native
        self.foreign = foreign
        self.frontNative = frontNative
        self.frontForeign = frontForeign
        self.frontPotential = frontPotential
        self.backNative = backNative
        self.backForeign = backForeign
        self.initialNative = initialNative
        self.initialForeign = initialForeign
    }

    /// Thermal voltage k_BT/e in V.
    public var thermalVoltage: Double { PhysicalConstants.thermalEnergy(temperature: temperature) }

    /// Debye length of the reference density, λ_D = √(ε_0ε_r k_BT/(e² n_b)).
    public var debyeLength: Double {
        PhysicalConstants.debyeLength(density: referenceDensity, relativePermittivity: relativePermittivity,
                                      temperature: temperature)
    }
}
