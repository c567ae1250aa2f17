import Foundation
import SparseSolvers

/// The Debye model of a windowed network from a few real factorisations (docs/model.md §14,
/// "Many frequencies"): rational Krylov projection (Ruhe's rational Krylov; Druskin, Knizhnerman &
/// Zaslavsky, SIAM J. Sci. Comput. 31, 3760 (2009), for the same Stieltjes-function setting).
///
/// The basis holds the dc solution U₀ (L U₀ = b̃, C-orthogonal to each component's constants)
/// and the solutions of (L + s_j C̃)U_j = b̃ at real poles s_j > 0, each from one sparse Cholesky
/// (the symbolic analysis is shared). With Q the C̃-orthonormalised basis, the Galerkin model
/// (QᵀLQ + s)z = Qᵀb̃ has real positive eigenvalues μ_k (eigenvectors y_k), so
///
///   σ̃(s)·V = σ̃₀·V + Σ_k (c_k²/μ_k)·s/(μ_k + s) + s·K̃,   c_k = y_kᵀQᵀb̃,
///
/// a Debye sum (`DebyeModel`) that equals σ̃ and its derivative at s = 0 and at every pole
/// (a multipoint Padé-type approximant). σ̃₀·V is evaluated from U₀ in the energy form
/// Σ g̃ (ΔU₀ + e')², whose error is quadratic in U₀'s.
enum RationalKrylov {
    struct Reduction {
        /// The model from every pole, and from every other one (for the error estimate).
        let model: DebyeModel
        let coarse: DebyeModel
        let factorisations: Int
    }

