import Foundation

/// The periodic network seen through a conductance window (docs/model.md §14, "Windows"), in
/// scaled units: conductances in units of g_s, capacitances in units of C_s, so that the
/// scaled Laplace variable is s̃ = s·C_s/g_s.
///
/// - Links stronger than `logUpper` are shorts at every frequency the window serves: their ends
///   are merged into super-nodes. A short across a +x step fixes the potentials of its ends to
///   differ by that step, so member i of super-node S has u_i = U_S + p_i with a fixed offset
///   p_i, chosen so that Σ_{i∈S} C_i p_i = 0. Then S is one node of capacitance C_S = Σ C_i, and its
///   members' fixed offsets add the constant K_S = Σ_{i∈S} C_i p_i² to the capacitive energy (the
///   polarisation of a conducting cluster across the field).
/// - Links weaker than `logLower` carry negligible current at every frequency served: dropped.
/// - A kept link between super-nodes S and T has the drive e' = e + p_i − p_j: its potential drop
///   is U_S − U_T + e'. Links inside one super-node carry nothing (their drive is 0 exactly, since
///   no chain of shorts winds around the sample: each would need links above the bottleneck).
/// - Super-nodes left without links keep U_S = 0 and contribute K_S only; they are not solved for.
///
/// The reduced problem: (L + s̃ C̃) U = b̃, b̃_S = Σ_links ∓ g̃ e', and
/// σ̃·V = Σ_links g̃ (U_S − U_T + e')² + s̃ (Σ_S C̃_S U_S² + K̃).
struct ACWindow {
    /// Super-nodes solved for: their capacitances (scaled).
    let capacitances: [Double]
    /// Kept links between them: ends, scaled conductance, drive e'.
    let first: [Int32]
    let second: [Int32]
    let conductances: [Double]
    let drives: [Double]
    /// K̃ = Σ_S K_S over all super-nodes (scaled).
    let polarisation: Double
    /// Nodes of the network merged into super-nodes and links dropped, for records.
    let contractedLinks: Int
    let droppedLinks: Int

    var nodeCount: Int { capacitances.count }

    init(_ network: PeriodicNetwork, logConductanceScale logGs: Double, logCapacitanceScale logCs: Double,
         logUpper: Double, logLower: Double) {
        let n = network.nodeCount
        var parent = [Int32](repeating: -1, count: n)
        var offset = [Double](repeating: 0, count: n)   // x-offset relative to the parent
        func find(_ i: Int) -> (Int, Double) {
            var x = i, total = 0.0
            while parent[x] >= 0 { total += offset[x]; x = Int(parent[x]) }
            var y = i, remaining = total
            while parent[y] >= 0 {
                let next = Int(parent[y]), step = offset[y]
                parent[y] = Int32(x); offset[y] = remaining
                remaining -= step
                y = next
            }
            return (x, total)
        }
        var contracted = 0
        for k in 0..<network.linkCount where network.logConductances[k] > logUpper {
            let i = Int(network.firstNode[k]), j = Int(network.secondNode[k])
            let (ri, oi) = find(i), (rj, oj) = find(j)
            guard ri != rj else { continue }
            // u_j = u_i + e across a short (ψ_i = ψ_j), so p_j − p_i = e.
            parent[rj] = Int32(ri)
            offset[rj] = oi + (network.alongX[k] ? 1 : 0) - oj
            contracted += 1
        }
        // Members: root, offset, scaled capacitance.
        var root = [Int](repeating: 0, count: n), p = [Double](repeating: 0, count: n)
        var c = [Double](repeating: 0, count: n)
        var total = [Double](repeating: 0, count: n), moment = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let (r, o) = find(i)
            root[i] = r; p[i] = o
            c[i] = exp(network.logCapacitances[i] - logCs)
            total[r] += c[i]; moment[r] += c[i] * o
        }
        var polarisation = 0.0
        for i in 0..<n {
            let r = root[i]
            p[i] -= total[r] > 0 ? moment[r] / total[r] : 0
            polarisation += c[i] * p[i] * p[i]
        }
        // Kept links between different super-nodes; super-nodes with links get an index.
        var index = [Int32](repeating: -1, count: n)
        var caps: [Double] = []
        var first: [Int32] = [], second: [Int32] = [], g: [Double] = [], drive: [Double] = []
        var dropped = 0
        func node(_ r: Int) -> Int32 {
            if index[r] < 0 { index[r] = Int32(caps.count); caps.append(total[r]) }
            return index[r]
        }
        for k in 0..<network.linkCount {
            let logG = network.logConductances[k]
            if logG < logLower { dropped += 1; continue }
            let i = Int(network.firstNode[k]), j = Int(network.secondNode[k])
            let (ri, rj) = (root[i], root[j])
            guard ri != rj else { continue }
            first.append(node(ri)); second.append(node(rj))
            g.append(exp(logG - logGs))
            drive.append((network.alongX[k] ? 1 : 0) + p[i] - p[j])
        }
        capacitances = caps
        self.first = first
        self.second = second
        conductances = g
        drives = drive
        self.polarisation = polarisation
        contractedLinks = contracted
        droppedLinks = dropped
    }

    /// b̃ of (L + s̃C̃)U = b̃.
    var drive: [Double] {
        var b = [Double](repeating: 0, count: nodeCount)
        for k in conductances.indices {
            let ge = conductances[k] * drives[k]
            b[Int(first[k])] -= ge
            b[Int(second[k])] += ge
        }
        return b
    }

    /// Σ_links g̃ (U_S − U_T + e')², the dissipated part of σ̃·V for potentials `u`.
    func dissipation(_ u: [Double]) -> Double {
        var sum = 0.0
        for k in conductances.indices {
            let d = u[Int(first[k])] - u[Int(second[k])] + drives[k]
            sum += conductances[k] * d * d
        }
        return sum
    }

    /// L·x (the scaled Laplacian of the kept links).
    func laplacian(times x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: nodeCount)
        for k in conductances.indices {
            let (a, b) = (Int(first[k]), Int(second[k]))
            let current = conductances[k] * (x[a] - x[b])
            y[a] += current
            y[b] -= current
        }
        return y
    }

    /// Connected components of the kept links (component index per super-node).
    func components() -> (labels: [Int32], count: Int) {
        var parent = Array(0..<nodeCount)
        func find(_ i: Int) -> Int {
            var x = i
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for k in conductances.indices {
            let a = find(Int(first[k])), b = find(Int(second[k]))
            if a != b { parent[b] = a }
        }
        var label = [Int32](repeating: -1, count: nodeCount), count = 0
        var labels = [Int32](repeating: 0, count: nodeCount)
        for i in 0..<nodeCount {
            let r = find(i)
            if label[r] < 0 { label[r] = Int32(count); count += 1 }
            labels[i] = label[r]
        }
        return (labels, count)
    }
}
