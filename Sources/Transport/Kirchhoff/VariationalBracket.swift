import Foundation

/// A certified two-sided bound G_lo ≤ G_tot ≤ G_hi on the total conductance of a network, from the
/// solution of one of its windows (route 1; docs/model.md, "Certified bracket").
///
/// **Trial potential.** The windowed solution carried back to the whole network: every member of
/// a super-node takes the super-node's potential, so the contracted links carry no energy however
/// strong they are; the nodes the window removed get the harmonic extension, i.e. Kirchhoff's law
/// on the true conductances with the window's potentials held fixed. That Dirichlet problem is
/// solved by Kron reduction with back-substitution (route 2's subtraction-free arithmetic, exact
/// for any spread): a link of conductance g to a node held at φ_b is the same as g·φ_b to a rail
/// at 1 and g·(1 − φ_b) to a rail at 0.
///
/// **Upper bound (Dirichlet's principle).** G_tot = min E(φ) over potentials with φ = 1 on B+ and
/// 0 on B−, E(φ) = Σ_links g_ij (φ_i − φ_j)², so G_tot ≤ E(φ) for the trial potential, summed over
/// every link, the dropped weak ones included.
///
/// **Lower bound (Thomson's principle).** 1/G_tot = min Σ i_ij²/g_ij over unit flows from B+ to B−,
/// so a flow of value I and energy E(i) gives G_tot ≥ I²/E(i). The flow is i = g (φ_i − φ_j) on
/// every link between different super-nodes. It is out of balance at the window's nodes (the window
/// ignored its dropped links), inside super-nodes (their members share one potential), and
/// everywhere by the solves' rounding. These imbalances are pushed, children first, along a
/// spanning forest rooted at the electrodes, built greedily from the strongest links (each
/// super-node's strong links first), so that the corrections travel through strong links. Parts
/// that hang off a forest link weaker than 1e-20·g_b are given no flow at all. The
/// corrected flow is conservative in exact arithmetic; its energy and value are bounded with the
/// rounding of every pushed sum included (Higham's γ_k = k·u/(1 − k·u), u = 2⁻⁵³, over the
/// longest summation path).
///
/// Both bounds are second-order close to G_tot in the trial potential's error. Their own rounding:
/// each term of E is a product of non-negative numbers, each g is exp(log g − log g_b), accurate
/// to (|log g − log g_b| + 2) ulp, and sums of non-negative terms lose at most γ_n; both bounds are
/// widened by these factors and by 2⁻¹⁰⁰⁰ per term for underflow, so the bracket holds for the
/// network defined by the stored log-conductances. Everything is computed in units of g_b and
/// returned as logarithms.
struct VariationalBracket {
    /// log G_lo and log G_hi (natural logarithms, conductances in the network's unit).
    let logLower: Double
    let logUpper: Double
    /// Nodes the window removed, whose potentials were extended.
    let extendedNodes: Int

    /// Absolute allowance per summed term for underflow (see the type's comment).
    static let underflowAllowance = 0x1p-1000