    static func reduce(_ window: ACWindow, poles: [Double], ordering: CholeskyOrdering) throws(TransportError) -> Reduction {
        let m = window.nodeCount
        guard m > 0 else {
            let empty = DebyeModel(dc: 0, rates: [], weights: [], polarisation: window.polarisation,
                                   lowFrequencySlope: window.polarisation)
            return Reduction(model: empty, coarse: empty, factorisations: 0)
        }
        let b = window.drive
        let c = window.positiveCapacitances
        let laplacian = try window.laplacian()
        let components = window.components()
        var factorisations = 0
        let dc = try dcPotentials(window, laplacian: laplacian, capacitances: c, drive: b, components: components,
                                  smallestPole: poles.min() ?? 1, ordering: ordering, factorisations: &factorisations)
        var solutions: [[Double]] = []
        do {
            let factor = try CholeskyFactor(laplacian.shiftedDiagonal(by: poles[0], times: c), ordering: ordering)
            factorisations += 1
            for (j, s) in poles.enumerated() {
                if j > 0 {
                    try factor.refactorize(values: laplacian.shiftedDiagonal(by: s, times: c).values)
                    factorisations += 1
                }
                solutions.append(try factor.solve(b))
            }
        } catch {
            throw .computationFailed("ac factorisation of \(m) nodes: \(error)")
        }
        let model = try project(window, dc: dc, solutions: solutions, capacitances: c, drive: b, components: components)
        let coarse = try project(window, dc: dc, solutions: Array(solutions.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)),
                                 capacitances: c, drive: b, components: components)
        return Reduction(model: model, coarse: coarse, factorisations: factorisations)
    }

    /// U₀ with L U₀ = b̃: each component grounded at its node of largest capacitance (a grounded
    /// Laplacian is positive definite), then shifted to be C̃-orthogonal to the component's
    /// constants. Should the grounded matrix fail Cholesky (conductances spanning beyond what a
    /// double resolves), U₀ comes from L + s_d C̃ with s_d = 1e-6 of the smallest pole instead.
    private static func dcPotentials(_ window: ACWindow, laplacian: SymmetricSparseMatrix, capacitances c: [Double],
                                     drive b: [Double], components: (labels: [Int32], count: Int), smallestPole: Double,
                                     ordering: CholeskyOrdering, factorisations: inout Int) throws(TransportError) -> [Double] {
        let m = window.nodeCount
        var reference = [Int](repeating: -1, count: components.count)
        for i in 0..<m {
            let k = Int(components.labels[i])
            if reference[k] < 0 || c[i] > c[reference[k]] { reference[k] = i }
        }
        var isReference = [Bool](repeating: false, count: m)
        for r in reference { isReference[r] = true }
        var index = [Int32](repeating: -1, count: m), count = 0
        for i in 0..<m where !isReference[i] { index[i] = Int32(count); count += 1 }
        var u = [Double](repeating: 0, count: m)
        if count > 0 {
            var diagonal = [Double](repeating: 0, count: count), rhs = diagonal
            var rows: [Int32] = [], columns: [Int32] = [], values: [Double] = []
            for k in window.conductances.indices {
                let (a, bb, g) = (Int(window.first[k]), Int(window.second[k]), window.conductances[k])
                if index[a] >= 0 { diagonal[Int(index[a])] += g }
                if index[bb] >= 0 { diagonal[Int(index[bb])] += g }
                if index[a] >= 0 && index[bb] >= 0 { rows.append(index[a]); columns.append(index[bb]); values.append(-g) }
            }
            for i in 0..<m where index[i] >= 0 { rhs[Int(index[i])] = b[i] }
            do {
                let grounded = try SymmetricSparseMatrix(diagonal: diagonal, offDiagonalRows: rows, offDiagonalColumns: columns,
                                                         offDiagonalValues: values)
                let x = try CholeskyFactor(grounded, ordering: ordering).solve(rhs)
                factorisations += 1
                for i in 0..<m where index[i] >= 0 { u[i] = x[Int(index[i])] }
            } catch {
                do {
                    u = try CholeskyFactor(laplacian.shiftedDiagonal(by: 1e-6 * smallestPole, times: c), ordering: ordering).solve(b)
                    factorisations += 1
                } catch {
                    throw .computationFailed("ac dc solve of \(m) nodes: \(error)")
                }
            }
        }
        var weight = [Double](repeating: 0, count: components.count), moment = weight
        for i in 0..<m {
            let k = Int(components.labels[i])
            weight[k] += c[i]; moment[k] += c[i] * u[i]
        }
        for i in 0..<m {
            let k = Int(components.labels[i])
            u[i] -= moment[k] / weight[k]
        }
        return u
    }

    /// The Galerkin model on span{U₀, U_j}: C̃-orthonormalise (modified Gram–Schmidt, twice,
    /// keeping every vector C̃-orthogonal to each component's constants, the null space of L),
    /// project L, and diagonalise. A vector that keeps less than 1e-8 of its norm after the
    /// orthogonalisation is dropped: what is left of it is the solves' rounding, not a direction.
    private static func project(_ window: ACWindow, dc u0: [Double], solutions: [[Double]], capacitances c: [Double],
                                drive b: [Double], components: (labels: [Int32], count: Int)) throws(TransportError) -> DebyeModel {
        func dot(_ x: [Double], _ y: [Double]) -> Double {
            var sum = 0.0
            for i in x.indices { sum += c[i] * x[i] * y[i] }
            return sum
        }
        var weight = [Double](repeating: 0, count: components.count)
        for i in c.indices { weight[Int(components.labels[i])] += c[i] }
        func removeConstants(_ v: inout [Double]) {
            var moment = [Double](repeating: 0, count: components.count)
            for i in v.indices { moment[Int(components.labels[i])] += c[i] * v[i] }
            for i in v.indices { v[i] -= moment[Int(components.labels[i])] / weight[Int(components.labels[i])] }
        }
        var basis: [[Double]] = []
        for var v in [u0] + solutions {
            removeConstants(&v)
            let norm = dot(v, v).squareRoot()
            guard norm > 0 else { continue }
            for _ in 0..<2 {
                for q in basis {
                    let h = dot(q, v)
                    for i in v.indices { v[i] -= h * q[i] }
                }
                removeConstants(&v)
            }
            let kept = dot(v, v).squareRoot()
            guard kept > 1e-8 * norm else { continue }
            basis.append(v.map { $0 / kept })
        }
        let slope = dot(u0, u0) + window.polarisation
        let k = basis.count
        guard k > 0 else {
            // No drive reaches the basis (b̃ = 0, e.g. a uniform network): u = 0 at every s.
            return DebyeModel(dc: window.dissipation(u0), rates: [], weights: [], polarisation: window.polarisation,
                              lowFrequencySlope: slope)
        }
        let images = basis.map { window.laplacian(times: $0) }
        var reduced = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for bIndex in 0...a {
                var sum = 0.0
                for i in basis[a].indices { sum += basis[a][i] * images[bIndex][i] }
                reduced[bIndex * k + a] = sum
                reduced[a * k + bIndex] = sum
            }
        }
        let projectedDrive = basis.map { q in zip(q, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let eigen: (values: [Double], vectors: [Double])
        do {
            eigen = try DenseSymmetricEigen.decompose(matrix: reduced, dimension: k)
        } catch {
            throw .computationFailed("ac projected eigenproblem (\(k)×\(k)): \(error)")
        }
        var rates: [Double] = [], weights: [Double] = []
        for j in 0..<k where eigen.values[j] > 0 {
            var ck = 0.0
            for i in 0..<k { ck += eigen.vectors[j * k + i] * projectedDrive[i] }
            rates.append(eigen.values[j])
            weights.append(ck * ck / eigen.values[j])
        }
        return DebyeModel(dc: window.dissipation(u0), rates: rates, weights: weights, polarisation: window.polarisation,
                          lowFrequencySlope: slope)
    }

    /// σ̃₀·V and s̃₁·V of a windowed network alone (no poles): U₀ and its energies.
    static func dcModel(_ window: ACWindow, ordering: CholeskyOrdering) throws(TransportError) -> DebyeModel {
        guard window.nodeCount > 0 else {
            return DebyeModel(dc: 0, rates: [], weights: [], polarisation: window.polarisation, lowFrequencySlope: window.polarisation)
        }
        let c = window.positiveCapacitances
        let b = window.drive
        let laplacian = try window.laplacian()
        var factorisations = 0
        let u0 = try dcPotentials(window, laplacian: laplacian, capacitances: c, drive: b, components: window.components(),
                                  smallestPole: 1, ordering: ordering, factorisations: &factorisations)
        var slope = window.polarisation
        for i in u0.indices { slope += c[i] * u0[i] * u0[i] }
        return DebyeModel(dc: window.dissipation(u0), rates: [], weights: [], polarisation: window.polarisation,
                          lowFrequencySlope: slope)
    }
}

