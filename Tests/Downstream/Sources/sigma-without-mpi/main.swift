import Foundation
import Glass
import Landscape
import Transport

// One certified σ of a li33 landscape (x = 0.5, N_L = 12, 403 K) with CHOLMOD, and route 2 on
// the same network: the route-2 value must lie in route 1's bracket.
let preset = Preset.li33
let composition = try preset.composition(x: 0.5)
let builder = try LandscapeBuilder(lattice: CubicLattice(edge: 12), composition: composition,
                                   fractions: HierarchicalNFUModel().fractions(for: composition),
                                   parameters: LandscapeParameters(preset: preset))
let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
let landscape = builder.build(seed: 1, realisation: 0)
let direct = try Conductivity.sigma(landscape: landscape, temperature: 403, hopping: hopping)
let kron = try Conductivity.sigma(landscape: landscape, temperature: 403, hopping: hopping, route: .kron)
let inside = direct.bracket.contains(logValue: kron.logSigma)
print("sigma_S_per_cm \(direct.sigma) bound_rel \(direct.relativeHalfWidth) factorisation \(CHOLMODBackend().name) kron_inside \(inside)")
exit(inside && direct.sigma > 0 ? 0 : 1)