    /// - Parameters:
    ///   - spanning: the network that was windowed (its spanning part).
    ///   - window: the window, with its maps from `spanning`'s nodes.
    ///   - potentials: φ of every node of the windowed network (B+ at 1, B− at 0).
    ///   - logScale: log g_b; conductances are handled as exp(log g − logScale).
    ///   - forest: `StrongForest(spanning, logScale: logScale, logStrong: window.logUpper)`, which
    ///     does not depend on the solve and can be built beside it.
    init(spanning: ConductanceNetwork, window: ConductanceWindow, potentials windowPhi: [Double],
         logScale: Double, forest: StrongForest) throws(TransportError) {
        let superNode = window.contractedNode
        var phi = [Double](repeating: 0, count: window.contractedRoles.count)
        var free = [Bool](repeating: false, count: phi.count)
        for c in phi.indices {
            let w = Int(window.windowNode[c])
            if w >= 0 { phi[c] = windowPhi[w]; continue }
            switch window.contractedRoles[c] {
            case .source: phi[c] = 1
            case .drain: phi[c] = 0
            case .interior: free[c] = true
            }
        }
        extendedNodes = try Self.extendHarmonically(&phi, free: free, spanning: spanning, superNode: superNode,
                                                    logScale: logScale)

        let n = spanning.nodeCount
        // The trial potential per node (every member of a super-node shares its value).
        let nodePhi = superNode.map { phi[Int($0)] }
        // Every node of a spanning network is linked to an electrode; were one not reached, its
        // imbalance could not be pushed and no lower bound would be certified.
        let forestSpans = forest.order.count == n
        // Parts of the network that hang off a forest link weaker than e^−46 ≈ 1e-20·g_b carry no
        // flow: pushing even the rounding of their currents through such a link would cost more
        // energy than they can conduct (≤ 1e-20·g_b per boundary link, against G ≥ g_b/n).
        var flowless = [Bool](repeating: false, count: n)
        for v32 in forest.order {
            let v = Int(v32), k = Int(forest.parentLink[v])
            guard k >= 0 else { continue }
            flowless[v] = flowless[spanning.otherEnd(of: k, than: v)] || spanning.logConductances[k] - logScale < -46
        }
        // Currents i = g (φ_a − φ_b) on links between super-nodes: net outflow and absolute sums.
        var outflow = [Double](repeating: 0, count: n)
        var magnitude = [Double](repeating: 0, count: n)
        var additions = [Int32](repeating: 1, count: n)
        var dirichlet = 0.0, flowEnergy = 0.0, terms = 0, largestX = 0.0
        for k in 0..<spanning.linkCount {
            let f = Int(spanning.firstNode[k]), s = Int(spanning.secondNode[k])
            let d = nodePhi[f] - nodePhi[s]
            guard d != 0 else { continue }
            let x = spanning.logConductances[k] - logScale
            let g = exp(x)
            terms += 1
            guard g > 0 else { continue }   // below 2⁻¹⁰⁷⁴: within the underflow allowance
            largestX = max(largestX, abs(x))
            let current = g * d
            dirichlet += current * d
            guard !flowless[f] && !flowless[s] else { continue }
            outflow[f] += current; outflow[s] -= current
            magnitude[f] += abs(current); magnitude[s] += abs(current)
            additions[f] += 1; additions[s] += 1
            if !forest.isTreeLink[k] { flowEnergy += current * d }   // i²/g; tree links below
        }
        let upper = dirichlet * (1 + Rounding.gamma(Double(terms + 4))) * (1 + (largestX + 4) * Rounding.unit)
            + Double(terms) * Self.underflowAllowance

        // Push the imbalances to the roots, children before parents: afterwards outflow[v] is the
        // correction that v's parent link carries from the parent into v.
        for v32 in forest.order.reversed() {
            let v = Int(v32), k = Int(forest.parentLink[v])
            guard k >= 0 else { continue }
            let parent = spanning.otherEnd(of: k, than: v)
            outflow[parent] += outflow[v]
            magnitude[parent] += magnitude[v]
            additions[parent] += 1
        }
        // Longest summation path, root-ward, for the rounding of the pushed sums.
        var path = [Int32](repeating: 0, count: n)
        var longest: Int32 = 0
        for v32 in forest.order {
            let v = Int(v32), k = Int(forest.parentLink[v])
            path[v] = additions[v] + (k >= 0 ? path[spanning.otherEnd(of: k, than: v)] : 0)
            longest = max(longest, path[v])
        }
        let sumError = Rounding.gamma(Double(longest) + 2)
        // Tree links: current plus correction, each widened by its error bound.
        for v32 in forest.order {
            let v = Int(v32), k = Int(forest.parentLink[v])
            guard k >= 0, !flowless[v] else { continue }
            let f = Int(spanning.firstNode[k]), s = Int(spanning.secondNode[k])
            let x = spanning.logConductances[k] - logScale
            // The correction runs from the parent into v; as a current from f to s:
            var current = f == v ? -outflow[v] : outflow[v]
            let d = nodePhi[f] - nodePhi[s]
            if d != 0 { current += exp(x) * d }
            let bound = abs(current) + sumError * magnitude[v]
            guard bound > 0 else { continue }   // no flow, no energy, however weak the link
            flowEnergy += bound * bound * exp(-x)
            terms += 1
            largestX = max(largestX, min(abs(x), 746))
        }
        // Value: the net inflow into B− (its roots, after the push), less its rounding.
        var value = 0.0, valueError = 0.0, roots = 0
        for v in 0..<n where spanning.roles[v] == .drain {
            value -= outflow[v]
            valueError += magnitude[v]
            roots += 1
        }
        let certifiedValue = value - (sumError + Rounding.gamma(Double(roots))) * valueError
        let energyBound = flowEnergy * (1 + Rounding.gamma(Double(terms + 6))) * (1 + (largestX + 6) * Rounding.unit)
            + Double(terms) * Self.underflowAllowance
        let lower = forestSpans && certifiedValue > 0 && energyBound.isFinite
            ? certifiedValue * certifiedValue / energyBound * (1 - 4 * Rounding.unit) : 0

        // The logarithms and the additions of log g_b round outward (`ConductanceBracket`).
        self.logUpper = log(upper) + logScale + ConductanceBracket.roundingSlack(abs(log(upper)) + abs(logScale))
        self.logLower = lower > 0
            ? log(lower) + logScale - ConductanceBracket.roundingSlack(abs(log(lower)) + abs(logScale)) : -.infinity
    }