extension SymmetricSparseMatrix {
    /// The matrix plus s·diag(c), for a matrix whose columns each start with their diagonal entry.
    func shiftedDiagonal(by s: Double, times c: [Double]) -> SymmetricSparseMatrix {
        var copy = self
        for j in 0..<dimension { copy.values[columnPointers[j]] += s * c[j] }
        return copy
    }
}

extension ACWindow {
    /// C̃ > 0 for the C-inner product: a super-node whose capacitance underflowed to 0 relaxes
    /// instantly at every frequency; a floor far below every other scale keeps it so.
    var positiveCapacitances: [Double] { capacitances.map { max($0, 0x1p-900) } }

    /// The window's conductance Laplacian L (no capacitances).
    func laplacian() throws(TransportError) -> SymmetricSparseMatrix {
        var diagonal = [Double](repeating: 0, count: nodeCount)
        for k in conductances.indices {
            diagonal[Int(first[k])] += conductances[k]
            diagonal[Int(second[k])] += conductances[k]
        }
        do {
            return try SymmetricSparseMatrix(diagonal: diagonal, offDiagonalRows: first, offDiagonalColumns: second,
                                             offDiagonalValues: conductances.map { -$0 })
        } catch {
            throw .computationFailed("ac network assembly: \(error)")
        }
    }
}