    /// The harmonic extension (type comment) of `phi` to the `free` super-nodes; returns their count.
    private static func extendHarmonically(_ phi: inout [Double], free: [Bool], spanning: ConductanceNetwork,
                                           superNode: [Int32], logScale: Double) throws(TransportError) -> Int {
        var index = [Int32](repeating: -1, count: free.count)
        var count = 0
        for c in free.indices where free[c] { index[c] = Int32(count); count += 1 }
        guard count > 0 else { return 0 }
        var links: [(Int32, Int32, Double)] = []
        var source = [Double](repeating: 0, count: count), ground = source
        for k in 0..<spanning.linkCount {
            let a = Int(superNode[Int(spanning.firstNode[k])]), b = Int(superNode[Int(spanning.secondNode[k])])
            // Links below e^−600·g_b are left out of the extension (pivots of denormal size would
            // overflow their reciprocals); any trial potential keeps the bound valid.
            guard a != b, free[a] || free[b], spanning.logConductances[k] - logScale > -600 else { continue }
            let g = exp(spanning.logConductances[k] - logScale)
            switch (free[a], free[b]) {
            case (true, true): links.append((index[a], index[b], g))
            case (true, false), (false, true):
                let (inner, held) = free[a] ? (Int(index[a]), phi[b]) : (Int(index[b]), phi[a])
                // A held potential in [0, 1] splits the link between the rails; clamping a value
                // that rounding put outside only changes the trial potential, never the bound.
                let p = min(max(held, 0), 1)
                source[inner] += g * p
                ground[inner] += g * (1 - p)
            case (false, false): continue
            }
        }
        let reduction: MultifrontalKron.Reduction
        do {
            reduction = try MultifrontalKron.reduce(count: count, links: links, ground: ground, source: source,
                                                    potentials: true, amdOnly: true)
        } catch {
            throw .computationFailed("harmonic extension of \(count) nodes for route 1's bracket failed: \(error)")
        }
        for c in free.indices where free[c] { phi[c] = 1 - reduction.complementaryPotentials[Int(index[c])] }
        return count
    }
}
